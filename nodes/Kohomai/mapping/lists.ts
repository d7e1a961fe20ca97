/**
 * ASSUMPTION (undocumented API): how Kohomai pages its lists. No public version
 * of the docs gives a list shape, a filter or paging (PUBLIC-DOCS-FACTS §1.3,
 * §4.2). This file is the one place to change when the real shape is known;
 * the walk over pages lives in the transport (transport/paging.ts).
 * - Request: `offset` (0-based) and `limit` query parameters.
 * - Response: a bare array, or an object holding the array under one of
 *   ENVELOPE_KEYS, optionally with a total, an offset or a has-more flag.
 *   Kohomai names fields in PascalCase (`Id`, `Firstname`), so every key is
 *   matched ignoring case and `_`/`-`: `Data`, `data`, `Items`, `total_count`,
 *   `TotalCount`, `HasMore` all count.
 */
export const PAGE_SIZE = 100;

/** A JSON object as parsed by the lossless parser. */
export type JsonRecord = Record<string, unknown>;

const ENVELOPE_KEYS = [
	'data',
	'items',
	'results',
	'records',
	'value',
	'values',
	'list',
	'rows',
	'entries',
	'workflows',
	'funnels',
	'users',
	'journeys',
];
const TOTAL_KEYS = ['total', 'totalcount', 'totalitems', 'totalrecords', 'totalresults', 'recordstotal'];
// `Count` may be the size of the page or of the whole list: it is taken as a
// total only when it exceeds the page, so it can never end a walk early.
const COUNT_KEYS = ['count', 'itemcount'];
const OFFSET_KEYS = ['offset', 'skip', 'start'];
const HAS_MORE_KEYS = ['hasmore', 'hasnext', 'hasnextpage', 'more'];
/** Arrays an error answer may carry; never read as the list. */
const NOT_A_LIST = ['errors', 'error', 'messages', 'warnings'];

/**
 * The list paths of one kind of record, in the order they are tried: a path
 * that answers 404 gives way to the next one. The docs call workflows
 * `GET /workflows` until SDK-B (30 May 2023) and `GET /funnels` from LR-1
 * (27 June 2023) on (PUBLIC-DOCS-FACTS §1.3).
 */
export const LIST_PATH_FALLBACKS: Readonly<Record<string, readonly string[]>> = {
	'/workflows': ['/workflows', '/funnels'],
};

export interface ListPage {
	items: JsonRecord[];
	total?: number;
	/** The offset the answer says it starts at, when it says one. */
	offset?: number;
	hasMore?: boolean;
}

export function pageQuery(offset: number, limit: number): JsonRecord {
	return { offset, limit };
}

const norm = (key: string): string => key.toLowerCase().replace(/[_-]/g, '');

/** The value under the first key whose normalised name is in `names`. */
function pick(envelope: JsonRecord, names: readonly string[], test: (v: unknown) => boolean): unknown {
	for (const name of names) {
		for (const [key, value] of Object.entries(envelope)) if (norm(key) === name && test(value)) return value;
	}
	return undefined;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** Numbers in an envelope may come as text (and, from the lossless parser, big ones always do). */
function asCount(v: unknown): number | undefined {
	if (isNumber(v)) return v;
	if (typeof v === 'string' && /^\d{1,15}$/.test(v.trim())) return Number(v.trim());
	return undefined;
}
const isCount = (v: unknown) => asCount(v) !== undefined;

/** Undefined when the body is not a recognisable list. */
export function readListPage(body: unknown): ListPage | undefined {
	if (Array.isArray(body)) return { items: body as JsonRecord[] };
	if (body === null || typeof body !== 'object') return undefined;
	const envelope = body as JsonRecord;
	let items = pick(envelope, ENVELOPE_KEYS, Array.isArray) as JsonRecord[] | undefined;
	if (items === undefined) {
		// One array of records under a name not listed above is still the list.
		const arrays = Object.entries(envelope).filter(([k, v]) => Array.isArray(v) && !NOT_A_LIST.includes(norm(k)));
		if (arrays.length === 1 && (arrays[0][1] as unknown[]).every((x) => x !== null && typeof x === 'object')) {
			items = arrays[0][1] as JsonRecord[];
		}
	}
	if (items === undefined) return undefined;
	const total = asCount(pick(envelope, TOTAL_KEYS, isCount));
	const count = asCount(pick(envelope, COUNT_KEYS, isCount));
	const hasMore = pick(envelope, HAS_MORE_KEYS, (v) => typeof v === 'boolean') as boolean | undefined;
	return {
		items,
		total: total ?? (count !== undefined && count > items.length ? count : undefined),
		offset: asCount(pick(envelope, OFFSET_KEYS, isCount)),
		hasMore,
	};
}

/**
 * What an unreadable answer looked like, for the error message: its type, or
 * the names of its keys (names only, never values; at most ten).
 */
export function describeShape(body: unknown): string {
	if (body === null || body === undefined) return 'nothing';
	if (typeof body !== 'object') return `a ${typeof body}`;
	const keys = Object.keys(body as JsonRecord);
	if (keys.length === 0) return 'an empty object';
	const shown = keys.slice(0, 10).map((k) => (k.length > 40 ? `${k.slice(0, 40)}…` : k));
	return `an object with the keys ${shown.join(', ')}${keys.length > 10 ? `, and ${keys.length - 10} more` : ''}`;
}

/**
 * The list ends when the total or a false has-more flag says so, or on an
 * empty page. A page shorter than asked is not taken as the end: APIs cap the
 * page size below what a client asks.
 */
export function isLastPage(page: ListPage, seenSoFar: number): boolean {
	if (page.items.length === 0 || page.hasMore === false) return true;
	return page.total !== undefined && seenSoFar >= page.total;
}
