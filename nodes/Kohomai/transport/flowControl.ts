import { createHash } from 'node:crypto';

import { AdaptiveLimit } from './adaptiveLimit';
import type { InFlightLimit, LimitFeedback } from './adaptiveLimit';
import type { NetworkFailure } from './errors';
import type { Clock } from './pacing';
import { Pacer, realClock } from './pacing';

/** Why a queued request left without being sent. */
export class FlowStopped extends Error {
	constructor() {
		super('The execution was stopped');
	}
}

/** A queued request whose Max Wait When Rate Limited ran out before its turn; `waitedMs` since it first asked. */
export class FlowWaitExpired extends Error {
	constructor(readonly waitedMs: number) {
		super('The wait for the rate limit ran out');
	}
}

/** What one request asks of the queue. */
export interface TurnRequest {
	/**
	 * True: wait for the shared in-flight limit too. False for a run whose user
	 * fixed Items in Flight: its own pool already bounds what it has on the wire.
	 */
	gated: boolean;
	/**
	 * Clock time (ms) after which waiting for the API's pace (a pause, a paced
	 * slot, a spent header budget) ends in FlowWaitExpired. Infinity: no end.
	 */
	deadline: number;
	/** When the request first asked for a turn (ms), for FlowWaitExpired's `waitedMs`. */
	since: number;
	/** The execution's cancel signal: while queued, an abort ends the wait with FlowStopped. */
	signal?: AbortSignal;
}

interface Waiter extends TurnRequest {
	queue: RunQueue;
	settled: boolean;
	resolve: () => void;
	reject: (error: Error) => void;
	detach?: () => void;
}

/** The waiting requests of one node run, oldest first; served in turn with the other runs'. */
export class RunQueue {
	readonly waiters: Waiter[] = [];
	head = 0;
	inRing = false;

	/** The oldest live waiter, dropping settled (cancelled) ones on the way. */
	first(): Waiter | undefined {
		while (this.head < this.waiters.length && this.waiters[this.head].settled) this.head++;
		if (this.head >= this.waiters.length) {
			this.waiters.length = 0;
			this.head = 0;
			return undefined;
		}
		return this.waiters[this.head];
	}
}

/**
 * A learned pace is forgotten after this long with nothing queued or in flight (ms): the next burst measures
 * the limit again. Within a burst, and between executions close together, the pace is kept; across quiet
 * spells it is not, so a limit Kohomai raised, or a worker's share learned while other workers were busy,
 * does not hold a later burst back for good (the pace is never raised by guessing while busy).
 */
export const RELEARN_AFTER_IDLE_MS = 60_000;

/**
 * Slow start of a burst: before Kohomai has refused anything, while several executions wait together, at
 * most this many requests leave in the first second, twice as many the next, and so on until the first
 * 429 teaches the rate. Without it, the whole queue would rush out at once and most of it would meet a
 * 429 in the first second. One execution alone is never held by it (its Items in Flight bounds it).
 */
export const SLOW_START_PER_SECOND = 20;

/** Random share of a Retry-After pause added before resuming, and its cap (ms). */
const RESUME_JITTER_SHARE = 0.1;
const RESUME_JITTER_MAX_MS = 250;

/**
 * Flow control of one Kohomai API (Base URL origin and API key) in this
 * process, shared by every run of every Kohomai node that uses it: the pacer
 * (pause on 429 for everyone, learned pacing, header budget), the adaptive
 * in-flight limit, and a local queue in front of the wire.
 *
 * The queue is fair between runs: each run (RunQueue) waiting is served one
 * request in turn (round robin), so a one-item webhook execution waits behind
 * at most one request of each other waiting run, never behind a whole batch.
 * One dispatcher sends from the queue whenever the pacer and the in-flight
 * limit allow; until the API first pushes back, nothing waits (a request goes
 * straight out when nobody is queued), so one run alone behaves as before.
 *
 * Fed from the transport's hooks: `acquire` for a turn, `sent` just before
 * the attempt, then `answered` or `failed`. Overload for the limit: 429, 5xx,
 * a timeout, a reset or a refused connection; anything else is healthy.
 * Memory: one small object per waiting request, released when it leaves; the
 * queue holds 10,000 waiting executions without growing anything else.
 */
export class FlowControl {
	/** Replaced by a fresh one after RELEARN_AFTER_IDLE_MS with nothing queued or in flight. */
	pacer: Pacer;
	private readonly clock: Clock;
	private readonly random: () => number;
	private ring: RunQueue[] = [];
	private ringHead = 0;
	private waiting = 0;
	private onWire = 0;
	private draining = false;
	private wake: (() => void) | undefined;
	/** Slow start (SLOW_START_PER_SECOND): the current one-second span, requests sent in it, and its budget. */
	private slow = { since: -Infinity, sent: 0, budget: SLOW_START_PER_SECOND };
	/** Last time (clock ms) a request asked for a turn or got an answer, or a run looked the entry up: idle entries are dropped. */
	lastUsed: number;
	/** Last time (clock ms) a request asked for a turn or got an answer. */
	private lastActive: number;

	constructor(
		readonly limit: InFlightLimit & LimitFeedback,
		clock: Clock = realClock,
		random: () => number = Math.random,
	) {
		this.clock = clock;
		this.random = random;
		this.pacer = new Pacer(clock);
		this.lastUsed = clock.now();
		this.lastActive = this.lastUsed;
	}

	/** Requests waiting in the queue for their turn. */
	get queued(): number {
		return this.waiting;
	}

	/** Requests sent through `acquire` and not answered yet. */
	get inFlight(): number {
		return this.onWire;
	}

	/** Runs with requests waiting. */
	get waitingRuns(): number {
		return this.ring.length - this.ringHead;
	}

	/** Nothing queued, nothing on the wire, no pause pending: the entry may be dropped. */
	isIdle(now = this.clock.now()): boolean {
		return this.waiting === 0 && this.onWire === 0 && this.pacer.waitMs(now) === 0;
	}

	/** For one run alone, without the queue (kept for the flow simulation in test/flow). */
	async ready(): Promise<void> {
		await this.pacer.ready();
	}

	/**
	 * Resolves when this request may be sent (then call `sent`, and `answered`
	 * or `failed`). Rejects with FlowStopped when the signal aborts while it
	 * waits (or had aborted), and with FlowWaitExpired when the API's pace
	 * keeps it past its deadline. Nothing is sent in either case.
	 */
	async acquire(queue: RunQueue, turn: TurnRequest): Promise<void> {
		if (turn.signal?.aborted) throw new FlowStopped();
		const now = this.clock.now();
		if (now - this.lastActive >= RELEARN_AFTER_IDLE_MS && this.isIdle(now)) {
			this.pacer = new Pacer(this.clock);
			this.slow = { since: -Infinity, sent: 0, budget: SLOW_START_PER_SECOND };
		}
		this.lastUsed = now;
		this.lastActive = now;
		if (this.waiting === 0 && !this.draining && this.mayGo(turn.gated, now)) {
			this.pacer.take(now);
			this.slowStartWaitMs(now);
			this.slow.sent += 1;
			this.onWire += 1;
			return;
		}
		await new Promise<void>((resolve, reject) => {
			const waiter: Waiter = { ...turn, queue, settled: false, resolve, reject };
			const signal = turn.signal;
			if (signal) {
				const onAbort = (): void => {
					if (waiter.settled) return;
					waiter.settled = true;
					this.waiting -= 1;
					reject(new FlowStopped());
					this.wake?.();
				};
				signal.addEventListener('abort', onAbort, { once: true });
				waiter.detach = () => signal.removeEventListener('abort', onAbort);
			}
			queue.waiters.push(waiter);
			this.waiting += 1;
			if (!queue.inRing) {
				queue.inRing = true;
				this.ring.push(queue);
			}
			void this.drain();
		});
	}

	private mayGo(gated: boolean, now: number): boolean {
		return this.pacer.waitMs(now) === 0 && (!gated || this.onWire < this.limit.current);
	}

	/** The first live waiter of the run whose turn it is; runs with none left the ring. */
	private front(): Waiter | undefined {
		while (this.ringHead < this.ring.length) {
			const queue = this.ring[this.ringHead];
			const waiter = queue.first();
			if (waiter) return waiter;
			queue.inRing = false;
			this.ringHead += 1;
		}
		this.ring = [];
		this.ringHead = 0;
		return undefined;
	}

	/** Takes the front waiter out; its run goes to the back of the ring if it has more. */
	private pop(waiter: Waiter): void {
		waiter.settled = true;
		waiter.detach?.();
		this.waiting -= 1;
		const queue = waiter.queue;
		queue.head += 1;
		this.ringHead += 1;
		if (queue.first()) this.ring.push(queue);
		else queue.inRing = false;
		// Compact now and then so the ring does not grow with the number of turns.
		if (this.ringHead > 1024 && this.ringHead * 2 > this.ring.length) {
			this.ring = this.ring.slice(this.ringHead);
			this.ringHead = 0;
		}
	}

	private async drain(): Promise<void> {
		if (this.draining) return;
		this.draining = true;
		try {
			for (let waiter = this.front(); waiter; waiter = this.front()) {
				const now = this.clock.now();
				const paceMs = this.pacer.waitMs(now);
				if (paceMs > 0) {
					if (now >= waiter.deadline) {
						this.pop(waiter);
						waiter.reject(new FlowWaitExpired(now - waiter.since));
						continue;
					}
					await this.sleep(Math.min(paceMs, waiter.deadline - now));
					continue;
				}
				if (waiter.gated && this.onWire >= this.limit.current) {
					await this.sleep(Infinity);
					continue;
				}
				const slowMs = this.slowStartWaitMs(now);
				if (slowMs > 0 && this.pacer.rate === undefined && this.waitingRuns >= 2) {
					await this.sleep(slowMs);
					continue;
				}
				this.slow.sent += 1;
				this.pacer.take(now);
				this.onWire += 1;
				this.pop(waiter);
				waiter.resolve();
			}
		} finally {
			this.draining = false;
		}
	}

	/** Milliseconds until the slow-start budget allows one more request (0: now); rolls the one-second span. */
	private slowStartWaitMs(now: number): number {
		if (now - this.slow.since >= 1000) {
			// A span that used its budget doubles the next one; a quieter one keeps it.
			const budget = this.slow.sent >= this.slow.budget ? this.slow.budget * 2 : this.slow.budget;
			this.slow = { since: now, sent: 0, budget: Math.min(budget, 1_000_000) };
		}
		return this.slow.sent >= this.slow.budget ? this.slow.since + 1000 - now : 0;
	}

	/** Sleeps up to `ms` (Infinity: until woken); an answer, a cancelled waiter or a new pause wakes it. */
	private async sleep(ms: number): Promise<void> {
		const abort = new AbortController();
		const woken = new Promise<void>((resolve) => (this.wake = resolve));
		await Promise.race(ms === Infinity ? [woken] : [woken, this.clock.sleep(ms, abort.signal).catch(() => {})]);
		this.wake = undefined;
		abort.abort();
	}

	/**
	 * Everyone using this API waits `ms` (Retry-After), plus a little random
	 * jitter so that several processes sharing the limit do not all resume on
	 * the same millisecond.
	 */
	pause(ms: number): void {
		const jitter = this.random() * Math.min(RESUME_JITTER_MAX_MS, ms * RESUME_JITTER_SHARE);
		this.pacer.pause(ms + jitter);
	}

	/** Returns the send time, to hand back to `answered` or `failed`. */
	sent(): number {
		return this.pacer.sent();
	}

	answered(sentAt: number, status: number, headers: Record<string, unknown>): void {
		this.pacer.answered(sentAt, status, headers);
		if (status === 429 || status >= 500) this.limit.onOverload(sentAt);
		else this.limit.onSuccess(sentAt);
		this.settle();
	}

	failed(sentAt: number, kind: NetworkFailure): void {
		this.pacer.failed();
		if (kind !== 'other') this.limit.onOverload(sentAt);
		this.settle();
	}

	private settle(): void {
		this.lastUsed = this.clock.now();
		this.lastActive = this.lastUsed;
		if (this.onWire > 0) this.onWire -= 1;
		this.wake?.();
	}
}

/** Entries unused for this long, with nothing queued or pending, are dropped (ms). */
export const IDLE_MS = 10 * 60 * 1000;

/**
 * The process-wide registry: one FlowControl per Kohomai API, keyed by the
 * Base URL's origin and a fingerprint of the API key (a hash; the key itself
 * is never kept here). Idle entries are dropped whenever an entry is looked up.
 */
export class FlowRegistry {
	private readonly flows = new Map<string, FlowControl>();

	constructor(
		private readonly create: () => FlowControl,
		private readonly now: () => number = () => Date.now(),
	) {}

	/** The entry for `key` (origin + key fingerprint), made on first use. */
	get(key: string): FlowControl {
		this.sweep();
		let flow = this.flows.get(key);
		if (!flow) {
			flow = this.create();
			this.flows.set(key, flow);
		}
		flow.lastUsed = this.now();
		return flow;
	}

	/** Drops entries idle for IDLE_MS at `now` (ms); returns how many are left. */
	sweep(now = this.now()): number {
		for (const [key, flow] of this.flows) {
			if (now - flow.lastUsed >= IDLE_MS && flow.isIdle()) this.flows.delete(key);
		}
		return this.flows.size;
	}

	get size(): number {
		return this.flows.size;
	}

	/** For tests: forget every entry. */
	clear(): void {
		this.flows.clear();
	}
}

/**
 * The registry key of a Kohomai API: the Base URL's origin (scheme, host,
 * port: one API limit per host) and the first 16 hex digits of the key's
 * SHA-256, so that two workspaces on one host keep separate flow controls
 * and the key itself is never stored.
 */
export function flowKeyOf(baseUrl: string, apiKey: unknown): string {
	let origin = baseUrl;
	try {
		origin = new URL(baseUrl).origin;
	} catch {
		// An unreadable Base URL fails at the first request; it still gets its own entry.
	}
	const key = typeof apiKey === 'string' ? apiKey.trim() : '';
	return `${origin} ${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** Every Kohomai API this process talks to (n8n loads the node once per process: one registry per process). */
export const flows = new FlowRegistry(() => new FlowControl(new AdaptiveLimit()));
