import { PACE_SHARE, Pacer } from '../../nodes/Kohomai/transport/pacing';
import { fakeClock, simulate } from './simulate';

/**
 * Learned pacing in fake time, first alone, then with the adaptive limit
 * against a simulated fixed-window API. Counts, not timings of this machine:
 * the clock is jest's fake one.
 */
describe('Pacer', () => {
	beforeEach(() => {
		jest.useFakeTimers();
		// A start 300 ms into a second: the API's fixed windows are not aligned with the run.
		jest.setSystemTime(1_800_000_000_300);
	});
	afterEach(() => jest.useRealTimers());

	test('adds nothing before the first 429', async () => {
		const pacer = new Pacer(fakeClock);
		const t0 = Date.now();
		for (let n = 0; n < 100; n++) {
			await pacer.ready();
			pacer.answered(pacer.sent(), 200, {});
		}
		expect(Date.now()).toBe(t0);
		expect(pacer.rate).toBeUndefined();
	});

	test('a 429 teaches the rate: accepted answers within the Retry-After span, per second', async () => {
		const pacer = new Pacer(fakeClock);
		for (let n = 0; n < 40; n++) pacer.answered(pacer.sent(), 201, {});
		const sentAt = pacer.sent();
		pacer.answered(sentAt, 429, { 'retry-after': '2' });
		expect(pacer.rate).toBeCloseTo(20 * PACE_SHARE);
		// Others refused in the same burst (sent before the lesson) teach nothing more.
		jest.advanceTimersByTime(5);
		pacer.answered(sentAt, 429, { 'retry-after': '2' });
		expect(pacer.rate).toBeCloseTo(20 * PACE_SHARE);
	});

	test('paced requests are spaced evenly, and a pause moves every slot after it', async () => {
		const pacer = new Pacer(fakeClock);
		for (let n = 0; n < 10; n++) pacer.answered(pacer.sent(), 201, {});
		pacer.answered(pacer.sent(), 429, { 'retry-after': '1' });
		const interval = 1000 / pacer.rate!;
		pacer.pause(1000);
		const resumeAt = Date.now() + 1000;
		const times: number[] = [];
		const waits = Array.from({ length: 5 }, async () => {
			await pacer.ready();
			times.push(Date.now());
		});
		await jest.advanceTimersByTimeAsync(10_000);
		await Promise.all(waits);
		expect(times[0]).toBe(resumeAt);
		times.slice(1).forEach((t, i) => expect(t - times[i]).toBeCloseTo(interval, 0));
	});

	test('a 429 while paced that shows no new limit cuts the rate by 10%; the next one measures it', async () => {
		const pacer = new Pacer(fakeClock);
		for (let n = 0; n < 100; n++) pacer.answered(pacer.sent(), 201, {});
		pacer.answered(pacer.sent(), 429, {});
		expect(pacer.rate).toBeCloseTo(100 * PACE_SHARE);
		pacer.pause(1000);
		jest.advanceTimersByTime(5000);
		// The limit fell to 20 while paced at 98/s: the last second saw 98 accepted.
		for (let n = 0; n < 98; n++) {
			jest.advanceTimersByTime(10);
			pacer.answered(pacer.sent(), 201, {});
		}
		pacer.answered(pacer.sent(), 429, {});
		expect(pacer.rate).toBeCloseTo(90 * PACE_SHARE);
		pacer.pause(1000);
		jest.advanceTimersByTime(1000);
		for (let n = 0; n < 20; n++) {
			jest.advanceTimersByTime(20);
			pacer.answered(pacer.sent(), 201, {});
		}
		pacer.answered(pacer.sent(), 429, {});
		expect(pacer.rate).toBeCloseTo(20 * PACE_SHARE);
	});

	test('a 429 with nothing accepted before (quota used elsewhere) only pauses', () => {
		const pacer = new Pacer(fakeClock);
		pacer.answered(pacer.sent(), 429, { 'retry-after': '1' });
		expect(pacer.rate).toBeUndefined();
	});

	test('RateLimit headers: once the budget is spent, requests wait for the reset', async () => {
		const pacer = new Pacer(fakeClock);
		await pacer.ready();
		pacer.answered(pacer.sent(), 201, { 'ratelimit-remaining': '2', 'ratelimit-reset': '1' });
		const t0 = Date.now();
		const times: number[] = [];
		const waits = Array.from({ length: 4 }, async () => {
			await pacer.ready();
			times.push(Date.now() - t0);
		});
		await jest.advanceTimersByTimeAsync(3000);
		await Promise.all(waits);
		expect(times).toEqual([0, 0, 1000, 1000]);
	});
});

describe('flow control against a simulated API (fake time)', () => {
	beforeEach(() => {
		jest.useFakeTimers();
		jest.setSystemTime(1_800_000_000_300);
	});
	afterEach(() => jest.useRealTimers());

	test('50 req/s fixed windows, 0 ms latency: <= 5% refused, within 1.05x N / rate', async () => {
		const r = await simulate(1000, { latencyMs: 0, limitAt: () => 50 });
		expect(r.done).toBe(1000);
		expect(r.refused / r.requests).toBeLessThanOrEqual(0.05);
		expect(r.wallMs).toBeLessThanOrEqual(1.05 * 20_000);
	});

	test('50 req/s, 50 ms latency: what is sent during the first refused round trip is refused, then no more', async () => {
		const r = await simulate(1000, { latencyMs: 50, limitAt: () => 50 });
		expect(r.done).toBe(1000);
		// Without rate-limit headers a client learns of the limit one round trip
		// late; everything it sent meanwhile is refused (once).
		expect(r.refused / r.requests).toBeLessThanOrEqual(0.12);
		expect(r.wallMs).toBeLessThanOrEqual(1.05 * 20_000);
	});

	test('limit falling from 100 to 20 req/s after 5 s: <= 10% refused', async () => {
		const r = await simulate(1000, { latencyMs: 0, limitAt: (t) => (t < 5000 ? 100 : 20) });
		expect(r.done).toBe(1000);
		expect(r.refused / r.requests).toBeLessThanOrEqual(0.1);
		expect(r.flow.pacer.rate).toBeLessThanOrEqual(20);
	});

	test('with RateLimit headers the budget avoids nearly every 429', async () => {
		const r = await simulate(1000, { latencyMs: 0, limitAt: () => 50, headers: true });
		expect(r.done).toBe(1000);
		// Only the first requests of a window, sent before any answer in it told the count.
		expect(r.refused / r.requests).toBeLessThanOrEqual(0.015);
		// RateLimit-Reset comes in whole seconds: with 1 s windows the wait for a
		// reset can overshoot the window's true end by up to a second.
		expect(r.wallMs).toBeLessThanOrEqual(1.35 * 20_000);
	});

	test('no limit, 200 ms latency: the limit grows to the maximum within a few round trips', async () => {
		const r = await simulate(2000, { latencyMs: 200, limitAt: () => null });
		expect(r.refused).toBe(0);
		expect(r.maxInFlight).toBeGreaterThanOrEqual(400);
		// 20 -> 60 -> 180 -> 500 in flight; with 20 fixed it would take 100 round trips.
		expect(r.wallMs).toBeLessThanOrEqual((100 * 200) / 5);
	});
});
