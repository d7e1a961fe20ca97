#!/usr/bin/env node
'use strict';
// CPU profile of the per-item path at 0 ms latency, in the bench's engine:
// `node tools/bench/profile.js [kohomaiAdaptive|kohomai|httpHeader] [items] [runs]`.
// Runs the subject once to warm up, then `runs` times under the V8 profiler
// (node:inspector), and prints self time per package and the top functions.
// Writes the raw profile to tools/bench/.results/<subject>.cpuprofile (opens in
// Chrome DevTools). Build first (npm run build): it loads dist/ from the repo.
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const [who = 'kohomaiAdaptive', nArg = '1000', runsArg = '3'] = process.argv.slice(2);

const post = (session, method, params) =>
	new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));

/** Which package a profiled function belongs to, from its script URL. */
function owner(url, name) {
	if (!url) return name.startsWith('(') ? name : '(native)';
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
		url.split('node_modules/').length > 2 ? url.slice(url.lastIndexOf('node_modules/')) : url,
	);
	if (m) return m[1];
	if (url.includes('/dist/nodes/') || url.includes('/dist/credentials/')) return 'kohomai node (dist)';
	if (url.startsWith('node:')) return 'node core';
	return path.relative(ROOT, url.replace('file://', ''));
}

async function main() {
	const subjects = require('./subjects');
	const { createEngine } = require('./engine');
	const { startSandbox } = require('./sandbox-client');
	const { Kohomai } = require(path.join(ROOT, 'dist/nodes/Kohomai/Kohomai.node.js'));
	const { KohomaiApi } = require(path.join(ROOT, 'dist/credentials/KohomaiApi.credentials.js'));
	const { HttpRequest } = require('n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js');
	const engine = createEngine({
		nodeTypes: { 'n8n-nodes-kohomai.kohomai': new Kohomai(), 'n8n-nodes-base.httpRequest': new HttpRequest() },
		credentialTypes: [new KohomaiApi()],
	});
	const sb = await startSandbox();
	const credentials = { kohomaiApi: { apiKey: sb.key, baseUrl: sb.baseUrl } };
	const subject = subjects[who];
	const n = Number(nArg);
	const items = (tag) =>
		Array.from({ length: n }, (_, i) => ({ first: `F${i}`, last: `L${i}`, email: `${tag}.${i}@example.com` }));
	const run = async (tag) => {
		await sb.reset();
		const r = await engine.run({
			node: subject.node({ baseUrl: sb.baseUrl, key: sb.key }),
			items: items(tag),
			credentials,
		});
		if (r.error) throw new Error(r.error.message);
	};
	await run('warm');
	const session = new inspector.Session();
	session.connect();
	await post(session, 'Profiler.enable');
	await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
	await post(session, 'Profiler.start');
	const cpu0 = process.cpuUsage();
	for (let r = 0; r < Number(runsArg); r++) await run(`p${r}`);
	const cpu = process.cpuUsage(cpu0);
	const { profile } = await post(session, 'Profiler.stop');
	session.disconnect();
	await sb.stop();

	fs.mkdirSync(path.join(__dirname, '.results'), { recursive: true });
	fs.writeFileSync(path.join(__dirname, '.results', `${who}.cpuprofile`), JSON.stringify(profile));
	// Self time per node from the samples' time deltas.
	const self = new Map();
	const byId = new Map(profile.nodes.map((nd) => [nd.id, nd]));
	profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	const pkg = new Map();
	const fn = new Map();
	let total = 0;
	for (const [id, us] of self) {
		const { callFrame: f } = byId.get(id);
		if (f.functionName === '(idle)') continue;
		total += us;
		const o = owner(f.url, f.functionName);
		pkg.set(o, (pkg.get(o) ?? 0) + us);
		const key = `${f.functionName || '(anonymous)'} ${o}:${f.lineNumber + 1}`;
		fn.set(key, (fn.get(key) ?? 0) + us);
	}
	// Inclusive time of the functions that make up the per-item path (a frame
	// nested in one of the same name is not counted twice).
	const WATCH = (
		process.env.PROFILE_FUNCTIONS ??
		'journeyBody,getNodeParameter,request,send,httpRequestWithAuthentication,authenticate,httpRequest,parseJsonLossless,stringifyJson,idsAsStrings,runItems,execute'
	).split(',');
	const incl = new Map();
	const walk = (id, open) => {
		const nd = byId.get(id);
		const name = nd.callFrame.functionName;
		const watched = WATCH.includes(name) && !open.has(name);
		const mine = self.get(id) ?? 0;
		const next = watched ? new Set([...open, name]) : open;
		for (const o of next) incl.set(o, (incl.get(o) ?? 0) + mine);
		for (const c of nd.children ?? []) walk(c, next);
	};
	walk(profile.nodes[0].id, new Set());
	const items_ = n * Number(runsArg);
	const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
	console.log(
		`${who}: ${items_} items, process CPU ${((cpu.user + cpu.system) / items_).toFixed(0)} us/item; profiled (non-idle) ${(total / items_).toFixed(0)} us/item`,
	);
	console.log('\nself time by package (us/item, share):');
	for (const [o, us] of top(pkg, 15))
		console.log(`  ${(us / items_).toFixed(1).padStart(7)}  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${o}`);
	console.log('\ninclusive time of per-item functions (us/item, share):');
	for (const [f, us] of top(incl, 20))
		console.log(`  ${(us / items_).toFixed(1).padStart(7)}  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${f}`);
	console.log('\ntop functions by self time:');
	for (const [f, us] of top(fn, 25))
		console.log(`  ${(us / items_).toFixed(1).padStart(7)}  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${f}`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
