// @ts-check
'use strict';

/**
 * Fixed one-second windows: simple to reason about in tests ("the 6th request
 * within a second fails") and matches Retry-After: 1.
 * @param {() => number | null} limitPerSecond read on every call so setRateLimit applies at once
 */
function createRateLimiter(limitPerSecond) {
  let window = -1;
  let count = 0;
  return {
    /** @returns {boolean} true when the request must be refused */
    hit() {
      const limit = limitPerSecond();
      if (limit === null) return false;
      const now = Math.floor(Date.now() / 1000);
      if (now !== window) {
        window = now;
        count = 0;
      }
      count += 1;
      return count > limit;
    },
    reset() {
      window = -1;
      count = 0;
    },
  };
}

module.exports = { createRateLimiter };
