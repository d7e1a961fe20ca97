import { readRateLimitHeaders } from '../../nodes/Kohomai/transport/rateLimitHeaders';

const NOW = 1_800_000_000_000;

describe('readRateLimitHeaders', () => {
	test('IETF draft fields, reset in seconds from now', () => {
		expect(
			readRateLimitHeaders({ 'ratelimit-limit': '50', 'ratelimit-remaining': '3', 'ratelimit-reset': '2' }, NOW),
		).toEqual({ limit: 50, remaining: 3, resetMs: 2000 });
	});

	test('X- prefixed fields with an epoch reset (GitHub style)', () => {
		const info = readRateLimitHeaders(
			{ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 30) },
			NOW,
		);
		expect(info).toEqual({ limit: 5000, remaining: 0, resetMs: 30_000 });
	});

	test('one combined RateLimit field, draft 07 and draft 08 forms', () => {
		expect(readRateLimitHeaders({ ratelimit: 'limit=100, remaining=7, reset=4' }, NOW)).toEqual({
			limit: 100,
			remaining: 7,
			resetMs: 4000,
		});
		expect(readRateLimitHeaders({ ratelimit: '"default";r=9;t=12' }, NOW)).toEqual({
			limit: undefined,
			remaining: 9,
			resetMs: 12_000,
		});
	});

	test('absent or unreadable: undefined, never a guess', () => {
		expect(readRateLimitHeaders({}, NOW)).toBeUndefined();
		expect(readRateLimitHeaders(undefined, NOW)).toBeUndefined();
		expect(readRateLimitHeaders({ 'ratelimit-remaining': 'soon', 'ratelimit-reset': '-1' }, NOW)).toBeUndefined();
		expect(readRateLimitHeaders({ 'ratelimit-remaining': ['4', '9'] }, NOW)).toEqual({
			limit: undefined,
			remaining: 4,
			resetMs: undefined,
		});
	});
});
