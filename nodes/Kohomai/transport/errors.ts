import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { OperationNames, SideEffect } from '../mapping/status';
import { mayExistAdvice, statusAdvice } from '../mapping/status';

export type { SideEffect };
export { apiMessageFrom } from '../mapping/status';

export interface FailureContext {
	node: INode;
	method: string;
	sideEffect?: SideEffect;
	itemIndex?: number;
	redact: (text: string) => string;
}

/** The node's operation names, for advice shared with other platforms. */
const NAMES: OperationNames = {
	findUser: 'User: Search',
	createSession: 'Session: Create',
	sendFewer: 'Lower "Items in Flight" in the node options',
};

function describe(ctx: FailureContext, detail: string, retriable: boolean): string {
	const mayExist = ctx.method === 'POST' && ctx.sideEffect && retriable ? ` ${mayExistAdvice(ctx.sideEffect, NAMES)}` : '';
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
	return build(ctx, message, describe(ctx, statusAdvice(status, NAMES), ambiguous), status);
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
