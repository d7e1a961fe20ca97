/**
 * How many items may be in flight right now. The item pool (helpers/runItems)
 * reads `current` each time a slot frees up; nothing else is asked of it.
 */
export interface InFlightLimit {
	/** Whole number >= 1. */
	readonly current: number;
}

/** What the transport reports about one answered (or failed) request. */
export interface LimitFeedback {
	/** A healthy answer (anything but 429, 5xx or a timeout) to a request sent at `sentAt` (ms, same clock). */
	onSuccess(sentAt: number): void;
	/** 429, 5xx or a timeout for a request sent at `sentAt`: the API is overloaded. */
	onOverload(sentAt: number): void;
}

/** Upper bound of Items in Flight, adaptive or fixed (documented in the node options and the README). */
export const MAX_ITEMS_IN_FLIGHT = 500;
/** Where the adaptive limit starts: enough to hide latency of a small API without bursting into a rate limit. */
export const INITIAL_ITEMS_IN_FLIGHT = 20;

/** A number the user chose; feedback changes nothing. */
export class FixedLimit implements InFlightLimit, LimitFeedback {
	readonly current: number;

	/** @param n items in flight; clamped to 1..MAX_ITEMS_IN_FLIGHT */
	constructor(n: number) {
		this.current = Math.max(1, Math.min(MAX_ITEMS_IN_FLIGHT, Math.floor(n)));
	}

	onSuccess(): void {}

	onOverload(): void {}
}

export interface AdaptiveLimitOptions {
	initial?: number;
	max?: number;
	/** Milliseconds, monotonic enough for latencies; injectable for tests. */
	now?: () => number;
}

/**
 * Additive increase, multiplicative decrease of the number of items in flight,
 * as TCP congestion control does with its window:
 *
 * - Start-up: each healthy answer adds 2 (the limit triples per round trip,
 *   close to BBR's start-up gain of 2.89), so a slow API is filled in a few
 *   round trips.
 * - After the first overload: each healthy answer adds 1/limit (one per round trip).
 * - Growth only while latency holds: an answer slower than 1.5 times the
 *   fastest seen plus 2 ms means requests queue (in Kohomai or in this
 *   process's own event loop), and more in flight would only lengthen the queue.
 * - Overload (429, 5xx, timeout): halve, at most once per round trip: answers to
 *   requests sent before the last cut belong to the same burst and are ignored.
 *
 * Bounded by 1 and `max` (MAX_ITEMS_IN_FLIGHT).
 */
export class AdaptiveLimit implements InFlightLimit, LimitFeedback {
	private value: number;
	private readonly max: number;
	private readonly now: () => number;
	private startUp = true;
	private fastestMs = Infinity;
	private lastCutAt = -Infinity;

	constructor(options: AdaptiveLimitOptions = {}) {
		this.max = Math.max(1, options.max ?? MAX_ITEMS_IN_FLIGHT);
		this.value = Math.min(this.max, Math.max(1, options.initial ?? INITIAL_ITEMS_IN_FLIGHT));
		this.now = options.now ?? Date.now;
	}

	get current(): number {
		return Math.max(1, Math.floor(this.value));
	}

	onSuccess(sentAt: number): void {
		const latency = Math.max(0, this.now() - sentAt);
		if (latency < this.fastestMs) this.fastestMs = latency;
		if (latency > 1.5 * this.fastestMs + 2) return;
		const step = this.startUp ? 2 : 1 / this.value;
		this.value = Math.min(this.max, this.value + step);
	}

	onOverload(sentAt: number): void {
		if (sentAt <= this.lastCutAt) return;
		this.startUp = false;
		this.value = Math.max(1, this.value / 2);
		this.lastCutAt = this.now();
	}
}
