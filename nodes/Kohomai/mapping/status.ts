/**
 * What Kohomai's answers mean for the person running the automation,
 * platform-free. Status codes, error bodies and rate limits are undocumented
 * in every public version of the docs (PUBLIC-DOCS-FACTS §4.3): the advice
 * follows common HTTP meaning and is kept here, in one place.
 */

/** A POST that can create something in Kohomai, so a failure may still have created it. */
export type SideEffect = 'journey' | 'session';

/** How a platform names its operations, so advice points at the right step. */
export interface OperationNames {
	/** Looks a person up by email (n8n: "User: Search", Zapier: "Find User"). */
	findUser: string;
	/** Opens a session for an existing person (n8n: "Session: Create"). */
	createSession: string;
	/** How to send fewer requests at once on this platform. */
	sendFewer: string;
}

const STATUS_ADVICE: Record<number, string> = {
	400: 'Kohomai rejected the request as malformed. Check the values sent.',
	401: 'Kohomai did not accept the API key. Copy the workspace key again from Settings > API in the Kohomai back-office.',
	403: 'The API key is valid but not allowed to do this. Use the workspace API key from Settings > API.',
	404: 'Kohomai did not find what was asked for. Check the id (or the URL it came from), the starting point reference, and the Base URL.',
	409: 'Kohomai reports a conflict, usually a record that already exists: look it up with {findUser}.',
	422: 'Kohomai refused the data. Correct the field it names and try again.',
	429: 'Kohomai kept refusing requests because of its rate limit, even after waiting as it asked. {sendFewer}, or try later.',
};

/** One or two sentences of advice for an HTTP status Kohomai answered with. */
export function statusAdvice(status: number, names: OperationNames): string {
	const advice = STATUS_ADVICE[status];
	if (advice) return advice.replace('{findUser}', names.findUser).replace('{sendFewer}', names.sendFewer);
	if (status >= 500) return 'Kohomai had a server error. Try again later; if it persists, contact Kohomai support.';
	return 'Kohomai answered with an unexpected status.';
}

/** What to do when a creation failed in a way that may still have created it. */
export function mayExistAdvice(effect: SideEffect, names: OperationNames): string {
	return effect === 'journey'
		? `The journey may have been created anyway. Before trying this person again, look them up with ${names.findUser} (by email): if they exist, open a session for them with ${names.createSession} instead.`
		: 'The session may have been created anyway, but its link was not received. Trying again opens a new session; an unused link expires within minutes.';
}

/** Kohomai's own explanation from an error body, in the usual places; at most 500 characters. */
export function apiMessageFrom(body: unknown): string | undefined {
	if (body === null || typeof body !== 'object') return undefined;
	const b = body as Record<string, unknown>;
	const direct = [b.message, b.Message, b.error_description, b.detail, b.title].find((v) => typeof v === 'string');
	const nested = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>).message : b.error;
	const first = typeof direct === 'string' ? direct : typeof nested === 'string' ? nested : undefined;
	const fields = Array.isArray(b.errors)
		? (b.errors as Array<Record<string, unknown>>)
				.map((e) =>
					e && typeof e === 'object' ? [e.field, e.message].filter((x) => typeof x === 'string').join(': ') : '',
				)
				.filter(Boolean)
		: [];
	const all = [first, ...fields.filter((f) => f !== first)].filter(Boolean).join('; ');
	return all ? all.slice(0, 500) : undefined;
}
