import type { Bundle, HttpRequestOptions, ZObject } from 'zapier-platform-core';

import { parseJsonLossless, stringifyJson } from '../../nodes/Kohomai/mapping/json';
import type { SideEffect } from '../../nodes/Kohomai/mapping/status';
import { optionalHttpUrl } from '../../nodes/Kohomai/mapping/validate';
import { ambiguousCreation, checked, networkFailure, refusal, throttled, unreadable } from './errors';

/** The documented Base URL (HOME-K, 2023-06-27); Hyperaktiv's is https://app.hyperaktiv.ai/api/v1 since 2024-04-01. */
export const DEFAULT_BASE_URL = 'https://app.kohomai.com/api/v1';

/**
 * Zapier stops an action after 30 seconds (docs.zapier.com/platform/build/operating-constraints).
 * Every request of one step shares this budget, so a paged read or a slow POST
 * ends with a clear error of ours instead of Zapier's timeout.
 */
export const STEP_BUDGET_MS = 25_000;

/** When a step started, so that its requests share one budget. */
export interface Deadline {
	readonly endsAt: number;
}

export function startDeadline(budgetMs = STEP_BUDGET_MS): Deadline {
	return { endsAt: Date.now() + budgetMs };
}

export interface KohomaiCall {
	method: 'GET' | 'POST';
	/** Below the Base URL, e.g. '/users' or `/journeys/${id}`. */
	path: string;
	query?: Record<string, string | number | undefined>;
	/** Built by the mapping; JsonInteger values keep every digit. */
	body?: unknown;
	/** Set for a POST that creates something: its failures are told apart by whether it may have taken effect. */
	creates?: SideEffect;
	/** Added to the advice when Kohomai refuses the request's content (400, 422). */
	contentHint?: string;
	deadline: Deadline;
}

export interface KohomaiAnswer {
	status: number;
	/** Parsed losslessly: integers above 2^53 are strings with every digit. */
	body: unknown;
}

/** The Base URL from the connection, without a trailing slash. */
export function baseUrlOf(bundle: Bundle): string {
	const given = optionalHttpUrl('Base URL', bundle.authData?.baseUrl);
	return (given ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/**
 * One call to Kohomai, answered 2xx (or 404 when `allow404`), with its body
 * parsed losslessly. z.request's own JSON parsing (JSON.parse, which rounds
 * 74590868830731162 to 74590868830731170) is never used: the body is read
 * as text.
 *
 * Creations are made with `raw: true`, so that Zapier's HTTP log records
 * "<probably streaming data>" instead of the body with its ConnectionURL
 * (zapier-platform-core 19.1.0, http-middlewares/after/log-response.js). The
 * Authorization header is logged censored: core scrubs every authData value
 * from its logs (tools/create-logger.js, findSensitiveValuesFromAuthData).
 *
 * No retry here: a 429 becomes Zapier's ThrottledError (Zapier runs the step
 * again after the wait), anything else an error for the Zap builder.
 * Throws z.errors.ThrottledError, z.errors.HaltedError or z.errors.Error.
 */
export async function callKohomai(
	z: ZObject,
	bundle: Bundle,
	call: KohomaiCall,
	allow404 = false,
): Promise<KohomaiAnswer> {
	const url = new URL(`${checked(z, () => baseUrlOf(bundle))}${call.path}`);
	for (const [name, value] of Object.entries(call.query ?? {})) {
		if (value !== undefined) url.searchParams.set(name, String(value));
	}
	const timeout = call.deadline.endsAt - Date.now();
	if (timeout < 1000) throw networkFailure(z, 'budget', call.creates);
	const options: HttpRequestOptions & { url: string; throwForThrottlingEarly: boolean } = {
		url: url.href,
		method: call.method,
		headers: {
			Accept: 'application/json',
			...(call.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
		},
		...(call.body !== undefined ? { body: stringifyJson(call.body) } : {}),
		timeout,
		// A redirect could carry the key to another host; Kohomai's API has no reason to send one.
		redirect: 'manual',
		skipThrowForStatus: true,
		throwForThrottlingEarly: false,
	};
	let status: number;
	let headers: { get(name: string): string | null };
	let text: string;
	try {
		if (call.creates) {
			const response = await z.request({ ...options, raw: true });
			status = response.status;
			headers = response.headers;
			text = await response.text();
		} else {
			const response = await z.request(options);
			status = response.status;
			headers = response.headers;
			text = response.content;
		}
	} catch (error) {
		throw networkFailure(z, classifyNetworkError(error), call.creates);
	}
	if (status === 429) throw throttled(z, headers.get('retry-after'));
	if (status === 404 && allow404) return { status, body: undefined };
	// A server error, or a redirect (the API has no reason to send one), may come after the work was done.
	if (call.creates && (status >= 500 || (status >= 300 && status < 400))) {
		throw ambiguousCreation(
			z,
			status >= 500 ? `Kohomai had a server error (${status})` : `Kohomai answered with a redirect (${status})`,
			call.creates,
		);
	}
	const body = parseBody(text);
	if (status < 200 || status >= 300)
		throw refusal(z, status, body, bundle, status === 400 || status === 422 ? call.contentHint : undefined);
	if (body === undefined) {
		const what =
			text.trim() === ''
				? 'an empty answer'
				: /^\s*</.test(text)
					? 'a web page instead of data'
					: 'an answer that is not valid JSON';
		throw unreadable(z, what, call.creates);
	}
	return { status, body };
}

function parseBody(text: string): unknown {
	if (text.trim() === '') return undefined;
	try {
		return parseJsonLossless(text);
	} catch {
		return undefined;
	}
}

export type NetworkFailureKind = 'refused' | 'timeout' | 'reset' | 'budget' | 'other';

/** node-fetch's FetchError (used by z.request) carries `type` ('request-timeout', 'system') and the socket error `code`. */
function classifyNetworkError(error: unknown): NetworkFailureKind {
	const e = (error ?? {}) as { type?: string; code?: string; name?: string };
	if (e.type === 'request-timeout' || e.type === 'body-timeout' || e.name === 'AbortError') return 'timeout';
	if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'refused';
	if (e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.type === 'system') return 'reset';
	return 'other';
}
