import type { Clock } from '../../nodes/Kohomai/transport/pacing';
import { FlowControl } from '../../nodes/Kohomai/transport/flowControl';
import { AdaptiveLimit } from '../../nodes/Kohomai/transport/adaptiveLimit';
import { retryAfterMs } from '../../nodes/Kohomai/transport/pacing';

/**
 * The node's flow control against a simulated API, in jest's fake time
 * (@sinonjs/fake-timers): `workers` loops that each take the next request as
 * long as the adaptive limit allows, as helpers/runItems does, and retry a
 * 429 after the run-wide pause, as the transport does. The API limits each
 * fixed one-second window to `limitAt(now)` requests and may add headers.
 */
export interface SimulatedApi {
	latencyMs: number;
	/** Requests per fixed 1 s window at a time (ms since the start); null: no limit. */
	limitAt: (sinceStartMs: number) => number | null;
	/** Send RateLimit-Remaining / RateLimit-Reset with every answer. */
	headers?: boolean;
	/**
	 * Client CPU per request in flight (ms), as on n8n's one event loop: an
	 * answer waits behind the work of the others, so latency grows with the
	 * number in flight even when the API answers at once. Default 0.5.
	 */
	cpuMs?: number;
}

export interface SimulationResult {
	requests: number;
	refused: number;
	done: number;
	wallMs: number;
	maxInFlight: number;
	flow: FlowControl;
}

export const fakeClock: Clock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export async function simulate(n: number, api: SimulatedApi): Promise<SimulationResult> {
	const start = Date.now();
	const flow = new FlowControl(new AdaptiveLimit({ now: fakeClock.now }), fakeClock);
	let window = -1;
	let count = 0;
	let requests = 0;
	let refused = 0;
	let done = 0;
	let inFlight = 0;
	let maxInFlight = 0;
	const answer = (): { status: number; headers: Record<string, string> } => {
		const now = Date.now();
		const limit = api.limitAt(now - start);
		const w = Math.floor(now / 1000);
		if (w !== window) {
			window = w;
			count = 0;
		}
		count += 1;
		const resetS = String(Math.ceil(((w + 1) * 1000 - now) / 1000));
		const headers: Record<string, string> =
			api.headers && limit !== null
				? {
						'ratelimit-limit': String(limit),
						'ratelimit-remaining': String(Math.max(0, limit - count)),
						'ratelimit-reset': resetS,
					}
				: {};
		if (limit !== null && count > limit) return { status: 429, headers: { ...headers, 'retry-after': '1' } };
		return { status: 201, headers };
	};
	const one = async (): Promise<void> => {
		for (;;) {
			await flow.ready();
			const sentAt = flow.sent();
			requests += 1;
			inFlight += 1;
			maxInFlight = Math.max(maxInFlight, inFlight);
			// The API decides on arrival and answers after its latency.
			const { status, headers } = answer();
			await new Promise((resolve) => setTimeout(resolve, api.latencyMs + inFlight * (api.cpuMs ?? 0.5)));
			inFlight -= 1;
			flow.answered(sentAt, status, headers);
			if (status !== 429) return;
			refused += 1;
			if (process.env.SIM_DEBUG)
				console.log(
					'429',
					Date.now() - start,
					'sent',
					sentAt - start,
					'rate',
					flow.pacer.rate,
					'limit',
					flow.limit.current,
				);
			flow.pause(retryAfterMs(headers['retry-after']) ?? 1000);
		}
	};
	let next = 0;
	let running = 0;
	const workers: Array<Promise<void>> = [];
	const spawn = (): void => {
		while (running < flow.limit.current && running < n - next) {
			running += 1;
			workers.push(worker());
		}
	};
	const worker = async (): Promise<void> => {
		while (next < n) {
			next += 1;
			await one();
			done += 1;
			if (running > flow.limit.current) break;
			spawn();
		}
		running -= 1;
	};
	spawn();
	const all = (async () => {
		for (let w = 0; w < workers.length; w++) await workers[w];
	})();
	let finished = false;
	void all.then(() => (finished = true));
	while (!finished) await jest.advanceTimersByTimeAsync(50);
	return { requests, refused, done, wallMs: Date.now() - start, maxInFlight, flow };
}
