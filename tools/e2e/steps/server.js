'use strict';
// n8n as a server, checked through the REST endpoints its editor calls.
const path = require('node:path');
const { check, require: must, assert } = require('../lib/check');
const { N8nRest } = require('../lib/rest');
const { OWNER, setupOwnerAndLogin } = require('../lib/owner');
const fx = require('../lib/fixtures');

const NODE = 'n8n-nodes-kohomai.kohomai';
const TOOL = 'n8n-nodes-kohomai.kohomaiTool';
const BIG_ID = '74590868830731162';

async function testCredential(rest, cred) {
	// As the editor does: read the stored (redacted) data, send it back to test.
	const stored = await rest.ok('GET', `/rest/credentials/${cred.id}?includeData=true`);
	const result = await rest.ok('POST', '/rest/credentials/test', {
		credentials: { id: stored.id, name: stored.name, type: stored.type, data: stored.data },
	});
	return { stored, result };
}

module.exports = async function serverStep(ctx) {
	const { n8n, sb } = ctx;
	console.log('\n▸ Server: n8n start on 127.0.0.1, REST as the editor uses it');
	n8n.startServer();
	await must(
		'n8n start answers /healthz/readiness on 127.0.0.1',
		async () => `${((await n8n.waitReady()) / 1000).toFixed(1)} s, ${n8n.baseUrl}`,
	);
	const rest = new N8nRest(n8n.baseUrl);
	ctx.rest = rest;

	await must('owner setup and login over REST', async () => {
		const user = await setupOwnerAndLogin(rest);
		assert.equal(user.email, OWNER.email);
		assert.ok(rest.cookie, 'no n8n-auth cookie');
	});

	let types;
	await must('GET /types/nodes.json lists the node and its tool variant', async () => {
		types = (await rest.request('GET', '/types/nodes.json')).json;
		assert.ok(Array.isArray(types), 'nodes.json is not a list');
		const node = types.find((t) => t.name === NODE);
		assert.ok(node, `${NODE} missing`);
		assert.ok(
			types.find((t) => t.name === TOOL),
			`${TOOL} missing`,
		);
		assert.equal(node.displayName, 'Kohomai');
		ctx.nodeType = node;
		ctx.triggerType = types.find((t) => t.name === `${NODE}Trigger`);
		assert.ok(ctx.triggerType, `${NODE}Trigger missing`);
		ctx.serverReady = true;
		const resource = node.properties.find((p) => p.name === 'resource');
		return `resources: ${resource.options.map((o) => o.value).join(', ')}`;
	});

	await check("the node's light and dark icons are served as SVG", async () => {
		const icon = ctx.nodeType.iconUrl;
		assert.ok(icon && icon.light && icon.dark, `iconUrl ${JSON.stringify(icon)}`);
		assert.notEqual(icon.light, icon.dark);
		for (const url of [icon.light, icon.dark]) {
			const res = await rest.request('GET', `/${url.replace(/^\//, '')}`);
			assert.equal(res.status, 200, `${url}: HTTP ${res.status}`);
			assert.match(res.headers.get('content-type') || '', /svg/);
			assert.match(res.text, /<svg/);
		}
		return `${icon.light}, ${icon.dark}`;
	});

	await check(
		'GET /types/credentials.json lists kohomaiApi, tested by the node (no test request of its own)',
		async () => {
			const creds = (await rest.request('GET', '/types/credentials.json')).json;
			const cred = creds.find((c) => c.name === 'kohomaiApi');
			assert.ok(cred, 'kohomaiApi missing');
			// n8n prefers a credential's own test over the node's testedBy function.
			assert.ok(!(cred.test && cred.test.request), 'the credential has its own test request');
			const fields = cred.properties.map((p) => p.name);
			for (const f of ['apiKey', 'baseUrl', 'ignoreSSLIssues']) assert.ok(fields.includes(f), `field ${f} missing`);
		},
	);

	await check('POST /rest/credentials/test: the sandbox key passes', async () => {
		const { stored, result } = await testCredential(rest, fx.CRED);
		assert.notEqual(stored.data.apiKey, sb.keys.workspace, 'the stored key came back unredacted');
		assert.equal(result.status, 'OK', JSON.stringify(result));
		return result.message;
	});

	await check('POST /rest/credentials/test: a wrong key fails with a clear message', async () => {
		const { result } = await testCredential(rest, fx.WRONG_CRED);
		assert.equal(result.status, 'Error', JSON.stringify(result));
		assert.match(result.message, /401|key|Unauthorized|Authorization/i);
		return result.message;
	});

	await check(
		'resource locator "From list" search answers through /rest/dynamic-node-parameters/resource-locator-results',
		async () => {
			const res = await rest.ok('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
				nodeTypeAndVersion: { name: NODE, version: 1 },
				path: 'parameters.user',
				methodName: 'searchUsers',
				filter: 'john',
				currentNodeParameters: {
					resource: 'session',
					operation: 'create',
					user: { __rl: true, mode: 'list', value: '' },
				},
				credentials: { kohomaiApi: { id: fx.CRED.id, name: fx.CRED.name } },
			});
			const john = res.results.find((r) => r.value === BIG_ID);
			assert.ok(john, `no result with value ${BIG_ID}: ${JSON.stringify(res.results)}`);
			assert.equal(typeof john.value, 'string');
			return `${res.results.length} result(s), "${john.name}" -> ${john.value}`;
		},
	);

	await check("example (a) live: POST to the webhook redirects to the new journey's ConnectionURL", async () => {
		const wf = await rest.ok('GET', `/rest/workflows/${fx.EXAMPLES.signup.id}`);
		const activated = await rest.ok('POST', `/rest/workflows/${wf.id}/activate`, { versionId: wf.versionId });
		assert.equal(activated.active, true, 'not active after publishing');
		const before = sb.log.length;
		const signup = { firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@example.com', department: 'Navy' };
		// Publishing may register the production webhook a moment after the
		// REST call returns; until then n8n answers 404 without running anything.
		let res;
		for (const t0 = Date.now(); Date.now() - t0 < 20e3; ) {
			res = await fetch(`${n8n.baseUrl}/webhook/kohomai-signup`, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(signup),
			});
			if (res.status !== 404) break;
			await new Promise((r) => setTimeout(r, 500));
		}
		assert.ok(res.status >= 300 && res.status < 400, `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
		const location = res.headers.get('location');
		const posts = sb.log.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/journeys'));
		assert.equal(posts.length, 1, `${posts.length} POST /journeys`);
		assert.ok(posts[0].body.includes(signup.email));
		const journey = sb.createdJourneys().at(-1);
		assert.ok(location && location.startsWith(new URL(ctx.sandboxUrl).origin), `Location: ${location}`);
		if (journey && journey.ConnectionURL) assert.equal(location, journey.ConnectionURL);
		return `HTTP ${res.status}`;
	});

	await check(
		'example (c) AI agent: imported, every node type known, Kohomai tools wired as ai_tool with no parameter issues',
		async () => {
			const { NodeHelpers } = require(path.join(ctx.host.dir, 'node_modules', 'n8n-workflow'));
			const wf = await rest.ok('GET', `/rest/workflows/${fx.EXAMPLES.agent.id}`);
			const known = new Map(types.map((t) => [`${t.name}@${[].concat(t.version).join(',')}`, t]));
			const byName = (name, version) =>
				[...known.values()].find((t) => t.name === name && [].concat(t.version).includes(version));
			const tools = [];
			for (const node of wf.nodes) {
				const type = byName(node.type, node.typeVersion);
				assert.ok(type, `unknown node type ${node.type}@${node.typeVersion}`);
				if (node.type !== TOOL) continue;
				tools.push(node.name);
				const issues = NodeHelpers.getNodeParametersIssues(type.properties, node, type);
				assert.equal(issues, null, `${node.name}: ${JSON.stringify(issues)}`);
				const out = wf.connections[node.name]?.ai_tool?.[0]?.[0];
				assert.equal(out && out.node, 'Onboarding agent', `${node.name} is not connected to the agent as a tool`);
			}
			assert.equal(tools.length, 3);
			return tools.join(', ');
		},
	);
};
