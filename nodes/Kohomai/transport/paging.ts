import type { IDataObject } from 'n8n-workflow';

import type { ListPage } from '../mapping/lists';
import { PAGE_SIZE, isLastPage, pageQuery, readListPage } from '../mapping/lists';

export interface ListRequest {
	path: string;
	qs?: IDataObject;
	itemIndex?: number;
	/** Max results; undefined returns all. */
	limit?: number;
	/** Client-side check for results the API's search may return too loosely. */
	keep?: (item: IDataObject) => boolean;
	/** Stop after this many pages, for interactive lookups that must answer quickly. */
	maxPages?: number;
}

/** Why a walk stopped before the list said it had ended. */
export type Incomplete = 'samePageTwice' | 'offsetIgnored';

export interface Walk {
	items: IDataObject[];
	/** Set when the API seems to ignore `offset`: the list may have more. */
	incomplete?: Incomplete;
}

/**
 * The one walk over a paged list: asks page after page (offset/limit) until
 * `limit` results are kept or the list ends. An API that ignores `offset`
 * (the same page twice, or an answer starting elsewhere than asked) ends the
 * walk instead of looping or returning duplicates, and the walk says so.
 * `fetch` returns the parsed body of one page, or throws; `unreadable` builds
 * the error for a body that is not a list.
 */
export async function walkPages(
	req: ListRequest,
	fetch: (qs: IDataObject) => Promise<unknown>,
	unreadable: (body: unknown) => Error,
): Promise<Walk> {
	const items: IDataObject[] = [];
	let offset = 0;
	let previousFirst: string | undefined;
	for (let pages = 1; ; pages++) {
		const wanted = req.limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, req.limit - items.length);
		const asked = req.keep ? PAGE_SIZE : Math.max(wanted, 1);
		const body = await fetch({ ...req.qs, ...pageQuery(offset, asked) } as IDataObject);
		const page: ListPage | undefined = readListPage(body);
		if (!page) throw unreadable(body);
		if (offset > 0 && page.offset !== undefined && page.offset !== offset && page.items.length > 0) {
			return { items, incomplete: 'offsetIgnored' };
		}
		const first = page.items.length ? JSON.stringify(page.items[0]) : undefined;
		if (offset > 0 && first !== undefined && first === previousFirst) return { items, incomplete: 'samePageTwice' };
		previousFirst = first;
		for (const item of page.items as IDataObject[]) {
			if (req.keep && !req.keep(item)) continue;
			items.push(item);
			if (req.limit !== undefined && items.length >= req.limit) return { items };
		}
		offset += page.items.length;
		if (isLastPage(page, offset) || pages === req.maxPages) return { items };
	}
}
