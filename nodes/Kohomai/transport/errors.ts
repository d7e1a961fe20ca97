import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** What a failed POST may have done, so the error can tell the user how to check. */
export type SideEffect = 'journey' | 'session';

export interface FailureContext {
	node: INode;
	method: string;
	sideEffect?: SideEffect;
	itemIndex?: number;
	redact: (text: string) => string;
}

const MAY_EXIST: Record<SideEffect, string> = {
	journey:
		'The journey may have been created anyway. Before running this item again, look the end user up with User: Search (by email): if they exist, open a session for them with Session: Create instead.',
	session:
		'The session may have been created anyway, but its link was not received. Running the item again opens a new session; an unused link expires within minutes.',
};

const STATUS_ADVICE: Record<number, string> = {
	400: 'Kohomai rejected the request as malformed. Check the values sent by this node.',
	401: 'Kohomai did not accept the key. Check the API key (Settings > API in Kohomai) and, for Journey: Create, the Workflow Endpoint Key in the Kohomai credential.',
	403: 'The key is valid but not allowed to do this. A workflow endpoint key can only register journeys; use the workspace API key for everything else.',
	404: 'Kohomai did not find what was asked for. Check the id (or the URL it came from) and the Base URL in the credential.',
	409: 'Kohomai reports a conflict, usually a record that already exists. Use User: Search to find it.',
	422: 'Kohomai refused the data. Correct the field it names and run the item again.',
	429: 'Kohomai kept refusing requests because of its rate limit, even after waiting as it asked. Lower "Items in Flight" in the node options or run the workflow later.',
};

function adviceFor(status: number): string {
	if (STATUS_ADVICE[status]) return STATUS_ADVICE[status];
	if (status >= 500) return 'Kohomai had a server error. Try again later; if it persists, contact Kohomai support.';
	return 'Kohomai answered with an unexpected status.';
}

function describe(ctx: FailureContext, detail: string, retriable: boolean): string {
	const mayExist = ctx.method === 'POST' && ctx.sideEffect && retriable ? ` ${MAY_EXIST[ctx.sideEffect]}` : '';
	return ctx.redact(`${detail}${mayExist}`);
}

function build(ctx: FailureContext, message: string, description: string, httpCode?: number): NodeApiError {
	// A plain object, never the HTTP client's error: that one carries the
	// request headers, and so the API key, into the execution data.
	const response: JsonObject = { message, ...(httpCode ? { httpCode: String(httpCode) } : {}) };
	return new NodeApiError(ctx.node, response, {
		message,
		description,
		httpCode: httpCode ? String(httpCode) : undefined,
		itemIndex: ctx.itemIndex,
	});
}

/** An HTTP error status, with Kohomai's own message when it gave one. */
export function statusError(ctx: FailureContext, status: number, apiMessage: string | undefined): NodeApiError {
	const said = apiMessage ? `: ${apiMessage}` : '';
	const message = ctx.redact(`Kohomai returned ${status}${said}`);
	// A 5xx answer to a POST may come after the work was done.
	const ambiguous = status >= 500;
	return build(ctx, message, describe(ctx, adviceFor(status), ambiguous), status);
}

export type NetworkFailure = 'refused' | 'timeout' | 'reset' | 'other';

const NETWORK_TEXT: Record<NetworkFailure, string> = {
	refused: 'Could not connect to Kohomai (connection refused); nothing was sent. Check the Base URL in the credential and that the API is reachable.',
	timeout: 'Kohomai did not answer in time. Raise "Timeout" in the node options if the API is slow.',
	reset: 'The connection to Kohomai was closed before an answer arrived.',
	other: 'The request to Kohomai failed before an answer arrived. Check the Base URL and the network.',
};

export function networkError(ctx: FailureContext, failure: NetworkFailure, timeoutMs: number): NodeApiError {
	const message =
		failure === 'timeout'
			? `Kohomai did not answer within ${timeoutMs} ms`
			: failure === 'refused'
				? 'Could not connect to Kohomai'
				: 'The connection to Kohomai failed';
	return build(ctx, message, describe(ctx, NETWORK_TEXT[failure], failure !== 'refused'));
}

export type Garbled = 'empty' | 'html' | 'invalid' | 'notList';

const GARBLED: Record<Garbled, [string, string]> = {
	empty: ['an empty body', 'The answer was cut short, perhaps by a proxy. Try again; if it persists, check the Base URL in the credential.'],
	html: [
		'an HTML page instead of JSON',
		'Check that the Base URL in the credential ends with /api/v1 and points at the Kohomai API, not at a web page or a proxy.',
	],
	invalid: ['truncated or invalid JSON', 'The answer was cut off or garbled, perhaps by a proxy. Try again later.'],
	notList: ['something other than a list', 'Check that the Base URL in the credential points at the Kohomai API (ending with /api/v1).'],
};

/** An answer whose body is not the JSON that was expected (a proxy page, a truncated body). */
export function unreadableError(ctx: FailureContext, status: number, kind: Garbled): NodeApiError {
	const [what, advice] = GARBLED[kind];
	return build(ctx, `Kohomai answered ${status} with ${what}`, describe(ctx, advice, true), status >= 400 ? status : undefined);
}

/** Kohomai's own explanation from an error body, in the usual places. */
export function apiMessageFrom(body: unknown): string | undefined {
	if (body === null || typeof body !== 'object') return undefined;
	const b = body as Record<string, unknown>;
	const direct = [b.message, b.error_description, b.detail, b.title].find((v) => typeof v === 'string');
	const nested = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>).message : b.error;
	const first = typeof direct === 'string' ? direct : typeof nested === 'string' ? nested : undefined;
	const fields = Array.isArray(b.errors)
		? (b.errors as Array<Record<string, unknown>>)
				.map((e) => (e && typeof e === 'object' ? [e.field, e.message].filter((x) => typeof x === 'string').join(': ') : ''))
				.filter(Boolean)
		: [];
	const all = [first, ...fields.filter((f) => f !== first)].filter(Boolean).join('; ');
	return all ? all.slice(0, 500) : undefined;
}
