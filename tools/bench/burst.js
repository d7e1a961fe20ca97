'use strict';
// The many-executions benchmark: N executions of one item each (a webhook per
// sign-up), all at once or as a steady stream, against the sandbox's rate
// limit, in one n8n process or spread over three queue-mode workers that
// share the limit. Each (subject, scenario) runs in fresh processes so that
// peak memory is that run's. Counts come from the sandbox.
const { fork } = require('node:child_process');
const path = require('node:path');

/** n8n's worker default (`n8n worker --concurrency`, N8N_CONCURRENCY): executions one worker runs at once. */
const WORKER_CONCURRENCY = 10;
/** A steady stream arrives this much faster than the API accepts, so a queue builds up slowly. */
const STREAM_OVERLOAD = 1.25;

function startWorker(pkgDir) {
	const child = fork(path.join(__dirname, 'burst-worker.js'), [pkgDir], {
		stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
	});
	const handlers = new Set();
	child.on('message', (m) => handlers.forEach((h) => h(m)));
	const next = (cmd) =>
		new Promise((resolve) => {
			const h = (m) => {
				if (m.cmd !== cmd) return;
				handlers.delete(h);
				resolve(m);
			};
			handlers.add(h);
		});
	return { child, handlers, next };
}

const percentile = (sorted, p) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0;

/**
 * One run: `n` jobs arriving `all` at once or as a stream, served by
 * `processes` workers (1: regular mode, unlimited executions at once; more:
 * queue mode, WORKER_CONCURRENCY each, a job going to the first worker free).
 * @returns {Promise<object>} the row of the table
 */
async function runOnce({ sb, pkgDir, subject, n, rate, arrival, processes, tag }) {
	await sb.reset();
	await sb.setRateLimit(rate);
	const workers = Array.from({ length: processes }, () => startWorker(pkgDir));
	await Promise.all(
		workers.map(async (w) => {
			const ready = w.next('ready');
			w.child.send({ cmd: 'setup', subject, target: { baseUrl: sb.baseUrl, key: sb.key } });
			await ready;
		}),
	);
	const limit = processes === 1 ? Infinity : WORKER_CONCURRENCY;
	const pending = [];
	const busy = workers.map(() => 0);
	const arrivedAt = new Map();
	const durations = [];
	let failed = 0;
	const errors = new Map();
	let done = 0;
	let finish;
	const finished = new Promise((r) => (finish = r));
	const dispatch = () => {
		for (;;) {
			if (!pending.length) return;
			let best = -1;
			for (let w = 0; w < workers.length; w++) if (busy[w] < limit && (best < 0 || busy[w] < busy[best])) best = w;
			if (best < 0) return;
			const id = pending.shift();
			busy[best] += 1;
			workers[best].child.send({
				cmd: 'run',
				id,
				item: { first: `First${id}`, last: `Last${id}`, email: `${tag}.${id}@example.com` },
			});
		}
	};
	workers.forEach((w, i) =>
		w.handlers.add((m) => {
			if (m.cmd !== 'done') return;
			busy[i] -= 1;
			durations.push(performance.now() - arrivedAt.get(m.id));
			if (!m.ok) {
				failed += 1;
				const key = String(m.error).slice(0, 80);
				errors.set(key, (errors.get(key) ?? 0) + 1);
			}
			if (++done === n) finish();
			else dispatch();
		}),
	);
	const t0 = performance.now();
	if (arrival === 'all') {
		for (let id = 0; id < n; id++) {
			arrivedAt.set(id, t0);
			pending.push(id);
		}
		dispatch();
	} else {
		const gapMs = 1000 / (rate * STREAM_OVERLOAD);
		for (let id = 0; id < n; id++) {
			const at = t0 + id * gapMs;
			const wait = at - performance.now();
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
			arrivedAt.set(id, performance.now());
			pending.push(id);
			dispatch();
		}
	}
	await finished;
	const wallMs = performance.now() - t0;
	const memories = await Promise.all(
		workers.map(async (w) => {
			const m = w.next('memory');
			w.child.send({ cmd: 'memory' });
			return (await m).maxRssKb;
		}),
	);
	await Promise.all(
		workers.map(
			(w) =>
				new Promise((r) => {
					w.child.once('exit', r);
					w.child.send({ cmd: 'exit' });
				}),
		),
	);
	// Let answers to requests cut off at the end land in the sandbox's counts.
	await new Promise((r) => setTimeout(r, 300));
	const s = await sb.stats();
	const unique = s.journeysCreated - s.duplicateJourneys;
	durations.sort((a, b) => a - b);
	return {
		n,
		rate,
		arrival,
		processes,
		created: unique,
		lost: n - unique,
		duplicated: s.duplicateJourneys,
		failed,
		errors: [...errors.entries()].map(([message, count]) => ({ message, count })),
		requests: s.requests,
		rateLimited: s.rateLimited,
		refusedShare: s.requests ? s.rateLimited / s.requests : 0,
		wallMs,
		idealMs: (n / rate) * 1000,
		p50Ms: percentile(durations, 0.5),
		p99Ms: percentile(durations, 0.99),
		peakRssMb: Math.max(...memories) / 1024,
	};
}

/**
 * Every scenario for the Kohomai node and the HTTP Request node with Retry On
 * Fail at its maximum (5 tries, 5 s apart). N per limit: `seconds` of the
 * API's capacity (N = seconds x rate).
 * @param {{ sb: object, pkgDir: string, seconds: number, log: (...a: unknown[]) => void,
 *   rates?: number[], arrivals?: string[], processes?: number[], subjects?: string[] }} spec
 */
async function runBurst({
	sb,
	pkgDir,
	seconds,
	log,
	rates = [10, 50],
	arrivals = ['all', 'stream'],
	processes = [1, 3],
	subjects = ['kohomaiAdaptive', 'httpRetryMax'],
}) {
	await sb.setLatency(0);
	const rows = [];
	for (const rate of rates) {
		const n = Math.round(seconds * rate);
		for (const procs of processes) {
			for (const arrival of arrivals) {
				for (const subject of subjects) {
					const row = await runOnce({
						sb,
						pkgDir,
						subject,
						n,
						rate,
						arrival,
						processes: procs,
						tag: `burst.${rate}.${procs}.${arrival}.${subject}`,
					});
					row.subject = subject;
					rows.push(row);
					log(
						`burst ${n} x 1 item, ${rate} req/s, ${arrival === 'all' ? 'all at once' : 'stream'}, ${procs} process(es) | ${subject}: ` +
							`created ${row.created}/${n}, dup ${row.duplicated}, failed ${row.failed}, 429 ${(row.refusedShare * 100).toFixed(1)}%, ` +
							`wall ${(row.wallMs / row.idealMs).toFixed(2)}x N/rate, p50 ${(row.p50Ms / 1000).toFixed(1)} s, p99 ${(row.p99Ms / 1000).toFixed(1)} s, ${row.peakRssMb.toFixed(0)} MB`,
					);
				}
			}
		}
	}
	await sb.setRateLimit(null);
	return { seconds, workerConcurrency: WORKER_CONCURRENCY, streamOverload: STREAM_OVERLOAD, rows };
}

module.exports = { runBurst, WORKER_CONCURRENCY, STREAM_OVERLOAD };
