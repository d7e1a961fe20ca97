import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { BackOfficeKind } from '../mapping/backOfficeUrls';
import { backOfficeUrl } from '../mapping/backOfficeUrls';
import type { KohomaiRecord } from '../mapping/records';
import { labelMatches, recordId, recordLabel } from '../mapping/records';
import { KohomaiClient } from '../transport';

const SHOWN = 50;
// The editor waits on these calls: scan at most this many pages.
const MAX_PAGES = 5;

/** End users for the "From list" mode, searched by what the user types. */
export async function searchUsers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const text = (filter ?? '').trim();
	// The API's filters are undocumented: an email-looking text goes to the
	// email filter, anything else is matched here on name and email.
	return await search(this, 'user', '/users', text.includes('@') ? { email: text } : {}, text);
}

/** Journeys (GET /journeys, FOS 2023-06-27) for the "From list" mode, matched on person, workflow, status or id. */
export async function searchJourneys(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await search(this, 'journey', '/journeys', {}, (filter ?? '').trim());
}

/** Workflows (GET /workflows, later GET /funnels) for the "From list" mode, matched on name or id. */
export async function searchWorkflows(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await search(this, 'workflow', '/workflows', {}, (filter ?? '').trim());
}

async function search(
	ctx: ILoadOptionsFunctions,
	kind: BackOfficeKind,
	path: string,
	qs: Record<string, string>,
	typed: string,
): Promise<INodeListSearchResult> {
	const client = await KohomaiClient.create(ctx);
	const records = await client.list({
		path,
		qs,
		limit: SHOWN,
		maxPages: MAX_PAGES,
		keep: (r) => labelMatches(kind, r, typed),
	});
	return {
		results: records.map((r: KohomaiRecord) => ({
			name: recordLabel(kind, r),
			value: recordId(r),
			// Links point at the back-office of the credential's host (app.kohomai.com, app.hyperaktiv.ai or another).
			url: backOfficeUrl(kind, client.baseUrl, recordId(r)),
		})),
	};
}
