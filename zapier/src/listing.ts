import type { Bundle, ZObject } from 'zapier-platform-core';

import type { JsonRecord } from '../../nodes/Kohomai/mapping/lists';
import { PAGE_SIZE, isLastPage, pageQuery, readListPage } from '../../nodes/Kohomai/mapping/lists';
import type { Deadline } from './http';
import { callKohomai } from './http';

/** Polling triggers and searches read at most this many records, so one poll stays within Zapier's time limit. */
export const MAX_RECORDS = 1000;

/**
 * Every record of a Kohomai list (up to `max`), page by page with the paging
 * and envelopes the shared mapping assumes (lists.ts). `keep` filters each
 * page as it arrives. Throws z.errors.Error when an answer is not a list.
 */
export async function readList(
	z: ZObject,
	bundle: Bundle,
	path: string,
	filters: Record<string, string | undefined>,
	deadline: Deadline,
	keep: (record: JsonRecord) => boolean = () => true,
	max = MAX_RECORDS,
): Promise<JsonRecord[]> {
	const kept: JsonRecord[] = [];
	let seen = 0;
	let previousFirst: string | undefined;
	while (seen < max) {
		const { body } = await callKohomai(z, bundle, {
			method: 'GET',
			path,
			query: { ...filters, ...pageQuery(seen, PAGE_SIZE) } as Record<string, string | number | undefined>,
			deadline,
		});
		const page = readListPage(body);
		if (!page)
			throw new z.errors.Error(
				`Kohomai answered ${path} with something other than a list. Check that the Base URL of the Kohomai connection ends with /api/v1.`,
				'KohomaiUnreadable',
			);
		// An API that ignores paging sends the same first record again: stop rather than loop.
		const first = page.items.length ? JSON.stringify(page.items[0]) : undefined;
		if (seen > 0 && first !== undefined && first === previousFirst) break;
		previousFirst = first;
		seen += page.items.length;
		kept.push(...page.items.filter(keep));
		if (isLastPage(page, seen)) break;
	}
	return kept;
}

/** Newest first, as Zapier expects of a polling trigger: by createdDate, then by id length and digits (ids are exact strings). */
export function newestFirst<T extends JsonRecord>(records: T[]): T[] {
	const time = (r: JsonRecord) => {
		const t = typeof r.createdDate === 'string' ? Date.parse(r.createdDate) : NaN;
		return Number.isNaN(t) ? -Infinity : t;
	};
	const id = (r: JsonRecord) => String(r.Id ?? '');
	return [...records].sort(
		(a, b) => time(b) - time(a) || id(b).length - id(a).length || (id(b) > id(a) ? 1 : id(b) < id(a) ? -1 : 0),
	);
}
