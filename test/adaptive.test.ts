import { createdJourneys, engine, useSandbox } from './fixtures';
import type { FaultKind } from '../tools/sandbox';
import { optionsField } from '../nodes/Kohomai/actions/common.descriptions';
import { MAX_ITEMS_IN_FLIGHT } from '../nodes/Kohomai/transport/adaptiveLimit';

/**
 * Journey: Create with Items in Flight left at its default (adaptive) through
 * n8n's real engine against the sandbox, with faults injected: 429 bursts,
 * 5xx, timeouts, slow answers, a rate limit that falls mid-run. Structural
 * checks only (order, pairing, exactly-once creation); speed is `npm run bench`.
 */

type Json = Record<string, any>;

const params = (options: Json = {}) => ({
	resource: 'journey',
	operation: 'create',
	startingPointRef: 'sbx_ref_0001',
	firstName: '={{ $json.first }}',
	lastName: '={{ $json.last }}',
	email: '={{ $json.email }}',
	options,
});

const people = (n: number, tag: string) =>
	Array.from({ length: n }, (_, i) => ({ first: `First${i}`, last: `Last${i}`, email: `${tag}.${i}@example.com` }));

/** How many journeys the sandbox holds per email. */
function journeysByEmail(sb: Json): Map<string, number> {
	const counts = new Map<string, number>();
	for (const j of createdJourneys(sb as never) as Json[]) counts.set(j.Email, (counts.get(j.Email) ?? 0) + 1);
	return counts;
}

/** One output per input, at its position, paired to it; a success carries its own person, created exactly once. */
function expectAccounted(
	out: Json[],
	input: ReturnType<typeof people>,
	counts: Map<string, number>,
): { ok: number; failed: number[] } {
	expect(out).toHaveLength(input.length);
	const failed: number[] = [];
	out.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		if (item.json.error !== undefined) failed.push(i);
		else {
			expect(item.json.User.Firstname).toBe(`First${i}`);
			expect(counts.get(input[i].email)).toBe(1);
		}
	});
	for (const n of counts.values()) expect(n).toBe(1);
	return { ok: input.length - failed.length, failed };
}

describe('Items in Flight: the option', () => {
	test('defaults to 0 (adaptive), accepts a fixed number up to the documented maximum', () => {
		const option = (optionsField.options as Json[]).find((o) => o.name === 'concurrency')!;
		expect(option.default).toBe(0);
		expect(option.typeOptions).toEqual({ minValue: 0, maxValue: MAX_ITEMS_IN_FLIGHT });
		expect(option.description).toContain(`up to ${MAX_ITEMS_IN_FLIGHT}`);
		expect(option.description).toMatch(/0 \(the default\) adapts/);
	});
});

describe('Journey: Create, adaptive Items in Flight, faults injected', () => {
	const env = useSandbox({ latencyMs: 0, duplicateEmail: 'allow' });
	beforeEach(() => {
		env.sb.setLatency(0);
		env.sb.setRateLimit(null);
	});

	test('429 bursts, 503s and slow answers, continue-on-fail: every item once, in order; refused ones never created', async () => {
		const input = people(240, 'mix');
		// Faults apply to POSTs in arrival order: a burst of 12 429s (no effect, retried;
		// once paced, each costs a run-wide Retry-After second, so the burst is short),
		// 503s (no effect; a POST is not repeated on 5xx), slow answers (reordering).
		for (let n = 0; n < 240; n++) {
			const kind: FaultKind = n >= 30 && n < 42 ? '429' : n % 17 === 5 ? 'status:503' : `slow:${(n * 7) % 25}`;
			env.sb.fault({ kind, method: 'POST', path: '/journeys' });
		}
		const r = await engine.run({
			nodes: [{ parameters: params(), continueOnFail: true }],
			items: input,
			credentials: env.credentials,
		});

		expect(r.error()).toBeUndefined();
		const counts = journeysByEmail(env.sb);
		const { ok, failed } = expectAccounted(r.output(), input, counts);
		for (const i of failed) {
			expect(r.output()[i].json.error).toMatch(/503|unavailable|server/i);
			expect(counts.has(input[i].email)).toBe(false);
		}
		expect(failed.length).toBeGreaterThan(0);
		expect(createdJourneys(env.sb)).toHaveLength(ok);
		expect(env.sb.log.filter((rec) => rec.status === 429)).toHaveLength(12);
	});

	test('timeouts: a timed-out POST is reported on its own item and never sent twice', async () => {
		const input = people(60, 'tmo');
		const slowAt = new Set([4, 19, 33]);
		// Wide margins: a loaded machine must not turn a normal answer into a timeout.
		for (let n = 0; n < 60; n++)
			env.sb.fault({ kind: slowAt.has(n) ? 'slow:6000' : 'slow:0', method: 'POST', path: '/journeys' });
		const r = await engine.run({
			nodes: [{ parameters: params({ timeout: 3000 }), continueOnFail: true }],
			items: input,
			credentials: env.credentials,
		});

		expect(r.error()).toBeUndefined();
		const out = r.output();
		expect(out).toHaveLength(60);
		const timedOut = out
			.map((item: Json, i: number) => (item.json.error !== undefined ? i : -1))
			.filter((i: number) => i >= 0);
		expect(timedOut).toHaveLength(3);
		for (const i of timedOut) expect(out[i].json.error).toMatch(/did not answer within 3000 ms/);
		out.forEach((item: Json, i: number) => expect(item.pairedItem).toEqual({ item: i }));
		// Every POST arrived once: 60 requests, 60 journeys (the sandbox creates on arrival,
		// so the timed-out ones exist, as the error warns), none twice.
		expect(env.sb.stats().requests).toBe(60);
		const counts = journeysByEmail(env.sb);
		expect(counts.size).toBe(60);
		for (const n of counts.values()) expect(n).toBe(1);
	});

	test('a 503 without continue-on-fail stops the run; nothing is created twice', async () => {
		const input = people(120, 'stop');
		for (let n = 0; n < 40; n++)
			env.sb.fault({ kind: n === 39 ? 'status:503' : 'slow:5', method: 'POST', path: '/journeys' });
		const r = await engine.run({ nodes: [{ parameters: params() }], items: input, credentials: env.credentials });

		expect(r.error()).toBeDefined();
		expect(r.output()).toHaveLength(0);
		const counts = journeysByEmail(env.sb);
		for (const n of counts.values()) expect(n).toBe(1);
		expect(env.sb.stats().requests).toBeLessThan(120);
	});

	test('a rate limit falling mid-run (60/s, then 15/s): every item created exactly once, in order', async () => {
		env.sb.setRateLimitSchedule([
			{ afterMs: 0, perSecond: 60 },
			{ afterMs: 1500, perSecond: 15 },
		]);
		const input = people(150, 'fall');
		const r = await engine.run({ nodes: [{ parameters: params() }], items: input, credentials: env.credentials });

		expect(r.error()).toBeUndefined();
		const { ok } = expectAccounted(r.output(), input, journeysByEmail(env.sb));
		expect(ok).toBe(150);
		expect(env.sb.stats().rateLimited).toBeGreaterThan(0);
		expect(env.sb.stats().duplicateJourneys).toBe(0);
	}, 60_000);

	test('RateLimit headers from the API: every item created exactly once, in order', async () => {
		env.sb.setRateLimit(40);
		env.sb.setRateLimitHeaders(true);
		try {
			const input = people(120, 'hdr');
			const r = await engine.run({ nodes: [{ parameters: params() }], items: input, credentials: env.credentials });
			expect(r.error()).toBeUndefined();
			const { ok } = expectAccounted(r.output(), input, journeysByEmail(env.sb));
			expect(ok).toBe(120);
		} finally {
			env.sb.setRateLimitHeaders(false);
		}
	}, 60_000);

	test('a fixed Items in Flight is still honoured: 1 means one request at a time', async () => {
		env.sb.setLatency(15);
		const input = people(12, 'one');
		const r = await engine.run({
			nodes: [{ parameters: params({ concurrency: 1 }) }],
			items: input,
			credentials: env.credentials,
		});

		expect(r.error()).toBeUndefined();
		expectAccounted(r.output(), input, journeysByEmail(env.sb));
		// One at a time: the sandbox saw them strictly in input order, each after the last was answered.
		const arrivals = env.sb.log.filter((rec) => rec.method === 'POST').map((rec) => Date.parse(rec.time));
		arrivals.slice(1).forEach((t, n) => expect(t - arrivals[n]).toBeGreaterThanOrEqual(14));
		expect(
			env.sb.log.filter((rec) => rec.method === 'POST').map((rec) => JSON.parse(rec.body!).Journey.User.Firstname),
		).toEqual(input.map((p) => p.first));
	});
});
