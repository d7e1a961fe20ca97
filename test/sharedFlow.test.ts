import { engine, createdJourneys, SEED_REF, useSandbox } from './fixtures';
import type { Sandbox } from './fixtures';
import { IDLE_MS, flowKeyOf, flows } from '../nodes/Kohomai/transport/flowControl';

/**
 * One flow control per Kohomai API per process, shared by every execution:
 * several executions run through n8n's real engine (WorkflowExecute) in this
 * one process against the sandbox's rate limit. Counts and the order of the
 * sandbox's request log only; never how long anything took.
 */

type Json = Record<string, any>;

const createNode = (_tag: string, options: Json = {}, extra: Json = {}) => ({
	parameters: {
		resource: 'journey',
		operation: 'create',
		startingPointRef: SEED_REF,
		firstName: '={{ $json.first }}',
		lastName: '={{ $json.last }}',
		email: '={{ $json.email }}',
		options,
	},
	...extra,
});

const people = (n: number, tag: string) =>
	Array.from({ length: n }, (_, i) => ({ first: `First${i}`, last: `Last${i}`, email: `${tag}.${i}@example.com` }));

const posts = (sb: Sandbox, from = 0) => sb.log.slice(from).filter((r) => r.method === 'POST');
const isOf = (tag: string) => (r: { body: string | null }) => (r.body ?? '').includes(`"${tag}.`);

async function until(check: () => boolean): Promise<void> {
	while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Lets anything still scheduled (a paused retry, a queued request) reach the sandbox if it were going to. */
const settle = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('one flow control per Kohomai API, shared by every execution in the process', () => {
	const env = useSandbox();
	const flowOf = () => flows.get(flowKeyOf(env.baseUrl, env.credentials.apiKey));

	beforeEach(() => {
		// A fresh API for each test: what one test taught must not pace the next.
		flows.clear();
		env.sb.setRateLimit(null);
	});

	test('a second run starts at the rate the first one learned instead of meeting the limit afresh', async () => {
		env.sb.setRateLimit(4);
		const first = await engine.run({ nodes: [createNode('a')], items: people(12, 'a'), credentials: env.credentials });
		expect(first.output()).toHaveLength(12);
		const firstLog = env.sb.log.length;
		expect(flowOf().pacer.rate).toBeDefined();

		const second = await engine.run({ nodes: [createNode('b')], items: people(8, 'b'), credentials: env.credentials });
		expect(second.output()).toHaveLength(8);
		const firstRefused = env.sb.log.slice(0, firstLog).filter((r) => r.status === 429).length;
		const secondPosts = posts(env.sb, firstLog);
		// Alone and fresh, 8 at once against 4 per second would meet about 4 refusals.
		expect(firstRefused).toBeGreaterThanOrEqual(4);
		expect(secondPosts.filter((r) => r.status === 201)).toHaveLength(8);
		expect(secondPosts.filter((r) => r.status === 429).length).toBeLessThanOrEqual(1);
		expect(createdJourneys(env.sb)).toHaveLength(20);
	});

	test('many one-item executions at once: every one created once, none failed', async () => {
		env.sb.setRateLimit(5);
		const runs = await Promise.all(
			people(25, 'burst').map(
				async (person) =>
					await engine.run({ nodes: [createNode('burst')], items: [person], credentials: env.credentials }),
			),
		);
		expect(runs.map((r) => r.error())).toEqual(runs.map(() => undefined));
		const emails = createdJourneys(env.sb).map((j: Json) => j.User?.ContactPrefs?.Email ?? j.Email);
		expect(createdJourneys(env.sb)).toHaveLength(25);
		expect(new Set(emails).size).toBe(25);
		// Shared pacing: the burst learns the limit once; after that, requests are spaced, not refused.
		const refused = env.sb.log.filter((r) => r.status === 429).length;
		expect(refused).toBeLessThan(25);
	});

	test('fair: a one-item run is served in turn while a batch is queued, not behind the whole batch', async () => {
		env.sb.setRateLimit(5);
		const batch = engine.run({
			nodes: [createNode('batch')],
			items: people(40, 'batch'),
			credentials: env.credentials,
		});
		// Wait until the batch has learned the limit and is queueing.
		await until(() => env.sb.log.some((r) => r.status === 429) && posts(env.sb).filter(isOf('batch')).length >= 10);
		expect(flowOf().queued).toBeGreaterThan(3);
		const from = env.sb.log.length;
		const single = await engine.run({
			nodes: [createNode('single')],
			items: people(1, 'single'),
			credentials: env.credentials,
		});
		expect(single.output()).toHaveLength(1);
		const rest = await batch;
		expect(rest.output()).toHaveLength(40);
		const after = posts(env.sb, from);
		const at = after.findIndex(isOf('single'));
		expect(at).toBeGreaterThanOrEqual(0);
		// First-come-first-served would put the single item behind every queued batch request (about 30):
		// served in turn, it goes out while most of the batch is still queued. Counted from when the single
		// run was started, so the batch requests sent while n8n set that run up (a second or two on a loaded
		// machine, at 5 req/s) come before it too: compared with what came after, not with a fixed count.
		const batchBefore = after.slice(0, at).filter((r) => isOf('batch')(r) && r.status !== 429).length;
		const batchAfter = after.slice(at + 1).filter(isOf('batch')).length;
		expect(batchAfter).toBeGreaterThan(5);
		expect(batchBefore).toBeLessThan(batchAfter);
		expect(createdJourneys(env.sb)).toHaveLength(41);
	});

	test('Max Wait When Rate Limited 0: a refused item fails at once, says nothing was created and what to change', async () => {
		env.sb.setRateLimit(1);
		const run = await engine.run({
			nodes: [createNode('budget', { maxRateLimitWait: 0 }, { continueOnFail: true })],
			items: people(4, 'budget'),
			credentials: env.credentials,
		});
		const out = run.output();
		expect(out).toHaveLength(4);
		out.forEach((item: Json, i: number) => expect(item.pairedItem).toEqual({ item: i }));
		const failed = out.filter((item: Json) => item.json.error !== undefined);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed) {
			expect(item.json.error).toMatch(/rate limit kept this request waiting \d+ s; it was not sent again/);
			expect(item.json.details).toMatch(/Nothing was created for this item/);
			expect(item.json.details).toMatch(/Raise "Max Wait When Rate Limited"/);
		}
		// Every failed item was refused (429) and never created; every other one was created once.
		expect(createdJourneys(env.sb)).toHaveLength(4 - failed.length);
		expect(env.sb.log.filter((r) => r.status === 429)).toHaveLength(failed.length);
	});

	test('the default Max Wait When Rate Limited waits the same items through', async () => {
		env.sb.setRateLimit(1);
		const run = await engine.run({
			nodes: [createNode('wait')],
			items: people(4, 'wait'),
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(run.output()).toHaveLength(4);
		expect(createdJourneys(env.sb)).toHaveLength(4);
	});

	test('Stop in the middle of a batch: queued requests leave unsent, none reaches the API after the stop', async () => {
		env.sb.setRateLimit(2);
		let stop = () => {};
		const running = engine.run({
			nodes: [createNode('stop')],
			items: people(30, 'stop'),
			credentials: env.credentials,
			onStart: (c: { stop: () => void }) => (stop = c.stop),
		});
		await until(() => env.sb.log.filter((r) => r.status === 201).length >= 4);
		const flow = flowOf();
		const onWire = flow.inFlight;
		expect(flow.queued).toBeGreaterThan(0);
		stop();
		const atStop = env.sb.log.length;
		const run = await running;
		expect(flow.queued).toBe(0);
		// Longer than the sandbox's Retry-After (1 s): a retry that survived the stop would show.
		await settle(1500);
		expect(env.sb.log.length).toBeLessThanOrEqual(atStop + onWire);
		const error = run.error();
		expect(error.message).toMatch(/execution was stopped/);
		expect(`${error.message} ${error.description}`).not.toMatch(/network|connection/i);
		// Nothing duplicated: one journey per accepted request.
		expect(createdJourneys(env.sb)).toHaveLength(env.sb.log.filter((r) => r.status === 201).length);
	});

	test('Stop during a 429 wait (Retry-After: 20): the node ends at once and sends nothing more', async () => {
		env.sb.fault({ kind: '429:20', times: 1, method: 'POST', path: '/journeys' });
		let stop = () => {};
		const running = engine.run({
			nodes: [createNode('pause')],
			items: people(1, 'pause'),
			credentials: env.credentials,
			onStart: (c: { stop: () => void }) => (stop = c.stop),
		});
		// The sandbox logs a request on arrival: wait until the node has read the 429 and is waiting it out.
		await until(
			() => env.sb.log.some((r) => r.status === 429) && flowOf().inFlight === 0 && flowOf().pacer.waitMs() > 0,
		);
		stop();
		const atStop = env.sb.log.length;
		// Without the cancel signal this would wait out the 20 s (longer than this test's timeout).
		const run = await running;
		await settle(1500);
		expect(env.sb.log).toHaveLength(atStop);
		expect(run.error().message).toBe('The execution was stopped before this request was sent');
		expect(run.error().description).toMatch(/Nothing was sent to Kohomai for this item/);
		expect(createdJourneys(env.sb)).toHaveLength(0);
	}, 15_000);

	test('idle entries are dropped; a pending Retry-After keeps its entry', async () => {
		const run = await engine.run({
			nodes: [createNode('idle')],
			items: people(2, 'idle'),
			credentials: env.credentials,
		});
		expect(run.output()).toHaveLength(2);
		expect(flows.size).toBe(1);
		expect(flows.sweep(Date.now() + IDLE_MS - 60_000)).toBe(1);
		expect(flows.sweep(Date.now() + IDLE_MS)).toBe(0);

		// A Retry-After still running is remembered, however long ago the entry was last used.
		const flow = flowOf();
		flow.pause(60 * 60 * 1000);
		flow.lastUsed = Date.now() - 2 * IDLE_MS;
		expect(flows.sweep()).toBe(1);
	});
});
