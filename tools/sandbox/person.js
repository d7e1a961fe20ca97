// @ts-check
'use strict';

/**
 * A scripted person: opens a ConnectionURL, completes the journey with the
 * page's "complete" form and follows the redirects wherever they lead (the
 * RedirectURL, an n8n resume URL, the final page). Uses Node's fetch with
 * redirect: 'manual' so that every hop is seen.
 *
 * @typedef {{ method: string, url: string, status: number, location: string | null }} Hop
 * @typedef {{ hops: Hop[], journeyId: string | null, finalUrl: string, finalStatus: number, finalBody: string }} PersonResult
 */

const FORM_RE = /<form[^>]*\bid="complete"[^>]*\baction="([^"]+)"[^>]*>[\s\S]*?name="token" value="([^"]+)"/;
const JOURNEY_ID_RE = /<span id="journey-id">(\d+)<\/span>/;

/**
 * @param {Hop[]} hops @param {string} method @param {string} url @param {RequestInit} [init]
 * @returns {Promise<{ res: Response, body: string }>}
 */
async function hop(hops, method, url, init = {}) {
	const res = await fetch(url, { ...init, method, redirect: 'manual' });
	const body = await res.text();
	hops.push({ method, url, status: res.status, location: res.headers.get('location') });
	return { res, body };
}

/**
 * Opens the link (GET), submits the complete form (POST), then follows every
 * 3xx with GET, as a browser does after a 303, up to `maxRedirects`.
 * @param {string} connectionUrl the ConnectionURL (a secret: it is not logged here)
 * @param {{ maxRedirects?: number }} [options]
 * @returns {Promise<PersonResult>}
 * @throws {Error} when the link does not open (e.g. 410 on second use) or the page has no complete form
 */
async function completeJourney(connectionUrl, options = {}) {
	const maxRedirects = options.maxRedirects ?? 10;
	/** @type {Hop[]} */
	const hops = [];
	const opened = await hop(hops, 'GET', connectionUrl);
	if (opened.res.status !== 200) throw new Error(`the journey link answered ${opened.res.status}, not 200`);
	const form = FORM_RE.exec(opened.body);
	if (!form) throw new Error('the journey page has no "complete" form (is every activity already done?)');
	const journeyId = JOURNEY_ID_RE.exec(opened.body)?.[1] ?? null;
	let current = await hop(hops, 'POST', new URL(form[1], connectionUrl).href, {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ token: form[2] }).toString(),
	});
	let url = hops[hops.length - 1].url;
	for (let i = 0; current.res.status >= 300 && current.res.status < 400; i++) {
		const location = current.res.headers.get('location');
		if (!location) break;
		if (i >= maxRedirects) throw new Error(`more than ${maxRedirects} redirects`);
		url = new URL(location, url).href;
		current = await hop(hops, 'GET', url);
	}
	return { hops, journeyId, finalUrl: url, finalStatus: current.res.status, finalBody: current.body };
}

module.exports = { completeJourney };
