/**
 * ASSUMPTION (undocumented API): how Kohomai pages its lists. This file is the
 * one place to change when the real shape is known.
 * - Request: `offset` (0-based) and `limit` query parameters.
 * - Response: a bare array, or an object holding the array under one of
 *   ENVELOPE_KEYS, optionally with a total (TOTAL_KEYS) or a has-more flag.
 * - The list ends when the total or a false has-more flag says so, on an empty
 *   page, or when a page repeats the previous one (an API that ignores paging
 *   must not loop forever or return duplicates). A page shorter than asked is
 *   not taken as the end: APIs cap the page size below what a client asks.
 */
export const PAGE_SIZE = 100;

/** A JSON object as parsed by the lossless parser. */
export type JsonRecord = Record<string, unknown>;

const ENVELOPE_KEYS = ['data', 'items', 'results', 'records', 'value', 'workflows', 'users'];
const TOTAL_KEYS = ['total', 'totalCount', 'total_count', 'count'];
const HAS_MORE_KEYS = ['hasMore', 'has_more'];

export interface ListPage {
	items: JsonRecord[];
	total?: number;
	hasMore?: boolean;
}

export function pageQuery(offset: number, limit: number): JsonRecord {
	return { offset, limit };
}

/** Undefined when the body is not a recognisable list. */
export function readListPage(body: unknown): ListPage | undefined {
	if (Array.isArray(body)) return { items: body as JsonRecord[] };
	if (body === null || typeof body !== 'object') return undefined;
	const envelope = body as JsonRecord;
	const key = ENVELOPE_KEYS.find((k) => Array.isArray(envelope[k]));
	if (key === undefined) return undefined;
	const total = TOTAL_KEYS.map((k) => envelope[k]).find((v) => typeof v === 'number');
	const hasMore = HAS_MORE_KEYS.map((k) => envelope[k]).find((v) => typeof v === 'boolean');
	return { items: envelope[key] as JsonRecord[], total: total as number | undefined, hasMore: hasMore as boolean | undefined };
}

export function isLastPage(page: ListPage, seenSoFar: number): boolean {
	if (page.items.length === 0 || page.hasMore === false) return true;
	return page.total !== undefined && seenSoFar >= page.total;
}
