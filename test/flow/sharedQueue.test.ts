import { FlowControl, RELEARN_AFTER_IDLE_MS, RunQueue } from '../../nodes/Kohomai/transport/flowControl';
import { AdaptiveLimit } from '../../nodes/Kohomai/transport/adaptiveLimit';
import { fakeClock } from './simulate';

/**
 * The shared queue alone, in jest's fake time: turn order between runs and
 * what 10,000 waiting executions leave behind. Counts and order only.
 */
describe('the shared queue of one Kohomai API', () => {
	beforeEach(() => {
		jest.useFakeTimers();
		jest.setSystemTime(1_800_000_000_000);
	});
	afterEach(() => jest.useRealTimers());

	/** A flow paced at about 100 requests per second, as after a first 429. */
	function pacedFlow(): FlowControl {
		const flow = new FlowControl(new AdaptiveLimit({ now: fakeClock.now, max: 10_000 }), fakeClock, () => 0);
		for (let n = 0; n < 100; n++) flow.pacer.answered(flow.pacer.sent(), 201, {});
		flow.pacer.answered(flow.pacer.sent(), 429, { 'retry-after': '1' });
		flow.pause(1000);
		return flow;
	}

	const turn = (signal?: AbortSignal) => ({ gated: false, deadline: Infinity, since: Date.now(), signal });

	test('runs are served in turn: a batch of 50 and five one-item runs interleave', async () => {
		const flow = pacedFlow();
		const order: string[] = [];
		const batch = new RunQueue();
		const waits = Array.from({ length: 50 }, async (_, i) => {
			await flow.acquire(batch, turn());
			order.push(`b${i}`);
			flow.answered(flow.sent(), 201, {});
		});
		const singles = Array.from({ length: 5 }, async (_, i) => {
			await flow.acquire(new RunQueue(), turn());
			order.push(`s${i}`);
			flow.answered(flow.sent(), 201, {});
		});
		await jest.advanceTimersByTimeAsync(5_000);
		await Promise.all([...waits, ...singles]);
		// Every single run within the first ten turns, batch items in their own order.
		expect(order.slice(0, 10).filter((x) => x.startsWith('s'))).toHaveLength(5);
		expect(order.filter((x) => x.startsWith('b'))).toEqual(Array.from({ length: 50 }, (_, i) => `b${i}`));
		expect(flow.queued).toBe(0);
		expect(flow.waitingRuns).toBe(0);
	});

	test('10,000 waiting executions: served in arrival order, one turn each, nothing left behind', async () => {
		const flow = pacedFlow();
		const served: number[] = [];
		const n = 10_000;
		const all = Array.from({ length: n }, async (_, i) => {
			await flow.acquire(new RunQueue(), turn());
			served.push(i);
			flow.answered(flow.sent(), 201, {});
		});
		await jest.advanceTimersByTimeAsync(10);
		expect(flow.queued).toBe(n);
		expect(flow.waitingRuns).toBe(n);
		await jest.advanceTimersByTimeAsync(200_000);
		await Promise.all(all);
		expect(served).toEqual(Array.from({ length: n }, (_, i) => i));
		expect(flow.queued).toBe(0);
		expect(flow.waitingRuns).toBe(0);
		expect(flow.inFlight).toBe(0);
	});

	test('10,000 waiting executions stopped together: all leave at once, unsent, nothing left behind', async () => {
		const flow = pacedFlow();
		const stop = new AbortController();
		const outcomes = Array.from({ length: 10_000 }, async () => {
			try {
				await flow.acquire(new RunQueue(), turn(stop.signal));
				return 'sent';
			} catch (error) {
				return (error as Error).message;
			}
		});
		await jest.advanceTimersByTimeAsync(10);
		stop.abort();
		const results = await Promise.all(outcomes);
		expect(results.filter((r) => r === 'sent')).toHaveLength(0);
		expect(new Set(results)).toEqual(new Set(['The execution was stopped']));
		expect(flow.queued).toBe(0);
		await jest.advanceTimersByTimeAsync(2_000);
		expect(flow.waitingRuns).toBe(0);
		expect(flow.isIdle()).toBe(true);
	});

	test('a deadline that passes while the API paces ends the wait with how long it waited', async () => {
		const flow = pacedFlow();
		const since = Date.now();
		const wait = flow.acquire(new RunQueue(), { gated: true, deadline: since + 400, since });
		const outcome = wait.then(
			() => 'sent',
			(error: { waitedMs?: number }) => error.waitedMs,
		);
		await jest.advanceTimersByTimeAsync(2_000);
		expect(await outcome).toBe(400);
	});
});

describe('a learned pace across quiet spells', () => {
	beforeEach(() => {
		jest.useFakeTimers();
		jest.setSystemTime(1_800_000_000_000);
	});
	afterEach(() => jest.useRealTimers());

	test('is kept between executions close together, and learned again after a minute with nothing to send', async () => {
		const flow = new FlowControl(new AdaptiveLimit({ now: fakeClock.now }), fakeClock, () => 0);
		for (let n = 0; n < 10; n++) flow.answered(flow.sent(), 201, {});
		flow.answered(flow.sent(), 429, { 'retry-after': '1' });
		const rate = flow.pacer.rate;
		expect(rate).toBeDefined();
		const turn = () => ({ gated: false, deadline: Infinity, since: Date.now() });
		jest.advanceTimersByTime(5_000);
		const first = flow.acquire(new RunQueue(), turn());
		await jest.advanceTimersByTimeAsync(1_000);
		await first;
		flow.answered(flow.sent(), 201, {});
		expect(flow.pacer.rate).toBe(rate);
		jest.advanceTimersByTime(RELEARN_AFTER_IDLE_MS);
		await flow.acquire(new RunQueue(), turn());
		expect(flow.pacer.rate).toBeUndefined();
	});
});
