import type { Bundle, ZObject } from 'zapier-platform-core';

import { apiKeyForms } from '../../nodes/Kohomai/mapping/apiKey';
import { InputError } from '../../nodes/Kohomai/mapping/validate';
import type { OperationNames, SideEffect } from '../../nodes/Kohomai/mapping/status';
import { apiMessageFrom, mayExistAdvice, statusAdvice } from '../../nodes/Kohomai/mapping/status';
import type { NetworkFailureKind } from './http';

/** The app's step names, so shared advice points at the right Zapier step. */
export const ZAPIER_NAMES: OperationNames = {
	findUser: 'the Find User search',
	createSession: 'the Create Session action',
	sendFewer: 'Let fewer Zap runs reach Kohomai at once (for example with a Delay After Queue step)',
};

/** Without a Retry-After, Zapier is asked to wait this long (seconds) before running the step again. */
const DEFAULT_THROTTLE_SECONDS = 60;

const NETWORK_TEXT: Record<NetworkFailureKind, string> = {
	refused: 'Zapier could not connect to Kohomai, so nothing was sent. Check the Base URL of the Kohomai connection.',
	timeout: 'Kohomai did not answer in time.',
	reset: 'The connection to Kohomai broke before its answer arrived.',
	budget: "Kohomai answered too slowly for this step to finish within Zapier's time limit.",
	other: 'The request to Kohomai failed before its answer arrived. Check the Base URL of the Kohomai connection.',
};

/**
 * A creation that may have taken effect (no answer, a 5xx, a 2xx that could
 * not be read) ends as z.errors.HaltedError, never as an ordinary error.
 * Zapier's Autoreplay replays only steps whose run stopped as "Errored";
 * a halted step is replayed only by hand ("Autoreplay will only replay actions
 * that fail due to a Stopped/Errored status. You can manually replay actions
 * that fail due to Stopped/Errored or Stopped/Halted statuses": Zapier help
 * center, "What is replay?", help.zapier.com/hc/en-us/articles/19220226086797;
 * HaltedError is one of the error classes of zapier-platform-core 19.1.0,
 * src/errors.js). So the journey or session is never created twice behind
 * the Zap builder's back, and the message tells them how to check first.
 */
export function ambiguousCreation(z: ZObject, what: string, effect: SideEffect): Error {
	return new z.errors.HaltedError(
		`${what}. ${mayExistAdvice(effect, ZAPIER_NAMES)} Zapier will not replay this step automatically; replay it by hand only after checking.`,
	);
}

/**
 * A 429: nothing was done (PUBLIC-DOCS-FACTS §4.3 documents no rate limit,
 * so the common meaning is assumed). Zapier runs the step again after
 * `delay` seconds, read from Retry-After in seconds or as an HTTP date.
 */
export function throttled(z: ZObject, retryAfter: string | null): Error {
	const delay = retryAfterSeconds(retryAfter) ?? DEFAULT_THROTTLE_SECONDS;
	return new z.errors.ThrottledError(
		`Kohomai's rate limit was reached; Zapier will run this step again in about ${delay} seconds.`,
		delay,
	);
}

/** Seconds to wait from a Retry-After value (delta-seconds or HTTP date), at least 1; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const text = value.trim();
	if (/^\d+$/.test(text)) return Math.max(1, Number(text));
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - now) / 1000));
}

/**
 * No answer. A creation that may have reached Kohomai is ambiguous; one that
 * was never sent (connection refused, no time left) and every read are
 * ordinary errors, which Autoreplay may retry.
 */
export function networkFailure(z: ZObject, kind: NetworkFailureKind, creates: SideEffect | undefined): Error {
	if (creates && kind !== 'refused' && kind !== 'budget')
		return ambiguousCreation(z, NETWORK_TEXT[kind].replace(/\.$/, ''), creates);
	return new z.errors.Error(NETWORK_TEXT[kind], 'KohomaiUnreachable');
}

/** A 2xx whose body is not the expected JSON. */
export function unreadable(z: ZObject, what: string, creates: SideEffect | undefined): Error {
	if (creates) return ambiguousCreation(z, `Kohomai answered with ${what}`, creates);
	return new z.errors.Error(
		`Kohomai answered with ${what}. Check that the Base URL of the Kohomai connection ends with /api/v1.`,
		'KohomaiUnreadable',
	);
}

/** A 3xx or 4xx (or a 5xx to a read): Kohomai's own words when it gave some, then what to do. */
export function refusal(z: ZObject, status: number, body: unknown, bundle: Bundle, hint?: string): Error {
	const said = apiMessageFrom(body);
	const message = `Kohomai answered ${status}${said ? ` (${said.replace(/\.$/, '')})` : ''}. ${statusAdvice(status, ZAPIER_NAMES)}${hint ? ` ${hint}` : ''}`;
	return new z.errors.Error(redact(message, bundle), 'KohomaiRefused', status);
}

/** A value the Zap builder gave that cannot be sent; thrown before any request. */
export function invalidInput(z: ZObject, error: unknown): unknown {
	if (!(error instanceof InputError)) return error;
	return new z.errors.Error(`${error.message}. Nothing was sent to Kohomai.`, 'InvalidInput');
}

/** Runs input checks, turning the mapping's InputError into a Zapier error. */
export function checked<T>(z: ZObject, build: () => T): T {
	try {
		return build();
	} catch (error) {
		throw invalidInput(z, error);
	}
}

const AUTOLOGIN_LINK = /\S*autologin\S*/gi;

/** Text from Kohomai, cleaned of the API key and of any autologin link before it reaches an error message. */
export function redact(text: string, bundle: Bundle): string {
	// The key as typed and as sent (apiKey.ts), longest first.
	let withoutKey = text;
	for (const key of apiKeyForms(bundle.authData.apiKey))
		if (key.length >= 4) withoutKey = withoutKey.split(key).join('[API key]');
	return withoutKey.replace(AUTOLOGIN_LINK, '[login link]');
}
