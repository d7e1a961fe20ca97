'use strict';
// The package as users get it: built, packed with `npm pack`, and installed
// from the tarball into n8n's nodes folder the way a manual install does it.
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./proc');
const { REPO_DIR, node24Env } = require('./host');

async function buildAndPack(outDir) {
	await run('npm', ['run', 'build', '--silent'], { cwd: REPO_DIR, quiet: true });
	fs.mkdirSync(outDir, { recursive: true });
	for (const f of fs.readdirSync(outDir)) if (f.endsWith('.tgz')) fs.rmSync(path.join(outDir, f));
	const res = await run('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: REPO_DIR, quiet: true });
	const info = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')))[0];
	return { tarball: path.join(outDir, info.filename), files: info.files.map((f) => f.path), info };
}

// The README's manual install, word for word apart from the tarball standing
// in for the registry name; the other flags only quieten npm.
const README_INSTALL = ['i', '--omit=peer'];

// n8n reads community packages from <N8N_USER_FOLDER>/.n8n/nodes/node_modules.
async function installTarball(host, userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const pkgJson = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pkgJson)) {
		fs.writeFileSync(pkgJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	await run('npm', [...README_INSTALL, '--no-audit', '--no-fund', '--loglevel=error', tarball], {
		cwd: nodesDir,
		env: node24Env(host),
		quiet: true,
	});
	const installed = path.join(nodesDir, 'node_modules', 'n8n-nodes-kohomai');
	// What `npm i` without --omit=peer would have added: n8n-workflow beside the package.
	const beside = path.join(nodesDir, 'node_modules', 'n8n-workflow');
	if (fs.existsSync(beside)) throw new Error(`${beside} exists: the install brought a second n8n-workflow`);
	return installed;
}

module.exports = { buildAndPack, installTarball, README_INSTALL };
