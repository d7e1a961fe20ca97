import { sleep } from 'n8n-workflow';

/**
 * One gate per node run, shared by every item in flight: when Kohomai answers
 * 429, all requests wait, not only the one that was refused, so a batch slows
 * down to the API's pace instead of collecting more 429s.
 */
export class RateGate {
	private resumeAt = 0;

	pause(ms: number): void {
		this.resumeAt = Math.max(this.resumeAt, Date.now() + ms);
	}

	async ready(): Promise<void> {
		for (let wait = this.resumeAt - Date.now(); wait > 0; wait = this.resumeAt - Date.now()) {
			await sleep(wait);
		}
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
