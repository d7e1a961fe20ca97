import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { KohomaiClient } from '../transport';

const SHOWN = 50;
// The editor waits on this call: scan at most this many pages of end users.
const MAX_PAGES = 5;

/** End users for the "From list" mode, searched by what the user types. */
export async function searchUsers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await KohomaiClient.create(this);
	const text = (filter ?? '').trim();
	// The API's filters are undocumented: an email-looking text goes to the
	// email filter, anything else is matched here on name and email.
	const qs = text.includes('@') ? { email: text } : {};
	const wanted = text.toLowerCase();
	const users = await client.list({
		path: '/users',
		qs,
		limit: SHOWN,
		maxPages: MAX_PAGES,
		keep: (u) => wanted === '' || label(u).toLowerCase().includes(wanted),
	});
	return {
		results: users.map((u) => ({
			name: label(u),
			value: String(u.Id ?? u.id ?? ''),
			url: `https://app.kohomai.com/p/settings/users/${String(u.Id ?? u.id ?? '')}`,
		})),
	};
}

function label(user: IDataObject): string {
	const name = [user.Firstname, user.Lastname].filter((v) => typeof v === 'string' && v).join(' ');
	const email = (user.ContactPrefs as IDataObject | undefined)?.Email;
	return [name, typeof email === 'string' ? `<${email}>` : ''].filter(Boolean).join(' ') || String(user.Id ?? '');
}
