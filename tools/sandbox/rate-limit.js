// @ts-check
'use strict';

/**
 * Fixed one-second windows: simple to reason about in tests ("the 6th request
 * within a second fails") and matches Retry-After: 1.
 * @param {(msSinceFirstHit: number) => number | null} limitPerSecond read on every
 *   call, so setRateLimit applies at once and a schedule can change the limit mid-run
 */
function createRateLimiter(limitPerSecond) {
	let window = -1;
	let count = 0;
	/** @type {number | null} */
	let firstHitAt = null;
	/** @type {number | null} */
	let lastLimit = null;
	return {
		/** @returns {boolean} true when the request must be refused */
		hit() {
			const nowMs = Date.now();
			firstHitAt ??= nowMs;
			const limit = limitPerSecond(nowMs - firstHitAt);
			lastLimit = limit;
			if (limit === null) return false;
			const now = Math.floor(nowMs / 1000);
			if (now !== window) {
				window = now;
				count = 0;
			}
			count += 1;
			return count > limit;
		},
		/**
		 * RateLimit-* headers (IETF httpapi draft 07 field names) for the window of
		 * the last hit; reset in whole seconds, as the draft has it. Empty without a limit.
		 * @returns {Record<string, string>}
		 */
		headers() {
			if (lastLimit === null) return {};
			const resetS = Math.max(1, Math.ceil(((window + 1) * 1000 - Date.now()) / 1000));
			return {
				'RateLimit-Limit': String(lastLimit),
				'RateLimit-Remaining': String(Math.max(0, lastLimit - count)),
				'RateLimit-Reset': String(resetS),
			};
		},
		reset() {
			window = -1;
			count = 0;
			firstHitAt = null;
		},
	};
}

module.exports = { createRateLimiter };
