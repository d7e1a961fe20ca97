import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { OperationNames, SideEffect } from '../mapping/status';
import { mayExistAdvice, statusAdvice } from '../mapping/status';

export type { SideEffect };
export { apiMessageFrom } from '../mapping/status';

export interface FailureContext {
	node: INode;
	method: string;
	/** The API path asked for, e.g. '/journeys' (no query string). */
	path?: string;
	sideEffect?: SideEffect;
	itemIndex?: number;
	redact: (text: string) => string;
}

// Errors after which a creation may have taken effect: the transport's memory
// of creations (creations.ts) must then never send that creation again.
const uncertain = new WeakSet<object>();

/** True when the failed request may still have created what it asked for. */
export function mayHaveTakenEffect(error: unknown): boolean {
	return typeof error === 'object' && error !== null && uncertain.has(error);
}

/** The node's operation names, for advice shared with other platforms. */
const NAMES: OperationNames = {
	findUser: 'User: Search',
	createSession: 'Session: Create',
	sendFewer: 'Lower "Items in Flight" in the node options',
};

function describe(ctx: FailureContext, detail: string, retriable: boolean): string {
	const mayExist =
		ctx.method === 'POST' && ctx.sideEffect && retriable ? ` ${mayExistAdvice(ctx.sideEffect, NAMES)}` : '';
	return ctx.redact(`${detail}${mayExist}`);
}

function build(
	ctx: FailureContext,
	message: string,
	description: string,
	httpCode?: number,
	mayExist = false,
): NodeApiError {
	// A plain object, never the HTTP client's error: that one carries the
	// request headers, and so the API key, into the execution data.
	const response: JsonObject = { message, ...(httpCode ? { httpCode: String(httpCode) } : {}) };
	const error = new NodeApiError(ctx.node, response, {
		message,
		description,
		httpCode: httpCode ? String(httpCode) : undefined,
		itemIndex: ctx.itemIndex,
	});
	if (mayExist && ctx.method === 'POST') uncertain.add(error);
	return error;
}

/**
 * An HTTP error status, with Kohomai's own message when it gave one. A 401
 * headline says the key was refused, whatever the body (often empty).
 */
export function statusError(ctx: FailureContext, status: number, apiMessage: string | undefined): NodeApiError {
	const said = apiMessage ? `: ${ctx.redact(apiMessage)}` : '';
	const headline = status === 401 ? 'Kohomai refused the API key (401)' : `Kohomai returned ${status}`;
	const message = ctx.redact(`${headline}${said}`);
	// A 5xx answer to a POST may come after the work was done.
	const ambiguous = status >= 500;
	return build(ctx, message, describe(ctx, statusAdvice(status, NAMES), ambiguous), status, ambiguous);
}

/**
 * A 3xx answer. The transport follows no redirect: a redirected POST would be
 * sent again elsewhere or turned into a GET, a 303 to a POST points at what was
 * created (for a session, its one-time link, which a client that follows it
 * spends), and the key must never reach another address. The message names
 * the origin the answer points to, never its path or query (a ConnectionURL
 * carries its secret there). 303 to a POST means "done, see there": the
 * creation may exist.
 */
export function redirectError(
	ctx: FailureContext,
	status: number,
	location: string | undefined,
	requestUrl: string,
): NodeApiError {
	const origin = originOf(location, requestUrl);
	const where = origin ? ` to ${ctx.redact(origin)}` : ' without saying where';
	const message = `Kohomai redirected the request${where} (${status})`;
	const done = ctx.method === 'POST' && status === 303;
	const sameOrigin = origin !== undefined && origin === originOf(requestUrl, requestUrl);
	const moved = !origin
		? 'Check the Base URL in the credential (it ends with /api/v1).'
		: sameOrigin
			? 'Kohomai sent the request elsewhere on the same host: check the path of the Base URL in the credential (it ends with /api/v1).'
			: `The Base URL in the credential now seems to point to ${ctx.redact(origin)}: update the Base URL (it ends with /api/v1) if that is Kohomai's new address.`;
	const policy =
		'The node follows no redirects, so the API key never travels to another address and a creation is never re-sent or turned into a read.';
	const outcome = ctx.method !== 'POST' ? '' : done ? '' : ' Nothing was created.';
	const detail = done
		? `Kohomai answered "See Other" instead of the result. ${policy}`
		: `${moved} ${policy}${outcome}`;
	return build(ctx, message, describe(ctx, detail, done), status, done);
}

function originOf(location: string | undefined, base: string): string | undefined {
	if (!location) return undefined;
	try {
		const url = new URL(location, base);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
	} catch {
		return undefined;
	}
}

export type NetworkFailure = 'refused' | 'timeout' | 'reset' | 'certificate' | 'other';

const NETWORK_TEXT: Record<NetworkFailure, string> = {
	refused:
		'Could not connect to Kohomai (connection refused); nothing was sent. Check the Base URL in the credential and that the API is reachable.',
	timeout: 'Kohomai did not answer in time. Raise "Timeout" in the node options if the API is slow.',
	reset: 'The connection to Kohomai was closed before an answer arrived.',
	certificate:
		'Nothing was sent: the secure connection was refused before any request. If the Base URL is right and the server is yours (self-hosted, or a network that inspects TLS), install a certificate from a trusted authority, or turn on "Ignore SSL Issues (Insecure)" in the credential.',
	other: 'The request to Kohomai failed before an answer arrived. Check the Base URL and the network.',
};

/**
 * A request that got no HTTP answer. `detail` names a certificate problem
 * ("self-signed certificate"); it comes from Node's TLS codes, never from the
 * server.
 */
export function networkError(
	ctx: FailureContext,
	failure: NetworkFailure,
	timeoutMs: number,
	detail?: string,
): NodeApiError {
	const message =
		failure === 'timeout'
			? `Kohomai did not answer within ${timeoutMs} ms`
			: failure === 'refused'
				? 'Could not connect to Kohomai'
				: failure === 'certificate'
					? `Kohomai's certificate was not accepted: ${detail ?? 'certificate problem'}`
					: 'The connection to Kohomai failed';
	// Refused and certificate failures happen before the request is sent.
	const mayExist = failure !== 'refused' && failure !== 'certificate';
	return build(ctx, message, describe(ctx, NETWORK_TEXT[failure], mayExist), undefined, mayExist);
}

export type Garbled = 'empty' | 'html' | 'invalid' | 'notList';

const GARBLED: Record<Garbled, [string, string]> = {
	empty: [
		'an empty body',
		'The answer was cut short, perhaps by a proxy. Try again; if it persists, check the Base URL in the credential.',
	],
	html: [
		'an HTML page instead of JSON',
		'Check that the Base URL in the credential ends with /api/v1 and points at the Kohomai API, not at a web page or a proxy.',
	],
	invalid: ['truncated or invalid JSON', 'The answer was cut off or garbled, perhaps by a proxy. Try again later.'],
	notList: [
		'something other than a list',
		"The answer is JSON but holds no list under a name this node knows. If the Base URL points at the Kohomai API (ending with /api/v1), Kohomai may have changed its list format: report the keys above to the node's maintainers.",
	],
};

/**
 * An answer whose body is not the JSON that was expected (a proxy page, a
 * truncated body, an object without a list). `seen` describes what came
 * instead (key names only, see mapping/lists describeShape).
 */
export function unreadableError(ctx: FailureContext, status: number, kind: Garbled, seen?: string): NodeApiError {
	const [what, advice] = GARBLED[kind];
	const shape = seen ? ` (${ctx.redact(seen)})` : '';
	const mayExist = kind !== 'notList';
	return build(
		ctx,
		ctx.redact(`Kohomai answered ${status} with ${what}${shape}`),
		describe(ctx, advice, mayExist),
		status >= 400 ? status : undefined,
		mayExist,
	);
}

/**
 * Errors that reach the caller are always this module's NodeApiErrors; anything
 * else (a bug, never an HTTP client error: those carry the key in their
 * request headers) becomes a plain one without its details.
 */
export function asApiError(ctx: FailureContext, error: unknown): NodeApiError {
	if (error instanceof NodeApiError) return error;
	return build(
		ctx,
		'The request to Kohomai failed',
		describe(ctx, 'An unexpected error happened in the node.', true),
		undefined,
		true,
	);
}

/**
 * A creation this execution already sent on an earlier try of the node (n8n's
 * Retry On Fail), whose outcome is unknown: it is not sent again.
 */
export function notRepeatedError(ctx: FailureContext): NodeApiError {
	const what = ctx.sideEffect === 'session' ? 'session' : 'journey';
	const message = `This ${what} was not sent again: an earlier try of this execution may have created it`;
	const detail = `n8n's Retry On Fail ran the node again, but the ${what} for this item had already been sent once and its outcome is unknown. It is sent at most once per execution, so nobody is registered twice.`;
	return build(ctx, message, describe(ctx, detail, true), undefined, true);
}

/**
 * The execution was stopped (Stop, or its timeout) while this request waited
 * or was on its way. `onWire`: the request had been sent and its answer was
 * cut off, so a creation may exist (remembered as uncertain); otherwise
 * nothing was sent.
 */
export function stoppedError(ctx: FailureContext, onWire: boolean): NodeApiError {
	const message = onWire
		? 'The execution was stopped while Kohomai was answering this request'
		: 'The execution was stopped before this request was sent';
	const detail = onWire
		? 'The execution was stopped (Stop, or its timeout) after the request had been sent, so its answer was not read.'
		: 'The execution was stopped (Stop, or its timeout) while this request waited for its turn. Nothing was sent to Kohomai for this item.';
	return build(ctx, message, describe(ctx, detail, onWire), undefined, onWire);
}

/**
 * Kohomai kept answering 429 (or its pace kept the request queued) for longer
 * than Options > Max Wait When Rate Limited. A 429 has no effect, and the
 * request was never accepted: nothing was created.
 */
export function rateLimitWaitError(ctx: FailureContext, waitedMs: number, maxWaitMs: number): NodeApiError {
	const waited = formatDuration(waitedMs);
	const message = `Kohomai's rate limit kept this request waiting ${waited}; it was not sent again`;
	const created = ctx.method === 'POST' ? ' Nothing was created for this item.' : '';
	const detail =
		`Kohomai answered 429 (rate limited) and the node waited its turn for ${waited}, up to "Max Wait When Rate Limited" (${formatDuration(maxWaitMs)}).${created} ` +
		'Raise "Max Wait When Rate Limited" in the node options, send fewer at once (fewer executions or items), or ask Kohomai for a higher limit.';
	return build(ctx, message, ctx.redact(detail), 429, false);
}

function formatDuration(ms: number): string {
	const s = Math.round(ms / 1000);
	if (s < 120) return `${s} s`;
	const m = Math.floor(s / 60);
	return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}
