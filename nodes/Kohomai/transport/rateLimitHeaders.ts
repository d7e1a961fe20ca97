/** What an API said about its rate limit in one answer. Counts are requests; resetMs is from now. */
export interface RateLimitInfo {
	limit?: number;
	remaining?: number;
	resetMs?: number;
}

/**
 * Reads rate-limit headers, in the forms APIs send them:
 * - `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (IETF httpapi
 *   ratelimit-headers draft 07: reset in seconds from now);
 * - the same with the `X-` prefix (reset in seconds, or an epoch time in
 *   seconds when larger than 10^9, as GitHub sends it);
 * - one `RateLimit` field: `limit=100, remaining=5, reset=30` (draft 07) or
 *   `"default";r=5;t=30` (draft 08 and later).
 * Kohomai documents no rate limit at all (PUBLIC-DOCS-FACTS.md 4.3, every
 * public version; the Bubble guide BUB-2 2023-07-07 only hints that response
 * headers "carry something useful"), so these are read when present, never relied on.
 * Header names are lower case, as Node's HTTP client gives them.
 * Returns undefined when none is present or readable.
 */
export function readRateLimitHeaders(
	headers: Record<string, unknown> | undefined,
	now: number,
): RateLimitInfo | undefined {
	if (!headers) return undefined;
	const num = (name: string): number | undefined => toNumber(headers[name] ?? headers[`x-${name}`]);
	let limit = num('ratelimit-limit');
	let remaining = num('ratelimit-remaining');
	let reset = num('ratelimit-reset');
	const combined = first(headers.ratelimit);
	if (combined !== undefined) {
		const field = (re: RegExp) => toNumber(re.exec(combined)?.[1]);
		limit ??= field(/\blimit=(\d+)/i);
		remaining ??= field(/\bremaining=(\d+)/i) ?? field(/;\s*r=(\d+)/);
		reset ??= field(/\breset=(\d+)/i) ?? field(/;\s*t=(\d+)/);
	}
	if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
	const resetMs = reset === undefined ? undefined : reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000;
	return { limit, remaining, resetMs };
}

function first(value: unknown): string | undefined {
	const v = Array.isArray(value) ? value[0] : value;
	return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function toNumber(value: unknown): number | undefined {
	const text = first(value)?.trim();
	if (!text || !/^\d+(\.\d+)?$/.test(text)) return undefined;
	return Number(text);
}
