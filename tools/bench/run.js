#!/usr/bin/env node
'use strict';
// `npm run bench`: installs bench deps on demand, builds and packs the package,
// then measures the Kohomai node, n8n's HTTP Request node and a raw axios loop
// in one process, in n8n-core's engine, against the sandbox (its own process,
// so CPU figures are the client's). Writes docs/benchmarks.md and .svg.
// `node tools/bench/run.js --quick` is a smoke run (200 items, 1 repeat, no docs);
// `--report` rewrites the docs from the last results.json.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(__dirname, '.results');
const QUICK = process.argv.includes('--quick');
const N = QUICK ? 200 : 1000;
// `--reps=N` caps every scenario's repeats (for a machine too loaded to run them all in time; the doc states the repeats used).
const REPS_CAP = Number(process.argv.find((a) => a.startsWith('--reps='))?.slice('--reps='.length) ?? Infinity);
// Child output goes to stderr: stdout carries only the table.
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', process.stderr, process.stderr] });
const log = (...a) => console.error('[bench]', ...a);

// Before anything requires n8n: a fresh clone has neither folder.
if (!fs.existsSync(path.join(ROOT, 'node_modules/.bin/tsc'))) sh('npm', ['ci'], ROOT);
if (!fs.existsSync(path.join(__dirname, 'node_modules/n8n-nodes-base'))) sh('npm', ['ci'], __dirname);

/** `node tools/bench/run.js --report`: rewrites the docs from the last run's results.json (after editing report.js). */
function reportOnly() {
	const report = require('./report');
	const data = JSON.parse(fs.readFileSync(path.join(RESULTS, 'results.json'), 'utf8'));
	const md = report.markdown(data);
	fs.writeFileSync(
		path.join(ROOT, 'docs/benchmarks.md'),
		data.burst ? report.withBurst(md, report.burstMarkdown(data.burst)) : md,
	);
	fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.svg'), report.svg(data));
	console.log(report.table(data));
	if (data.burst) console.log(report.burstTable(data.burst));
}

/** Seconds of the API's capacity per many-executions run: N = seconds x rate (`--burst-seconds=`). */
const BURST_SECONDS = Number(
	process.argv.find((a) => a.startsWith('--burst-seconds='))?.slice('--burst-seconds='.length) ?? (QUICK ? 5 : 20),
);

/**
 * `node tools/bench/run.js --burst`: only the many-executions scenario (burst.js),
 * its section of docs/benchmarks.md replaced in place. `--burst-rates=10`,
 * `--burst-processes=1`, `--burst-arrivals=all` narrow it.
 */
async function burstOnly() {
	log('building');
	sh('npm', ['run', 'build', '--silent'], ROOT);
	const { packAndExtract } = require('./side-measures');
	const pkg = packAndExtract(ROOT, path.join(RESULTS, 'pack'));
	const { startSandbox } = require('./sandbox-client');
	const { runBurst } = require('./burst');
	const report = require('./report');
	const list = (name) =>
		process.argv
			.find((a) => a.startsWith(`--burst-${name}=`))
			?.split('=')[1]
			.split(',');
	const sb = await startSandbox();
	let burst;
	try {
		burst = await runBurst({
			sb,
			pkgDir: pkg.dir,
			seconds: BURST_SECONDS,
			log,
			...(list('rates') ? { rates: list('rates').map(Number) } : {}),
			...(list('processes') ? { processes: list('processes').map(Number) } : {}),
			...(list('arrivals') ? { arrivals: list('arrivals') } : {}),
			...(list('subjects') ? { subjects: list('subjects') } : {}),
		});
	} finally {
		await sb.stop();
	}
	fs.mkdirSync(RESULTS, { recursive: true });
	fs.writeFileSync(path.join(RESULTS, 'burst.json'), JSON.stringify(burst, null, 2));
	console.log(report.burstTable(burst));
	if (QUICK || process.argv.some((a) => a.startsWith('--burst-') && !a.startsWith('--burst-seconds')))
		return log('partial or quick run: docs not written');
	const doc = path.join(ROOT, 'docs/benchmarks.md');
	const text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
	fs.writeFileSync(doc, report.withBurst(text, report.burstMarkdown(burst)));
	log('wrote the many-executions section of docs/benchmarks.md');
}

/** `--burst-report`: rewrites the many-executions section from the last `--burst` run's burst.json. */
function burstReportOnly() {
	const report = require('./report');
	const burst = JSON.parse(fs.readFileSync(path.join(RESULTS, 'burst.json'), 'utf8'));
	const doc = path.join(ROOT, 'docs/benchmarks.md');
	fs.writeFileSync(doc, report.withBurst(fs.readFileSync(doc, 'utf8'), report.burstMarkdown(burst)));
	console.log(report.burstTable(burst));
}

async function main() {
	if (process.argv.includes('--report')) return reportOnly();
	if (process.argv.includes('--burst-report')) return burstReportOnly();
	if (process.argv.includes('--burst')) return burstOnly();
	log('building');
	sh('npm', ['run', 'build', '--silent'], ROOT);
	const { packAndExtract, moduleLoadMs, parserRatio, median } = require('./side-measures');
	const pkg = packAndExtract(ROOT, path.join(RESULTS, 'pack'));
	log(`tarball ${pkg.tarballBytes} B; timing module load and parser`);
	const loadTime = moduleLoadMs(pkg.dir);
	const parser = parserRatio(pkg.dir);

	const { createEngine } = require('./engine');
	const { startSandbox } = require('./sandbox-client');
	const subjects = require('./subjects');
	const { Kohomai } = require(path.join(pkg.dir, 'dist/nodes/Kohomai/Kohomai.node.js'));
	const { KohomaiApi } = require(path.join(pkg.dir, 'dist/credentials/KohomaiApi.credentials.js'));
	const { HttpRequest } = require('n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js');
	const { HttpHeaderAuth } = require('n8n-nodes-base/dist/credentials/HttpHeaderAuth.credentials.js');
	const engine = createEngine({
		nodeTypes: { 'n8n-nodes-kohomai.kohomai': new Kohomai(), 'n8n-nodes-base.httpRequest': new HttpRequest() },
		credentialTypes: [new KohomaiApi(), new HttpHeaderAuth()],
	});

	const sb = await startSandbox();
	const target = { baseUrl: sb.baseUrl, key: sb.key };
	const credentials = {
		kohomaiApi: { apiKey: sb.key, baseUrl: sb.baseUrl },
		httpHeaderAuth: { name: 'Authorization', value: `Bearer ${sb.key}` },
	};
	const people = (n, tag) =>
		Array.from({ length: n }, (_, i) => ({ first: `First${i}`, last: `Last${i}`, email: `${tag}.${i}@example.com` }));

	// The node keeps one flow control per API per process (learned pace, adaptive limit): each measured run
	// starts as a fresh process would, so that one scenario's lessons do not pace the next.
	const { flows } = require(path.join(pkg.dir, 'dist/nodes/Kohomai/transport/flowControl.js'));

	/** One timed run of one subject; counts come from the sandbox. */
	async function once(subject, n, tag) {
		await sb.reset();
		flows.clear();
		const items = people(n, tag);
		const cpu0 = process.cpuUsage();
		const start = Date.now();
		const t0 = performance.now();
		let ok;
		let error;
		if (subject.axios) {
			const r = await subjects.axiosLoop(target, items, subject.axios);
			ok = r.outputs;
		} else {
			const r = await engine.run({ node: subject.node(target), items, credentials });
			ok = r.output.filter((o) => o.json.error === undefined).length;
			error = r.error?.message;
		}
		const wallMs = performance.now() - t0;
		const cpu = process.cpuUsage(cpu0);
		const s = await sb.stats();
		return {
			wallMs,
			firstRequestMs: (await sb.firstRequestAt()) - start,
			cpuUsPerItem: (cpu.user + cpu.system) / n,
			created: s.journeysCreated - s.duplicateJourneys,
			duplicated: s.duplicateJourneys,
			failed: n - ok,
			requests: s.requests,
			rateLimited: s.rateLimited,
			error,
		};
	}

	const {
		kohomaiAdaptive,
		kohomai,
		kohomai100,
		httpHeader,
		httpCredential,
		httpBatched,
		httpRetry,
		axios20,
		axios500,
	} = subjects;
	// Repeats per scenario keep `npm run bench` under about 10 minutes: the rate-limited ones take 20-30 s per run.
	const scenarios = [
		{
			id: 'cpu',
			title: '0 ms latency',
			latency: 0,
			limit: null,
			reps: QUICK ? 1 : 5,
			run: [kohomaiAdaptive, kohomai, httpHeader, httpCredential, axios20],
		},
		{
			id: 'latency',
			title: '50 ms latency',
			latency: 50,
			limit: null,
			reps: QUICK ? 1 : 3,
			boundMs: (N * 50) / subjects.IN_FLIGHT,
			run: [kohomaiAdaptive, kohomai, kohomai100, httpHeader, httpCredential, axios20],
		},
		{
			id: 'latency200',
			title: '200 ms latency',
			latency: 200,
			limit: null,
			reps: QUICK ? 1 : 3,
			run: [kohomaiAdaptive, kohomai100, httpHeader, httpCredential, axios500],
		},
		{
			id: 'limit',
			title: '50 req/s limit (429 + Retry-After: 1)',
			latency: 0,
			limit: 50,
			reps: QUICK ? 1 : 3,
			boundMs: (N / 50) * 1000,
			run: [kohomaiAdaptive, kohomai, httpHeader, httpRetry, httpBatched, axios20],
		},
		{
			id: 'limitChange',
			title: 'limit 100 req/s, after 5 s 20 req/s',
			latency: 0,
			schedule: [
				{ afterMs: 0, perSecond: 100 },
				{ afterMs: 5000, perSecond: 20 },
			],
			reps: QUICK ? 1 : 2,
			boundMs: 5000 + ((N - 500) / 20) * 1000,
			run: [kohomaiAdaptive, httpBatched, axios20],
		},
	];

	// Warm-up: JIT and first-use costs (expression engine, agents) are not measured.
	for (const s of [kohomaiAdaptive, kohomai, kohomai100, httpHeader, httpCredential, axios20])
		await once(s, 100, 'warm');

	// Repeats go round-robin over the subjects, so that load from anything else
	// on the machine falls on all of them alike rather than on one.
	const results = [];
	const loadBefore = os.loadavg();
	for (const sc of scenarios) {
		await sb.setLatency(sc.latency);
		if (sc.schedule) await sb.setRateLimitSchedule(sc.schedule);
		else await sb.setRateLimit(sc.limit);
		sc.reps = Math.min(sc.reps, REPS_CAP);
		const runs = sc.run.map(() => []);
		for (let r = 0; r < sc.reps; r++) {
			for (const [i, subject] of sc.run.entries()) runs[i].push(await once(subject, N, `${sc.id}.${r}.${i}`));
		}
		for (const [i, subject] of sc.run.entries()) {
			const rs = runs[i];
			const row = {
				scenario: sc.id,
				subject: Object.keys(subjects).find((k) => subjects[k] === subject),
				label: subject.label,
				wallMs: median(rs.map((x) => x.wallMs)),
				cpuUsPerItem: median(rs.map((x) => x.cpuUsPerItem)),
				firstRequestMs: median(rs.map((x) => x.firstRequestMs)),
				// Spread over the repeats: how much of a difference is noise.
				wallRange: [Math.min(...rs.map((x) => x.wallMs)), Math.max(...rs.map((x) => x.wallMs))],
				cpuRange: [Math.min(...rs.map((x) => x.cpuUsPerItem)), Math.max(...rs.map((x) => x.cpuUsPerItem))],
				// Worst case over the repeats, so "0 duplicated" means in every run.
				created: Math.min(...rs.map((x) => x.created)),
				duplicated: Math.max(...rs.map((x) => x.duplicated)),
				failed: Math.max(...rs.map((x) => x.failed)),
				requests: median(rs.map((x) => x.requests)),
				rateLimited: median(rs.map((x) => x.rateLimited)),
				// Worst share of requests refused with 429 over the repeats.
				refusedShare: Math.max(...rs.map((x) => (x.requests ? x.rateLimited / x.requests : 0))),
				error: rs.find((x) => x.error)?.error,
				reps: sc.reps,
			};
			results.push(row);
			log(
				`${sc.title} | ${row.label}: ${(row.wallMs / 1000).toFixed(2)} s, ${row.cpuUsPerItem.toFixed(0)} us/item, created ${row.created}, failed ${row.failed}, dup ${row.duplicated}`,
			);
		}
	}
	// Many executions of one item each: fresh processes per run (burst.js).
	const { runBurst } = require('./burst');
	const burst = await runBurst({ sb, pkgDir: pkg.dir, seconds: BURST_SECONDS, log });
	const load = { before: loadBefore, after: os.loadavg() };
	await sb.stop();

	const report = require('./report');
	const data = {
		n: N,
		quick: QUICK,
		scenarios: scenarios.map(({ run, ...s }) => s),
		results,
		pkg,
		load: loadTime,
		parser,
		machine: { ...report.machine(), loadavg: load },
		burst,
	};
	fs.mkdirSync(RESULTS, { recursive: true });
	fs.writeFileSync(path.join(RESULTS, 'results.json'), JSON.stringify(data, null, 2));
	console.log(report.table(data));
	console.log(report.burstTable(burst));
	if (QUICK) return log('quick run: docs not written');
	fs.writeFileSync(
		path.join(ROOT, 'docs/benchmarks.md'),
		report.withBurst(report.markdown(data), report.burstMarkdown(burst)),
	);
	fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.svg'), report.svg(data));
	log('wrote docs/benchmarks.md and docs/benchmarks.svg');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
