import {
	AdaptiveLimit,
	FixedLimit,
	INITIAL_ITEMS_IN_FLIGHT,
	MAX_ITEMS_IN_FLIGHT,
} from '../../nodes/Kohomai/transport/adaptiveLimit';

/** The in-flight limit alone, on a hand-driven clock. */
function limitWithClock(options: { initial?: number; max?: number } = {}) {
	const clock = { t: 1_000 };
	const limit = new AdaptiveLimit({ ...options, now: () => clock.t });
	/** One answer `latency` ms after it was sent, arriving now. */
	const ok = (latency: number) => limit.onSuccess(clock.t - latency);
	return { clock, limit, ok };
}

describe('AdaptiveLimit', () => {
	test('starts at the documented initial value, within 1..max', () => {
		expect(new AdaptiveLimit().current).toBe(INITIAL_ITEMS_IN_FLIGHT);
		expect(new AdaptiveLimit({ initial: 0 }).current).toBe(1);
		expect(new AdaptiveLimit({ initial: 10_000 }).current).toBe(MAX_ITEMS_IN_FLIGHT);
	});

	test('start-up: every answer as fast as the fastest adds 2, up to the maximum', () => {
		const { limit, ok } = limitWithClock();
		for (let n = 1; n <= 10; n++) {
			ok(50);
			expect(limit.current).toBe(INITIAL_ITEMS_IN_FLIGHT + 2 * n);
		}
		for (let n = 0; n < 1000; n++) ok(50);
		expect(limit.current).toBe(MAX_ITEMS_IN_FLIGHT);
	});

	test('no growth when answers slow down past 1.5 times the fastest plus 2 ms (requests are queueing)', () => {
		const { limit, ok } = limitWithClock();
		ok(50);
		const before = limit.current;
		ok(78);
		ok(200);
		expect(limit.current).toBe(before);
		ok(77); // within the tolerance again
		expect(limit.current).toBe(before + 2);
	});

	test('overload halves once per burst: answers to requests sent before the cut are ignored', () => {
		const { clock, limit, ok } = limitWithClock({ initial: 64 });
		const burstSentAt = clock.t - 10;
		limit.onOverload(burstSentAt);
		expect(limit.current).toBe(32);
		for (let n = 0; n < 20; n++) limit.onOverload(burstSentAt);
		expect(limit.current).toBe(32);
		clock.t += 100;
		limit.onOverload(clock.t - 5); // sent after the cut: a new overload
		expect(limit.current).toBe(16);
		ok(5);
	});

	test('after an overload, growth is one per round trip (1/limit per answer), never below 1', () => {
		const { clock, limit, ok } = limitWithClock({ initial: 10 });
		limit.onOverload(clock.t);
		expect(limit.current).toBe(5);
		// 5 + 1/5 + 1/5.2 + ...: the sixth answer passes 6.
		for (let n = 0; n < 5; n++) ok(20);
		expect(limit.current).toBe(5);
		ok(20);
		expect(limit.current).toBe(6);
		for (let n = 0; n < 10; n++) {
			clock.t += 1000;
			limit.onOverload(clock.t - 1);
		}
		expect(limit.current).toBe(1);
	});

	test('a fixed limit ignores feedback and is clamped to 1..max', () => {
		const fixed = new FixedLimit(7);
		fixed.onOverload();
		fixed.onSuccess();
		expect(fixed.current).toBe(7);
		expect(new FixedLimit(0).current).toBe(1);
		expect(new FixedLimit(1e6).current).toBe(MAX_ITEMS_IN_FLIGHT);
	});
});
