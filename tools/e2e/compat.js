#!/usr/bin/env node
'use strict';
// node tools/e2e/compat.js — the n8n versions the README names, proven: the
// CLI part of the end-to-end test (packed tarball installed as the README
// says, credentials and examples imported, `n8n export:nodes`, `n8n execute`
// of the examples against the sandbox, the wrong-key error) on each of them.
//
// Each version other than the e2e's own pinned host (tools/e2e/package.json,
// n8n 2.41.1) has a folder in tools/e2e/compat/ with its package.json,
// package-lock.json and .npmrc; it is installed once into
// <E2E_CACHE_DIR>/compat/<folder>/ and reinstalled only when those files change.
//
//   COMPAT_ONLY=n8n-1.123.81   run one folder (comma-separated; "pinned" is the e2e host)
//   E2E_CACHE_DIR=...          where hosts and runs are kept (as for the e2e)
//
// Prints every check and a table per version; exits non-zero on any failure.
const fs = require('node:fs');
const path = require('node:path');
const { ensureHost, CACHE_DIR, E2E_DIR, HOST_DIR, secs } = require('./lib/host');
const { N8n, freePort } = require('./lib/n8n');
const { startSandbox } = require('./lib/sandbox');
const { startFinalPage } = require('./lib/final-page');
const { summary, recordFailure, PhaseAborted } = require('./lib/check');
const { run } = require('./lib/proc');

const COMPAT_DIR = path.join(E2E_DIR, 'compat');
const LIMIT_MIN = Number(process.env.COMPAT_TIMEOUT_MINUTES || 60);
const PHASES = [
	['package', require('./steps/package')],
	['import', require('./steps/import')],
	['cli', require('./steps/cli')],
];

/** The versions to run: the e2e's pinned host first, then tools/e2e/compat/<folder> by name. */
function targets() {
	const all = [{ name: 'pinned', srcDir: E2E_DIR, hostDir: HOST_DIR }];
	for (const d of fs.readdirSync(COMPAT_DIR).sort()) {
		const srcDir = path.join(COMPAT_DIR, d);
		if (fs.existsSync(path.join(srcDir, 'package.json')))
			all.push({ name: d, srcDir, hostDir: path.join(CACHE_DIR, 'compat', d) });
	}
	const only = process.env.COMPAT_ONLY ? process.env.COMPAT_ONLY.split(',') : undefined;
	const picked = only ? all.filter((t) => only.includes(t.name)) : all;
	if (only && picked.length !== only.length)
		throw new Error(`unknown COMPAT_ONLY entry; known: ${all.map((t) => t.name).join(', ')}`);
	return picked;
}

async function runVersion(target) {
	const t0 = Date.now();
	console.log(`\n════ ${target.name} (${path.relative(process.cwd(), target.srcDir) || target.srcDir})`);
	const host = await ensureHost({ srcDir: target.srcDir, hostDir: target.hostDir });
	const nodeVersion = (await run(host.node, ['--version'], { quiet: true })).stdout.trim();
	const runDir = path.join(CACHE_DIR, 'compat-run', target.name);
	fs.rmSync(runDir, { recursive: true, force: true });
	const userFolder = path.join(runDir, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	const n8n = new N8n(host, { userFolder, port: await freePort(), brokerPort: await freePort(), logDir: runDir });
	const version = n8n.version();
	// n8n 1.x has no MCP registry module and refuses to start when asked to disable an unknown one.
	if (Number(version.split('.')[0]) < 2) delete n8n.env.N8N_DISABLED_MODULES;
	console.log(`  n8n ${version} on Node ${nodeVersion} (${host.node}); run folder ${runDir}`);

	const { sb, baseUrl } = await startSandbox();
	const finalPage = await startFinalPage();
	const ctx = { host, n8n, sb, sandboxUrl: baseUrl, runDir, userFolder, nodeVersion, finalPage };
	const before = summary();
	try {
		for (const [name, phase] of PHASES) {
			try {
				await phase(ctx);
			} catch (err) {
				if (!(err instanceof PhaseAborted)) recordFailure(`${name} phase crashed on n8n ${version}`, err);
				else console.log(`  (${err.message})`);
				break;
			}
		}
	} finally {
		await sb.stop();
		await finalPage.stop();
	}
	const after = summary();
	return {
		name: target.name,
		version,
		nodeVersion,
		passed: after.passed - before.passed,
		failed: after.failed - before.failed,
		time: secs(t0),
	};
}

async function main() {
	const t0 = Date.now();
	const watchdog = setTimeout(() => {
		console.log(`✗ the compatibility run exceeded ${LIMIT_MIN} minutes; stopping`);
		process.exit(1);
	}, LIMIT_MIN * 60e3);
	watchdog.unref();
	console.log(`▸ Compatibility: the e2e's CLI checks on each n8n version (test runner on Node ${process.version})`);
	const rows = [];
	for (const target of targets()) {
		try {
			rows.push(await runVersion(target));
		} catch (err) {
			recordFailure(`${target.name}: host install or start`, err);
			rows.push({ name: target.name, version: '?', nodeVersion: '?', passed: 0, failed: 1, time: '-' });
		}
	}
	console.log('\n▸ Compatibility summary');
	for (const r of rows)
		console.log(
			`  ${r.failed ? '✗' : '✓'} n8n ${r.version} on Node ${r.nodeVersion}: ${r.passed} passed, ${r.failed} failed (${r.time})`,
		);
	const { passed, failed, failures } = summary();
	for (const f of failures) console.log(`  ✗ ${f.name}`);
	console.log(`${passed} passed, ${failed} failed; total ${secs(t0)}`);
	process.exitCode = failed || !passed ? 1 : 0;
}

main().catch((err) => {
	console.error(err);
	process.exitCode = 1;
});
