'use strict';
// Headless n8n: import credentials and the examples, run them with
// `n8n execute`, and hold the results against the sandbox's request log.
const fs = require('node:fs');
const path = require('node:path');
const { check, assert } = require('../lib/check');
const fx = require('../lib/fixtures');

const BIG_ID = '74590868830731162'; // above 2^53: a JS number would make it ...170
const DEPARTMENT_KEY = '90071992547409935';

const requestsTo = (sb, method, suffix, from = 0) =>
	sb.log.slice(from).filter((r) => r.method === method && r.path.endsWith(suffix));

module.exports = async function cliStep(ctx) {
	const { n8n, sb } = ctx;
	console.log('\n▸ CLI: export:nodes, execute the examples');
	const dir = path.join(ctx.runDir, 'import');

	await check('n8n export:nodes registers n8n-nodes-kohomai.kohomai and n8n-nodes-kohomai.kohomaiTool', async () => {
		const file = path.join(dir, 'nodes.json');
		await n8n.cli(['export:nodes', `--output=${file}`]);
		const types = JSON.parse(fs.readFileSync(file, 'utf8'));
		const node = types.find((t) => t.name === 'n8n-nodes-kohomai.kohomai');
		const tool = types.find((t) => t.name === 'n8n-nodes-kohomai.kohomaiTool');
		assert.ok(node, 'n8n-nodes-kohomai.kohomai not exported');
		assert.ok(tool, 'n8n-nodes-kohomai.kohomaiTool not exported');
		assert.deepEqual(tool.outputs, ['ai_tool']);
		ctx.exportedNode = node;
		return `${types.length} node types`;
	});

	// (b) User: Search -> Session: Create -> message
	const before = sb.log.length;
	const b = await n8n.execute(fx.EXAMPLES.session.id);
	await check('example (b) user-search-session runs without error', async () => {
		assert.equal(b.exitCode, 0, b.error ? JSON.stringify(b.error).slice(0, 400) : b.log);
		assert.equal(b.error, undefined);
	});
	await check(`User: Search finds johndoe@example.com with Id "${BIG_ID}" as a string`, async () => {
		const users = b.output('Find end user by email');
		assert.equal(users.length, 1);
		assert.equal(users[0].Id, BIG_ID);
		assert.equal(users[0].ContactPrefs.Email, 'johndoe@example.com');
	});
	await check('Session: Create outputs a ConnectionURL, ValidUntil and the same user id', async () => {
		const [conn] = b.output('Open login session');
		assert.match(conn.ConnectionURL, /^https?:\/\/\S+$/);
		assert.ok(conn.ValidUntil, 'ValidUntil missing');
		assert.equal(conn.User.Id, BIG_ID);
		return conn.ConnectionURL.replace(/([?&/=])[^?&/=]{6,}$/, '$1…');
	});
	await check('the message step carries the ConnectionURL ({{$json.ConnectionURL}} works downstream)', async () => {
		const [conn] = b.output('Open login session');
		const [msg] = b.output('Compose login message');
		assert.equal(msg.connectionUrl, conn.ConnectionURL);
		assert.ok(msg.text.includes(conn.ConnectionURL));
		assert.equal(msg.to, 'johndoe@example.com');
		assert.equal(msg.userId, BIG_ID);
	});
	await check(`the sandbox received "Id":${BIG_ID} digit for digit in POST /sessions`, async () => {
		const posts = requestsTo(sb, 'POST', '/sessions', before);
		assert.equal(posts.length, 1, `${posts.length} POST /sessions`);
		assert.match(posts[0].body, new RegExp(`"Id"\\s*:\\s*${BIG_ID}(?!\\d)`), posts[0].body);
		assert.ok(posts[0].status >= 200 && posts[0].status < 300, `status ${posts[0].status}`);
		assert.equal(posts[0].key, 'workspace');
		return posts[0].body;
	});

	// (a) sign-up -> Journey: Create, run with a manual trigger
	const beforeA = sb.log.length;
	const a = await n8n.execute(fx.DERIVED.signupManual);
	await check('example (a) sign-up -> Journey: Create runs without error (manual-trigger copy)', async () => {
		assert.equal(a.exitCode, 0, a.error ? JSON.stringify(a.error).slice(0, 400) : a.log);
	});
	await check('Journey: Create outputs a ConnectionURL and the new user with a string id', async () => {
		const [conn] = a.output('Register for onboarding');
		assert.match(conn.ConnectionURL, /^https?:\/\/\S+$/);
		assert.match(conn.User.Id, /^\d{17,19}$/);
		assert.equal(conn.User.ContactPrefs?.Email ?? fx.SAMPLE_SIGNUP.email, fx.SAMPLE_SIGNUP.email);
	});
	await check(
		'POST /journeys sent ?ref= of the starting point with the workspace key, and the data key id exactly',
		async () => {
			const posts = requestsTo(sb, 'POST', '/journeys', beforeA);
			assert.equal(posts.length, 1, `${posts.length} POST /journeys`);
			assert.equal(posts[0].key, 'workspace');
			assert.equal(posts[0].query.ref, Object.values(sb.keys.references)[0]);
			assert.match(posts[0].body, new RegExp(`"Id"\\s*:\\s*${DEPARTMENT_KEY}(?!\\d)`), posts[0].body);
			assert.ok(posts[0].body.includes(fx.SAMPLE_SIGNUP.email));
		},
	);

	// wrong key
	const beforeW = sb.log.length;
	const w = await n8n.execute(fx.DERIVED.wrongKey);
	await check("a wrong API key fails the execution with the node's mapped 401 message", async () => {
		assert.notEqual(w.exitCode, 0, 'n8n execute exited 0');
		const err = w.nodeError('Find end user by email') || w.error;
		assert.ok(err, 'no error recorded');
		assert.match(err.message, /Kohomai refused the API key \(401\)/);
		assert.match(`${err.description}`, /key/i);
		assert.equal(String(err.httpCode), '401');
		assert.ok(!JSON.stringify(w.raw).includes('sbx_ws_wrong_key_0000'), 'the key leaked into the execution data');
		return err.message;
	});
	await check('the sandbox answered 401 and nothing further was attempted', async () => {
		const reqs = sb.log.slice(beforeW);
		assert.ok(reqs.length >= 1);
		assert.ok(
			reqs.every((r) => r.status === 401),
			reqs.map((r) => `${r.method} ${r.path} ${r.status}`).join(', '),
		);
		assert.equal(requestsTo(sb, 'POST', '/sessions', beforeW).length, 0);
	});
};
