/**
 * Login links do not outlive their execution (issue 18, kind 5). Session:
 * Create with 10,000 items runs twice in this process; after each run and a
 * full garbage collection the heap is back near where it was, and item 0's
 * one-time ConnectionURL is nowhere in the process's memory (searched in a
 * V8 heap snapshot), while a link the test keeps on purpose is found there.
 *
 * `gc` is exposed at run time (v8 flag, then a fresh context), so the test
 * runs in plain `npm test` without a node flag.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

import { Creations } from '../../nodes/Kohomai/transport/creations';
import { engine, useSandbox } from '../fixtures';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const ITEMS = 10_000;
const MB = 1024 * 1024;

/** The heap after full collections, taken in a later turn of the event loop: a WeakRef keeps its target until then. */
async function collectedHeap(): Promise<number> {
	for (let i = 0; i < 3; i++) {
		await new Promise((resolve) => setImmediate(resolve));
		gc();
	}
	return process.memoryUsage().heapUsed;
}

/**
 * Which of `needles` some string in the heap contains: a V8 heap snapshot
 * written natively to a file (its strings are JSON text; a link has nothing
 * to escape), searched as bytes, then removed.
 */
function heapContains(needles: Buffer[]): boolean[] {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kohomai-heap-'));
	try {
		const file = v8.writeHeapSnapshot(path.join(dir, 'heap.heapsnapshot'));
		const bytes = fs.readFileSync(file);
		return needles.map((needle) => bytes.indexOf(needle as unknown as Uint8Array) !== -1);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

describe('login links do not outlive their execution', () => {
	const env = useSandbox({ latencyMs: 0 });

	/**
	 * One execution of Session: Create over `n` items. Returns item 0's link
	 * as bytes outside the JS heap (a Buffer), so that the test does not keep
	 * the string it looks for, and a WeakRef to item 0's answer: the object
	 * Kohomai's answer was parsed into, which the node outputs and which the
	 * Retry On Fail memory keeps while the execution runs.
	 */
	async function sessions(n: number): Promise<{ link: Buffer; answer: WeakRef<object>; count: number }> {
		const userId = env.sb.state.users[0].Id;
		let run: Awaited<ReturnType<typeof engine.run>> | undefined = await engine.run({
			nodes: [
				{
					parameters: {
						resource: 'session',
						operation: 'create',
						user: { __rl: true, mode: 'id', value: userId },
						options: { concurrency: 16 },
					},
				},
			],
			items: Array.from({ length: n }, () => ({})),
			credentials: env.credentials,
		});
		const out = run.output();
		const link = Buffer.from(String(out[0]?.json.ConnectionURL));
		const answer = new WeakRef(out[0].json as object);
		const count = out.length;
		run = undefined;
		// The sandbox's own records of the sessions go too: only the node could keep a link now.
		env.sb.reset();
		return { link, answer, count };
	}

	test('Session: Create, 10,000 items, twice: heap back to its level, item 0 link gone after each run', async () => {
		// A first small run loads and compiles everything the big runs use.
		await sessions(50);
		const before = await collectedHeap();

		const first = await sessions(ITEMS);
		expect(first.count).toBe(ITEMS);
		expect(first.link.toString()).toMatch(/autologin\?UUID=/);
		const afterFirst = await collectedHeap();
		expect(first.answer.deref()).toBeUndefined();

		const second = await sessions(ITEMS);
		expect(second.count).toBe(ITEMS);
		const afterSecond = await collectedHeap();
		expect(second.answer.deref()).toBeUndefined();

		// A control: a link the test keeps on purpose is found by the same search.
		const control = await sessions(1);
		const kept = control.link.toString();
		const found = heapContains([first.link, second.link, control.link]);

		// Before the fix: +11 MB after the first run and +18 MB after the second.
		expect((afterFirst - before) / MB).toBeLessThan(3);
		expect((afterSecond - afterFirst) / MB).toBeLessThan(1.5);
		expect(found).toEqual([false, false, true]);
		expect(kept).toMatch(/autologin/);
	}, 600_000);
});

describe('the memory is scoped to its execution', () => {
	const answer = { ConnectionURL: 'https://example.com/internal/v1/autologin?UUID=x' };
	const context = (signal: AbortSignal | undefined, runIndex = 0, flow?: object) => ({
		getExecutionId: () => 'exec-1',
		getExecutionCancelSignal: () => signal,
		getContext: flow ? () => flow : undefined,
		getWorkflowDataProxy: () => ({ $runIndex: runIndex }),
	});

	test('a retry (same signal, same run index) recalls; a new run index or another execution does not', () => {
		const signal = new AbortController().signal;
		const first = Creations.of(context(signal));
		const key = first.key('node', 0, 'POST /sessions {}');
		first.remember(key, { state: 'created', result: answer });
		const retry = Creations.of(context(signal));
		expect(retry.recall(retry.key('node', 0, 'POST /sessions {}'))).toEqual({ state: 'created', result: answer });
		const loop = Creations.of(context(signal, 1));
		expect(loop.recall(loop.key('node', 0, 'POST /sessions {}'))).toBeUndefined();
		const other = Creations.of(context(new AbortController().signal));
		expect(other.recall(other.key('node', 0, 'POST /sessions {}'))).toBeUndefined();
	});

	test('a stopped execution forgets its links at once', () => {
		const controller = new AbortController();
		const first = Creations.of(context(controller.signal));
		const key = first.key('node', 0, 'POST /sessions {}');
		first.remember(key, { state: 'created', result: answer });
		controller.abort();
		expect(Creations.of(context(controller.signal)).recall(key)).toBeUndefined();
	});

	test('an older n8n without the cancel signal: scoped by the flow context of the execution', () => {
		const flow = {};
		const first = Creations.of(context(undefined, 0, flow));
		const key = first.key('node', 0, 'POST /sessions {}');
		first.remember(key, { state: 'created', result: answer });
		expect(Creations.of(context(undefined, 0, flow)).recall(key)).toBeDefined();
		expect(Creations.of(context(undefined, 0, {})).recall(key)).toBeUndefined();
	});

	test('no execution (editor calls, credential tests): nothing remembered', () => {
		const none = Creations.of({});
		const key = none.key('node', 0, 'POST /sessions {}');
		expect(key).toBeUndefined();
		none.remember(key, { state: 'uncertain' });
		expect(none.recall(key)).toBeUndefined();
	});
});
