// Types for the scripted person (sandbox/person.js).

export interface PersonHop {
	method: 'GET' | 'POST' | string;
	url: string;
	status: number;
	/** the Location header of a 3xx, else null */
	location: string | null;
}

export interface PersonResult {
	/** every request in order: the link (GET), the complete form (POST), then each redirect (GET) */
	hops: PersonHop[];
	/** the journey the page showed, as digits */
	journeyId: string | null;
	finalUrl: string;
	finalStatus: number;
	finalBody: string;
}

/**
 * Opens a ConnectionURL, submits the page's "complete" form and follows the
 * redirects (up to maxRedirects, default 10). Throws when the link does not
 * answer 200 (e.g. 410 on a second use) or the page has no complete form.
 */
export function completeJourney(connectionUrl: string, options?: { maxRedirects?: number }): Promise<PersonResult>;
