#!/usr/bin/env node
'use strict';
// npm run dev: the package in a local n8n editor against the Kohomai sandbox.
// Builds and installs the packed tarball (as users install it), starts the
// sandbox and n8n on 127.0.0.1, pre-creates the owner and a sandbox
// credential, prints the URL and login, and stops both on Ctrl-C.
// The n8n user folder is kept in tools/dev/.cache/user, so workflows built
// there survive restarts; the package is reinstalled from the fresh build
// each time (n8n loads a package at start, so a change needs a restart).
// The n8n install is this folder's own (host.js); the e2e suite's helpers
// start n8n, the sandbox and the owner login.
const fs = require('node:fs');
const path = require('node:path');
const { ensureHost, CACHE_DIR } = require('./host');
const { buildAndPack, installTarball } = require('../e2e/lib/package');
const { N8n } = require('../e2e/lib/n8n');
const { N8nRest } = require('../e2e/lib/rest');
const { OWNER, setupOwnerAndLogin } = require('../e2e/lib/owner');
const { startSandbox } = require('../e2e/lib/sandbox');
const fx = require('../e2e/lib/fixtures');

const N8N_PORT = Number(process.env.N8N_PORT || 5678);
// A fixed sandbox port keeps the saved credential's Base URL valid across runs.
const SANDBOX_PORT = Number(process.env.KOHOMAI_SANDBOX_PORT || 4010);

async function main() {
	const devDir = CACHE_DIR;
	const userFolder = path.join(devDir, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	const firstRun = !fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));

	console.log('• n8n host (first time: a few minutes)');
	const host = await ensureHost();
	console.log('• building and installing the package tarball');
	const { tarball } = await buildAndPack(path.join(devDir, 'pack'));
	const installedDir = await installTarball(host, userFolder, tarball);

	for (const [port, name, env] of [
		[N8N_PORT, 'n8n', 'N8N_PORT'],
		[N8N_PORT + 1, "n8n's task broker", 'N8N_PORT'],
		[SANDBOX_PORT, 'the sandbox', 'KOHOMAI_SANDBOX_PORT'],
	]) {
		if (await inUse(port))
			throw new Error(`port ${port} for ${name} is in use on 127.0.0.1: stop what holds it or set ${env}`);
	}
	const { sb, baseUrl } = await startSandbox({ port: SANDBOX_PORT });
	const n8n = new N8n(host, { userFolder, port: N8N_PORT, brokerPort: N8N_PORT + 1, logDir: devDir });

	// import:credentials upserts by id: the sandbox credential always matches
	// the running sandbox. The examples go in once, so edits to them are kept.
	const importDir = path.join(devDir, 'import');
	const credFile = fx.writeJson(
		path.join(importDir, 'credentials.json'),
		fx.credentials(sb, baseUrl, installedDir).slice(0, 1),
	);
	await n8n.cli(['import:credentials', `--input=${credFile}`]);
	if (firstRun) {
		const wfDir = path.join(importDir, 'workflows');
		for (const key of Object.keys(fx.EXAMPLES))
			fx.writeJson(path.join(wfDir, fx.EXAMPLES[key].file), fx.loadExample(key));
		await n8n.cli(['import:workflow', '--separate', `--input=${wfDir}`]);
	}

	console.log(`• starting n8n ${n8n.version()} (log: ${path.join(devDir, 'n8n-server.log')})`);
	const server = n8n.startServer();
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\n• stopping n8n and the sandbox');
		await n8n.stopServer();
		await sb.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	server.exited.then(({ code }) => {
		if (!stopping) {
			console.error(`n8n exited (${code}); see ${server.logFile}`);
			sb.stop().finally(() => process.exit(1));
		}
	});

	await n8n.waitReady();
	const rest = new N8nRest(n8n.baseUrl);
	const settings = await rest.ok('GET', '/rest/settings');
	if (settings.userManagement && settings.userManagement.showSetupOnFirstLoad) await setupOwnerAndLogin(rest);

	console.log(`
  n8n editor     ${n8n.baseUrl}/
  login          ${OWNER.email} / ${OWNER.password}
  credential     "${fx.CRED.name}" (Kohomai sandbox, workspace key ${sb.keys.workspace})
  sandbox API    ${baseUrl}   (seeded user johndoe@example.com, id 74590868830731162)
  examples       ${Object.values(fx.EXAMPLES)
		.map((e) => e.file)
		.join(', ')}

  Ctrl-C stops n8n and the sandbox.`);
}

function inUse(port) {
	return new Promise((resolve) => {
		const socket = require('node:net').connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

main().catch((err) => {
	console.error(err.message || err);
	process.exit(1);
});
