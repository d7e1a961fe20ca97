'use strict';
// Build, pack and install the package exactly as a user's manual install does.
const fs = require('node:fs');
const path = require('node:path');
const { check, require: must, assert } = require('../lib/check');
const { buildAndPack, installTarball, README_INSTALL } = require('../lib/package');

module.exports = async function packageStep(ctx) {
	console.log("\n▸ Package: build, npm pack, install the tarball into n8n's nodes folder");
	let packed;
	await must('npm run build && npm pack produce a tarball', async () => {
		packed = await buildAndPack(path.join(ctx.runDir, 'pack'));
		ctx.tarball = packed.tarball;
		return `${path.basename(packed.tarball)}, ${packed.files.length} files, ${(packed.info.size / 1024).toFixed(1)} kB`;
	});
	// npm always packs the file named in "main" (index.js), whatever "files" says.
	await check('tarball holds only dist/, package.json, README, LICENSE and the "main" file', async () => {
		const main = JSON.parse(
			require('node:fs').readFileSync(path.join(require('../lib/host').REPO_DIR, 'package.json'), 'utf8'),
		).main;
		const stray = packed.files.filter(
			(f) => f !== main && !/^(dist\/|package\.json$|README(\.md)?$|LICEN[CS]E(\.md)?$)/i.test(f),
		);
		assert.deepEqual(stray, []);
	});
	await check('tarball holds the node, the credential, both icons and the codex', async () => {
		for (const f of [
			'dist/nodes/Kohomai/Kohomai.node.js',
			'dist/nodes/Kohomai/Kohomai.node.json',
			'dist/nodes/Kohomai/kohomai.svg',
			'dist/nodes/Kohomai/kohomai.dark.svg',
			'dist/credentials/KohomaiApi.credentials.js',
		])
			assert.ok(packed.files.includes(f), `missing ${f}`);
	});
	await must(
		`installed as the README's manual install says: cd <user folder>/.n8n/nodes && npm ${README_INSTALL.join(' ')} <tarball>`,
		async () => {
			ctx.installedDir = await installTarball(ctx.host, ctx.userFolder, ctx.tarball);
			assert.ok(fs.existsSync(path.join(ctx.installedDir, 'package.json')));
		},
	);
	await check('no node_modules/n8n-workflow beside the package', async () => {
		const beside = path.join(ctx.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-workflow');
		assert.ok(!fs.existsSync(beside), `${beside} exists`);
		return path.relative(ctx.runDir, beside) + ' absent';
	});
	await check('the install pulls in no dependencies (no second n8n-workflow)', async () => {
		const modules = fs
			.readdirSync(path.join(ctx.userFolder, '.n8n', 'nodes', 'node_modules'))
			.filter((d) => !d.startsWith('.'));
		assert.deepEqual(modules, ['n8n-nodes-kohomai']);
		assert.ok(!fs.existsSync(path.join(ctx.installedDir, 'node_modules')), 'nested node_modules inside the package');
	});
};
