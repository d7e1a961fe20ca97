import { engine, createSandbox, createdJourneys, SEED_REF } from './fixtures';

/**
 * Items in flight and rate-limit pacing, through n8n's real engine against the
 * sandbox. Structural checks only (order, pairing, counts): timing belongs in
 * `npm run bench`, never in a test.
 */

type Json = Record<string, any>;

const createParams = (concurrency: number) => ({
	resource: 'journey',
	operation: 'create',
	startingPointRef: SEED_REF,
	firstName: '={{ $json.first }}',
	lastName: '={{ $json.last }}',
	email: '={{ $json.email }}',
	options: { concurrency },
});

const people = (n: number, tag: string) =>
	Array.from({ length: n }, (_, i) => ({ first: `First${i}`, last: `Last${i}`, email: `${tag}.${i}@example.com` }));

/** Deterministic pseudo-random delays, so responses come back out of order. */
function jitter(sb: any, count: number, maxMs: number) {
	let seed = 42;
	for (let i = 0; i < count; i++) {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		sb.fault({ kind: `slow:${seed % (maxMs + 1)}`, method: 'POST', path: '/journeys' });
	}
}

/** Each output is paired to the input at its own position and carries that input's person. */
function expectInputOrder(out: Json[]): void {
	out.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		expect(item.json.User.Firstname).toBe(`First${i}`);
	});
}

describe('Journey: Create with items in flight', () => {
	let sb: any;
	let credentials: Json;

	beforeAll(async () => {
		sb = createSandbox({ latencyMs: 0, duplicateEmail: 'allow' });
		const { baseUrl } = await sb.start();
		credentials = { apiKey: sb.keys.workspace, baseUrl };
	});
	afterAll(async () => {
		await sb.stop();
	});
	beforeEach(() => {
		sb.reset();
		sb.setLatency(0);
		sb.setRateLimit(null);
	});

	test('200 items, 20 in flight, out-of-order responses: output is input order, each paired and matching', async () => {
		const input = people(200, 'order');
		jitter(sb, 200, 30);
		const r = await engine.run({ nodes: [{ parameters: createParams(20) }], items: input, credentials });

		expect(r.error()).toBeUndefined();
		const out = r.output();
		expect(out).toHaveLength(200);
		expectInputOrder(out);
		out.forEach((item: Json, i: number) => expect(item.json.User.Lastname).toBe(`Last${i}`));
		// The sandbox creates on arrival and delays each answer by its `slow:` fault,
		// so completions were out of order when a later arrival answered sooner.
		const done = sb.log.map((rec: Json) => Date.parse(rec.time) + Number(String(rec.fault).slice(5)));
		const overtaken = done.filter((t: number, n: number) => done.slice(n + 1).some((later: number) => later < t - 5));
		expect(overtaken.length).toBeGreaterThan(20);
		expect(new Set(createdJourneys(sb).map((j: Json) => j.Email))).toEqual(new Set(input.map((p) => p.email)));
	});

	test('continue-on-fail: invalid and refused items mixed in still give exactly one output per input', async () => {
		const input = people(60, 'cof');
		const invalid = new Set([3, 17, 42, 59]);
		for (const i of invalid) input[i].email = 'not-an-email';
		// Every 7th POST is refused by the API (500 on a POST is not retried).
		for (let n = 0; n < 56; n++) {
			sb.fault({ kind: n % 7 === 6 ? 'status:500' : `slow:${(n * 13) % 20}`, method: 'POST', path: '/journeys' });
		}
		const r = await engine.run({
			nodes: [{ parameters: createParams(8), continueOnFail: true }],
			items: input,
			credentials,
		});

		expect(r.error()).toBeUndefined();
		const out = r.output();
		expect(out).toHaveLength(60);
		let failed = 0;
		out.forEach((item: Json, i: number) => {
			expect(item.pairedItem).toEqual({ item: i });
			if (item.json.error !== undefined) failed += 1;
			else expect(item.json.User.Firstname).toBe(`First${i}`);
			if (invalid.has(i)) expect(item.json.error).toEqual(expect.stringContaining('Email'));
		});
		expect(failed).toBe(invalid.size + 8);
		expect(sb.stats().journeysCreated).toBe(60 - failed);
	});

	test('without continue-on-fail, a failure stops new items from starting', async () => {
		const concurrency = 5;
		const failAt = 10; // the 10th POST to arrive is refused
		for (let n = 1; n < failAt; n++) sb.fault({ kind: 'slow:0', method: 'POST', path: '/journeys' });
		sb.fault({ kind: 'status:500', method: 'POST', path: '/journeys' });
		sb.setLatency(20);
		const r = await engine.run({
			nodes: [{ parameters: createParams(concurrency) }],
			items: people(100, 'stop'),
			credentials,
		});

		expect(r.error()).toBeDefined();
		expect(r.output()).toHaveLength(0);
		// At most the ones already in flight when the failure came back finish.
		expect(sb.stats().requests).toBeLessThanOrEqual(failAt + concurrency - 1);
	});

	test('1 invalid item without continue-on-fail: nothing is sent at all', async () => {
		const input = people(50, 'pre');
		input[30].email = 'nope';
		const r = await engine.run({ nodes: [{ parameters: createParams(10) }], items: input, credentials });

		expect(r.error()).toBeDefined();
		expect(sb.stats().requests).toBe(0);
	});

	test('300 items at a 50 req/s limit: every item created exactly once, in order', async () => {
		sb.setRateLimit(50);
		const input = people(300, 'rate');
		const r = await engine.run({ nodes: [{ parameters: createParams(20) }], items: input, credentials });

		expect(r.error()).toBeUndefined();
		const out = r.output();
		expect(out).toHaveLength(300);
		expectInputOrder(out);
		const stats = sb.stats();
		expect(stats.rateLimited).toBeGreaterThan(0);
		expect(stats.journeysCreated).toBe(300);
		expect(stats.duplicateJourneys).toBe(0);
		expect(new Set(createdJourneys(sb).map((j: Json) => j.Email)).size).toBe(300);
	}, 60_000);
});
