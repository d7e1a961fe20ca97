#!/usr/bin/env node
'use strict';
// npm run test:e2e — the package inside a real n8n: packed tarball installed
// like a user does, examples executed by the CLI, server REST checks, and the
// editor in headless Chromium. Prints every check; exits non-zero on failure.
const fs = require('node:fs');
const path = require('node:path');
const { ensureHost, CACHE_DIR, secs } = require('./lib/host');
const { N8n, freePort } = require('./lib/n8n');
const { startSandbox } = require('./lib/sandbox');
const { startFinalPage } = require('./lib/final-page');
const { summary, recordFailure, PhaseAborted } = require('./lib/check');
const { run } = require('./lib/proc');

// The trigger phase waits for real one-minute polls (about 5 minutes per mode) and
// the burst phase starts a queue-mode cluster; a cold host install comes first.
const LIMIT_MIN = Number(process.env.E2E_TIMEOUT_MINUTES || 60);

const PHASES = {
	package: require('./steps/package'),
	import: require('./steps/import'),
	cli: require('./steps/cli'),
	server: require('./steps/server'),
	completion: require('./steps/completion'),
	editor: require('./steps/editor'),
	queue: require('./steps/queue'),
	trigger: require('./steps/trigger'),
	agent: require('./steps/agent'),
	burst: require('./steps/burst'),
};

async function main() {
	const t0 = Date.now();
	// E2E_ONLY=cli,server runs a subset (package and import always run: the rest needs them).
	const only = process.env.E2E_ONLY ? process.env.E2E_ONLY.split(',') : Object.keys(PHASES);
	// The editor and the regular-mode completion run against the server phase's n8n.
	if ((only.includes('editor') || only.includes('completion')) && !only.includes('server')) only.unshift('server');
	const unknown = only.filter((p) => !PHASES[p]);
	if (unknown.length) throw new Error(`unknown phase ${unknown.join(', ')}; phases: ${Object.keys(PHASES).join(', ')}`);
	console.log('▸ Host');
	const host = await ensureHost();
	const nodeVersion = (await run(host.node, ['--version'], { quiet: true })).stdout.trim();
	const runDir = path.join(CACHE_DIR, 'run');
	fs.rmSync(runDir, { recursive: true, force: true });
	const userFolder = path.join(runDir, 'user');
	fs.mkdirSync(userFolder, { recursive: true });

	const n8n = new N8n(host, { userFolder, port: await freePort(), brokerPort: await freePort(), logDir: runDir });
	console.log(`  n8n ${n8n.version()} on Node ${nodeVersion} (${host.node})`);
	console.log(`  test runner on Node ${process.version}; run folder ${runDir}`);

	// A hung browser or server must not hold CI: give up well inside its budget.
	const watchdog = setTimeout(() => {
		console.log(`✗ the end-to-end run exceeded ${LIMIT_MIN} minutes; stopping`);
		if (n8n.server) n8n.server.child.kill('SIGKILL');
		process.exit(1);
	}, LIMIT_MIN * 60e3);
	watchdog.unref();

	const { sb, baseUrl } = await startSandbox();
	console.log(`  Kohomai sandbox at ${baseUrl}`);
	const finalPage = await startFinalPage();
	const ctx = { host, n8n, sb, sandboxUrl: baseUrl, runDir, userFolder, nodeVersion, finalPage };
	const timings = [];
	try {
		for (const name of ['package', 'import', ...only.filter((p) => p !== 'package' && p !== 'import')]) {
			const t = Date.now();
			try {
				await PHASES[name](ctx);
			} catch (err) {
				if (!(err instanceof PhaseAborted)) recordFailure(`${name} phase crashed`, err);
				else console.log(`  (${err.message})`);
				if (name === 'package' || name === 'import') break;
			}
			timings.push(`${name} ${secs(t)}`);
		}
	} finally {
		await n8n.stopServer();
		await sb.stop();
		await finalPage.stop();
	}
	const { passed, failed, failures } = summary();
	console.log(`\n▸ Summary: n8n ${n8n.version()}, Node ${nodeVersion}; ${timings.join(', ')}; total ${secs(t0)}`);
	for (const f of failures) console.log(`  ✗ ${f.name}`);
	if (failed) console.log(`  logs: ${runDir}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed || !passed ? 1 : 0;
}

main().catch((err) => {
	console.error(err);
	process.exitCode = 1;
});
