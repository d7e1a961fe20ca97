import { InputError, positiveId, shown } from './validate';

/**
 * Back-office pages whose address carries an id (PUBLIC-DOCS-FACTS §3.2):
 * a user `/p/settings/users/<id>` (SDK-A/B/C, 2023), a journey
 * `/p/journeys/<id>` (FOS, 2023-06-27), a workflow `/p/funnels/edit/<id>`
 * (from 2023-05-15) or `/p/workflows/edit/<id>` (SDK-A, April 2023).
 * The host may be app.kohomai.com, app.hyperaktiv.ai (from 2024-04-01) or a
 * customer's own, so any host is accepted.
 */
export type BackOfficeKind = 'user' | 'journey' | 'workflow';

const PATHS: Record<BackOfficeKind, string[][]> = {
	user: [['p', 'settings', 'users']],
	journey: [['p', 'journeys']],
	workflow: [
		['p', 'funnels', 'edit'],
		['p', 'workflows', 'edit'],
	],
};

const EXAMPLE: Record<BackOfficeKind, string> = {
	user: 'https://app.kohomai.com/p/settings/users/74590868830731162',
	journey: 'https://app.kohomai.com/p/journeys/123456',
	workflow: 'https://app.kohomai.com/p/funnels/edit/123456',
};

/** A scheme written before `//` (`https://`, `ftp://`): without one, the text starts at the host. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The address as the browser's address bar would read it: copied from the
 * address bar, it often lacks its scheme (`app.hyperaktiv.ai/p/...`, or
 * `//app...`), which is then https. Undefined when it is not an http(s)
 * address with a host.
 */
function asWebAddress(text: string): URL | undefined {
	const full = SCHEME.test(text) ? text : text.startsWith('//') ? `https:${text}` : `https://${text}`;
	let url: URL;
	try {
		url = new URL(full);
	} catch {
		return undefined;
	}
	// The scheme check refuses forms that URL() repairs silently (http:example.com).
	if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !/^https?:\/\//i.test(full) || !url.hostname)
		return undefined;
	return url;
}

/**
 * The id in a back-office address of the given kind, as exact digits.
 * Scheme (present or not: an address copied from the address bar may lack
 * it) and host letter case do not matter; anything after the id (a trailing
 * slash, a sub-page such as `/journeys`, a query, a fragment) is ignored.
 * Throws InputError naming `field` when the address is not one.
 */
export function idFromBackOfficeUrl(field: string, kind: BackOfficeKind, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const refuse = () =>
		new InputError(
			field,
			`must be a Kohomai back-office address like ${EXAMPLE[kind]}${text ? `, not ${shown(text)}` : ''}`,
		);
	const url = /\s/.test(text) ? undefined : asWebAddress(text);
	if (!url) throw refuse();
	const segments = url.pathname.split('/').filter(Boolean);
	for (const marker of PATHS[kind]) {
		for (let at = 0; at + marker.length < segments.length; at++) {
			if (marker.every((m, k) => segments[at + k].toLowerCase() === m)) {
				const id = segments[at + marker.length];
				if (/^\d+$/.test(id)) return positiveId(field, id);
			}
		}
	}
	throw refuse();
}

/** The back-office page of a record on the host of `baseUrl` (the API's Base URL), for links in list results. */
export function backOfficeUrl(kind: BackOfficeKind, baseUrl: string, id: string): string {
	let origin = 'https://app.kohomai.com';
	try {
		origin = new URL(baseUrl).origin;
	} catch {
		// keep the documented default host
	}
	const path = kind === 'workflow' ? 'p/funnels/edit' : PATHS[kind][0].join('/');
	return `${origin}/${path}/${id}`;
}

/**
 * The id from an n8n-style resource locator value or a plain value:
 * `{ mode: 'url', value }` goes through {@link idFromBackOfficeUrl}; any
 * other mode (or a bare value) must be an id. Throws InputError.
 */
export function idFromLocator(field: string, kind: BackOfficeKind, locator: unknown): string {
	// A locator whose value is missing (an AI tool call that left it out) is still a locator: its id "is required".
	const isLocator =
		locator !== null &&
		typeof locator === 'object' &&
		!Array.isArray(locator) &&
		('value' in locator || 'mode' in locator);
	const { mode, value } = isLocator ? (locator as { mode?: string; value?: unknown }) : { mode: 'id', value: locator };
	if (mode === 'url' || looksLikeBackOfficeUrl(kind, value)) return idFromBackOfficeUrl(field, kind, value);
	return positiveId(field, value);
}

/**
 * Whether a value given as an id is in fact a back-office address of this
 * kind (pasted into By ID, or into a Zapier field that takes either), with
 * or without its scheme: then its id is read from it rather than refused.
 */
export function looksLikeBackOfficeUrl(kind: BackOfficeKind, value: unknown): boolean {
	if (typeof value !== 'string' || !value.includes('/')) return false;
	const url = asWebAddress(value.trim());
	if (!url) return false;
	const path = `${url.pathname.toLowerCase()}/`;
	return PATHS[kind].some((marker) => path.includes(`/${marker.join('/')}/`));
}
