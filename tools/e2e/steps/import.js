'use strict';
// Credentials and workflows go in through n8n's own CLI, as an admin would.
const path = require('node:path');
const { require: must, assert } = require('../lib/check');
const fx = require('../lib/fixtures');

module.exports = async function importStep(ctx) {
	const { n8n, sb } = ctx;
	console.log('\n▸ Import: credentials and the example workflows');
	const dir = path.join(ctx.runDir, 'import');

	await must('n8n import:credentials (sandbox key and a wrong key)', async () => {
		const file = fx.writeJson(path.join(dir, 'credentials.json'), fx.credentials(sb, ctx.sandboxUrl, ctx.installedDir));
		await n8n.cli(['import:credentials', `--input=${file}`]);
	});

	await must('n8n import:workflow of the four examples and two derived workflows', async () => {
		const wfDir = path.join(dir, 'workflows');
		for (const key of Object.keys(fx.EXAMPLES)) {
			const wf = key === 'resume' ? fx.resumeExample(sb, ctx.finalPage.url) : fx.loadExample(key);
			fx.writeJson(path.join(wfDir, fx.EXAMPLES[key].file), wf);
		}
		fx.writeJson(path.join(wfDir, 'signup-manual.json'), fx.signupManual());
		fx.writeJson(path.join(wfDir, 'wrong-key.json'), fx.wrongKey());
		const res = await n8n.cli(['import:workflow', '--separate', `--input=${wfDir}`]);
		assert.match(res.stdout + res.stderr, /Successfully imported 6 workflows/);
	});
};
