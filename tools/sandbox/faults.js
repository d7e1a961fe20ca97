// @ts-check
'use strict';

/**
 * @typedef {{ kind: string, times?: number, method?: string, path?: string, location?: string, body?: string }} FaultSpec
 * @typedef {{ kind: string, remaining: number, method: string | null, path: string | null, location: string | null, body: string | null }} QueuedFault
 */

/** Realistic bodies for 'status:<code>' faults. */
const STATUS_MESSAGES = /** @type {const} */ ({
	400: 'Bad request',
	401: 'Invalid or missing API key',
	403: 'This key can only register journeys for its workflow',
	404: 'Not found',
	409: 'An end user with this email already exists',
	422: 'The request is invalid',
	500: 'Internal server error',
	502: 'Bad gateway',
	503: 'Service temporarily unavailable',
	504: 'Gateway timeout',
});

// Faults in this set answer before the operation runs, so the request has no
// effect; every other kind lets the operation happen and then mangles the
// response, which is what makes blind POST retries create duplicates.
// 'json-200' (and 'json:<status>') answer the fault's own `body` instead of the route (a recorded answer).
const NO_EFFECT_KINDS = new Set(['429', '429-date', '429-none', 'html-502', 'reset-before-read', 'json-200']);
const AFTER_EFFECT_KINDS = new Set(['reset-after-read', 'malformed-json', 'html-200', 'empty-200']);
// Redirects: a moved API (301/302/307/308) answers before doing anything; a
// 303 "See Other" answers after the work, pointing at its result.
const REDIRECT_KINDS = new Set(['redirect:301', 'redirect:302', 'redirect:307', 'redirect:308', 'redirect:303']);

/** @param {string} kind */
function isValidKind(kind) {
	if (NO_EFFECT_KINDS.has(kind) || AFTER_EFFECT_KINDS.has(kind) || REDIRECT_KINDS.has(kind)) return true;
	if (/^json:[1-5]\d\d$/.test(kind)) return true;
	// '429:<seconds>': a 429 with that Retry-After (e.g. a long wait to stop in the middle of).
	if (/^429:\d{1,5}$/.test(kind)) return true;
	const status = /^status:(\d{3})$/.exec(kind);
	if (status) return Object.prototype.hasOwnProperty.call(STATUS_MESSAGES, status[1]);
	return /^slow:\d+$/.test(kind);
}

/** @param {string} kind */
function hasEffect(kind) {
	if (kind.startsWith('redirect:')) return kind === 'redirect:303';
	if (kind.startsWith('json:')) return false;
	if (kind.startsWith('429:')) return false;
	return !(NO_EFFECT_KINDS.has(kind) || kind.startsWith('status:'));
}

/**
 * Accepts '/journeys' as well as '/api/v1/journeys' so callers need not know
 * where the API is mounted.
 * @param {string} path
 */
function normalisePath(path) {
	let p = path.startsWith('/') ? path : `/${path}`;
	if (p.startsWith('/api/v1/') || p === '/api/v1') p = p.slice('/api/v1'.length) || '/';
	if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
	return p;
}

function createFaultQueue() {
	/** @type {QueuedFault[]} */
	const queue = [];

	/** @param {FaultSpec} spec */
	function add(spec) {
		if (!spec || typeof spec.kind !== 'string' || !isValidKind(spec.kind)) {
			throw new TypeError(`Unknown fault kind: ${spec && spec.kind}`);
		}
		const times = spec.times ?? 1;
		if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
			throw new TypeError('fault times must be a positive integer (or Infinity)');
		}
		queue.push({
			kind: spec.kind,
			remaining: times,
			method: spec.method ? spec.method.toUpperCase() : null,
			path: spec.path ? normalisePath(spec.path) : null,
			location: typeof spec.location === 'string' ? spec.location : null,
			body: typeof spec.body === 'string' ? spec.body : null,
		});
	}

	/**
	 * Consumes one use of the first queued fault matching this API request.
	 * @param {string} method
	 * @param {string} apiPath path below /api/v1, e.g. '/journeys'
	 * @returns {string | null} the fault kind applied
	 */
	function take(method, apiPath) {
		return takeFault(method, apiPath)?.kind ?? null;
	}

	/**
	 * Like take, with the fault's options (a redirect's Location, a recorded body).
	 * @param {string} method @param {string} apiPath
	 * @returns {{ kind: string, location: string | null, body: string | null } | null}
	 */
	function takeFault(method, apiPath) {
		const i = queue.findIndex(
			(f) => (f.method === null || f.method === method.toUpperCase()) && (f.path === null || f.path === apiPath),
		);
		if (i < 0) return null;
		const f = queue[i];
		f.remaining -= 1;
		if (f.remaining <= 0) queue.splice(i, 1);
		return { kind: f.kind, location: f.location, body: f.body };
	}

	function clear() {
		queue.length = 0;
	}

	return { add, take, takeFault, clear, pending: () => queue.map((f) => ({ ...f })) };
}

const HTML_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

const HTML_200 =
	'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Kohomai</title></head>\n' +
	'<body><h1>Oops, something went wrong</h1><p>Please try again later or contact support.</p></body></html>\n';

/**
 * Cuts a JSON text so that it can no longer be parsed, the way a dropped
 * upstream connection leaves it.
 * @param {string} json
 */
function truncateJson(json) {
	return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
}

/** Retry-After as an HTTP-date between 1 and 2 seconds ahead (HTTP-dates have whole seconds). */
function retryAfterDate() {
	return new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000).toUTCString();
}

module.exports = {
	createFaultQueue,
	hasEffect,
	normalisePath,
	truncateJson,
	retryAfterDate,
	STATUS_MESSAGES,
	HTML_502,
	HTML_200,
};
