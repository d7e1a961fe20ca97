import type { InFlightLimit, LimitFeedback } from './adaptiveLimit';
import type { NetworkFailure } from './errors';
import type { Clock } from './pacing';
import { Pacer } from './pacing';

/**
 * One per node run: the pacer (run-wide pause on 429, learned pacing) and the
 * in-flight limit, fed from the transport's few hooks: `sent` before each
 * attempt, then `answered` or `failed`. Overload for the limit: 429, 5xx, a
 * timeout, a reset or a refused connection; everything else is a healthy answer.
 */
export class FlowControl {
	readonly pacer: Pacer;

	constructor(
		readonly limit: InFlightLimit & LimitFeedback,
		clock?: Clock,
	) {
		this.pacer = new Pacer(clock);
	}

	async ready(): Promise<void> {
		await this.pacer.ready();
	}

	pause(ms: number): void {
		this.pacer.pause(ms);
	}

	/** Returns the send time, to hand back to `answered` or `failed`. */
	sent(): number {
		return this.pacer.sent();
	}

	answered(sentAt: number, status: number, headers: Record<string, unknown>): void {
		this.pacer.answered(sentAt, status, headers);
		if (status === 429 || status >= 500) this.limit.onOverload(sentAt);
		else this.limit.onSuccess(sentAt);
	}

	failed(sentAt: number, kind: NetworkFailure): void {
		this.pacer.failed();
		if (kind !== 'other') this.limit.onOverload(sentAt);
	}
}
