import { sleep } from 'n8n-workflow';

import { readRateLimitHeaders } from './rateLimitHeaders';

/** Time source of the gate and the pacer: milliseconds; injectable so tests run in virtual time. */
export interface Clock {
	now(): number;
	/**
	 * Resolves after `ms`. With a signal, may end early when it aborts (then
	 * rejects or resolves: callers re-check their state either way).
	 */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * n8n's own sleep (shipped code may not use the runtime's timers). n8n-workflow 2.x
 * clears its timer when the signal aborts; older versions ignore the signal,
 * so the abort is also raced here and only a harmless timer is left behind.
 */
export const realClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => {
		if (!signal) return await sleep(ms);
		if (signal.aborted) return;
		await new Promise<void>((resolve) => {
			const done = () => {
				signal.removeEventListener('abort', done);
				resolve();
			};
			signal.addEventListener('abort', done, { once: true });
			(sleep as (ms: number, signal?: AbortSignal) => Promise<void>)(ms, signal).then(done, done);
		});
	},
};

/**
 * One gate per node run, shared by every item in flight: when Kohomai answers
 * 429, all requests wait, not only the one that was refused, so a batch slows
 * down to the API's pace instead of collecting more 429s.
 */
export class RateGate {
	protected resumeAt = 0;

	constructor(protected readonly clock: Clock = realClock) {}

	pause(ms: number): void {
		this.resumeAt = Math.max(this.resumeAt, this.clock.now() + ms);
	}

	async ready(): Promise<void> {
		for (let wait = this.resumeAt - this.clock.now(); wait > 0; wait = this.resumeAt - this.clock.now()) {
			await this.clock.sleep(wait);
		}
	}
}

/** Share of the learned rate actually used: room for the jitter between sending and the API counting. */
export const PACE_SHARE = 0.98;
/**
 * Cut of the paced rate on a 429 that shows no new limit (as many got through
 * as were paced). Mild: the next 429, counted from the fresh start after the
 * pause, measures the real limit, and the rate is never raised by guessing.
 */
const UNINFORMED_CUT = 0.9;
/** Accepted answers older than this are forgotten (ms). */
const MEMORY_MS = 60_000;

/**
 * The run-wide gate plus learned pacing. Until the first 429 it adds nothing.
 * On a 429 it estimates the rate the API accepts: the requests it accepted
 * since sending (re)started, within the last Retry-After span (at least 1 s),
 * per second. From then on, requests are spaced evenly to PACE_SHARE of that
 * rate, so a fixed window never sees more than it allows.
 * If a later 429 shows no more than the paced rate got through (the limit fell,
 * or timers fired late and sent paced requests together), the rate is cut by
 * 10%; if the limit did fall, the next 429 measures it from the fresh start
 * after the pause.
 * A 429 to a request sent before the last lesson belongs to the same burst and
 * teaches nothing. The rate is never raised by guessing (a probe past the limit
 * costs everyone a Retry-After pause); RateLimit headers say more, see below.
 *
 * With `RateLimit-Remaining` and `RateLimit-Reset` (IETF httpapi draft, also as
 * `X-RateLimit-*` or the combined `RateLimit` field), the pacer keeps a budget:
 * remaining minus requests still unanswered, and once it is spent, waits for
 * the reset instead of running into a 429.
 */
export class Pacer extends RateGate {
	private intervalMs = 0;
	private nextSlotAt = 0;
	private epochStart: number;
	private learnedAt = -Infinity;
	private readonly accepted: number[] = [];
	private acceptedHead = 0;
	private outstanding = 0;
	private budget: { left: number; until: number } | undefined;

	constructor(clock?: Clock) {
		super(clock);
		this.epochStart = this.clock.now();
	}

	/** Requests per second the pacer spaces to; undefined before any 429. */
	get rate(): number | undefined {
		return this.intervalMs > 0 ? 1000 / this.intervalMs : undefined;
	}

	override pause(ms: number): void {
		super.pause(ms);
		this.epochStart = this.resumeAt;
		this.nextSlotAt = this.resumeAt;
	}

	/** Resolves when the next request may leave: after any pause, on its slot, within the header budget. */
	override async ready(): Promise<void> {
		for (;;) {
			await super.ready();
			if (this.intervalMs > 0) {
				const now = this.clock.now();
				const slot = Math.max(now, this.nextSlotAt);
				this.nextSlotAt = slot + this.intervalMs;
				if (slot > now) await this.clock.sleep(slot - now);
				// Paused by another request's 429 while waiting for the slot.
				if (this.resumeAt > this.clock.now()) continue;
			}
			// Check and take from the budget with no await in between: requests
			// waiting side by side must not all see the same last one.
			const wait = this.budgetWaitMs(this.clock.now());
			if (wait > 0) {
				await this.clock.sleep(wait);
				continue;
			}
			if (this.budget) this.budget.left -= 1;
			return;
		}
	}

	/**
	 * Milliseconds until the next request may leave (a pause, the next paced
	 * slot, or the reset of a spent header budget); 0 when it may leave now.
	 * Takes nothing: the shared queue (flowControl.ts) calls `take` when it sends.
	 */
	waitMs(now = this.clock.now()): number {
		if (this.resumeAt > now) return this.resumeAt - now;
		if (this.intervalMs > 0 && this.nextSlotAt > now) return this.nextSlotAt - now;
		return this.budgetWaitMs(now);
	}

	/** Takes the slot and the budget of one request leaving now (after `waitMs` gave 0). */
	take(now = this.clock.now()): void {
		if (this.intervalMs > 0) this.nextSlotAt = Math.max(now, this.nextSlotAt) + this.intervalMs;
		if (this.budget) this.budget.left -= 1;
	}

	/** Call just before sending; returns the send time to hand back with the answer. */
	sent(): number {
		this.outstanding += 1;
		return this.clock.now();
	}

	/** Call with every HTTP answer (status and headers) to a request sent at `sentAt`. */
	answered(sentAt: number, status: number, headers: Record<string, unknown>): void {
		this.outstanding = Math.max(0, this.outstanding - 1);
		const now = this.clock.now();
		this.readBudget(headers, now);
		if (status === 429) this.learn(sentAt, now, headers);
		else this.remember(now);
	}

	/** Call when a request got no HTTP answer (timeout, reset, refused). */
	failed(): void {
		this.outstanding = Math.max(0, this.outstanding - 1);
	}

	private learn(sentAt: number, now: number, headers: Record<string, unknown>): void {
		if (sentAt <= this.learnedAt) return;
		const windowMs = Math.max(1000, retryAfterMs(headers['retry-after'], now) ?? 1000);
		const since = Math.max(this.epochStart, now - windowMs);
		const seen = this.countSince(since);
		// Nothing got through: the quota was used before this run; the pause is the only lesson.
		if (seen === 0) return;
		let rate = seen / (windowMs / 1000);
		const paced = this.rate === undefined ? undefined : this.rate / PACE_SHARE;
		if (paced !== undefined && rate >= 0.9 * paced) rate = paced * UNINFORMED_CUT;
		this.intervalMs = 1000 / (rate * PACE_SHARE);
		this.learnedAt = now;
	}

	private remember(now: number): void {
		this.accepted.push(now);
		while (this.acceptedHead < this.accepted.length && this.accepted[this.acceptedHead] < now - MEMORY_MS)
			this.acceptedHead++;
		// Compact now and then so the array does not grow with the run.
		if (this.acceptedHead > 1024) {
			this.accepted.splice(0, this.acceptedHead);
			this.acceptedHead = 0;
		}
	}

	private countSince(since: number): number {
		let n = 0;
		for (let i = this.accepted.length - 1; i >= this.acceptedHead && this.accepted[i] >= since; i--) n++;
		return n;
	}

	private readBudget(headers: Record<string, unknown>, now: number): void {
		const info = readRateLimitHeaders(headers, now);
		if (info?.remaining === undefined || info.resetMs === undefined || info.resetMs <= 0) return;
		const next = { left: info.remaining - this.outstanding, until: now + info.resetMs };
		const current = this.budget && now < this.budget.until ? this.budget : undefined;
		// Within one window the lowest count is the freshest (answers overtake each
		// other), and the earliest reset the closest: resets come in whole seconds.
		this.budget = current
			? { left: Math.min(current.left, next.left), until: Math.min(current.until, next.until) }
			: next;
	}

	/** Milliseconds until the reset when the header budget is spent, else 0. */
	private budgetWaitMs(now: number): number {
		if (this.budget && now >= this.budget.until) this.budget = undefined;
		return this.budget && this.budget.left <= 0 ? this.budget.until - now : 0;
	}
}

/** Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffMs(attempt: number, firstMs: number, maxMs: number): number {
	return Math.min(maxMs, firstMs * 2 ** (attempt - 1));
}
