'use strict';
// Regular mode: the example that waits for the person, on the server phase's
// n8n (one process, SQLite).
const { require: must, assert } = require('../lib/check');
const { runCompletion } = require('../lib/completion');
const fx = require('../lib/fixtures');

module.exports = async function completionStep(ctx) {
	const { n8n, sb } = ctx;
	console.log('\n▸ Completion (regular mode): sign-up -> Journey: Create -> Wait -> the person finishes -> resumed');
	assert.ok(ctx.rest && ctx.serverReady, 'the server phase did not get n8n ready');
	await must('[regular] the example journey-completion-resume is published', async () => {
		const wf = await ctx.rest.ok('GET', `/rest/workflows/${fx.EXAMPLES.resume.id}`);
		const activated = await ctx.rest.ok('POST', `/rest/workflows/${wf.id}/activate`, { versionId: wf.versionId });
		assert.equal(activated.active, true, 'not active after publishing');
	});
	await runCompletion({
		label: 'regular',
		baseUrl: n8n.baseUrl,
		rest: ctx.rest,
		sb,
		finalPage: ctx.finalPage,
		host: ctx.host,
		sandboxUrl: ctx.sandboxUrl,
		workflowId: fx.EXAMPLES.resume.id,
		logFiles: [n8n.server.logFile],
	});
};
