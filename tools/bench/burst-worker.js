'use strict';
// One n8n process of the many-executions benchmark (burst.js): it runs each
// job it is sent as its own execution of one item in n8n-core's engine, as an
// n8n main process (regular mode) or a queue-mode worker does. Every execution
// in this process shares the Kohomai node's flow control, as in n8n.
// argv[2]: the extracted package folder (its dist/ is the node under test).
const path = require('node:path');

const { createEngine } = require('./engine');
const subjects = require('./subjects');

const pkgDir = process.argv[2];
const { Kohomai } = require(path.join(pkgDir, 'dist/nodes/Kohomai/Kohomai.node.js'));
const { KohomaiApi } = require(path.join(pkgDir, 'dist/credentials/KohomaiApi.credentials.js'));
const { HttpRequest } = require('n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js');
const { HttpHeaderAuth } = require('n8n-nodes-base/dist/credentials/HttpHeaderAuth.credentials.js');

const engine = createEngine({
	nodeTypes: { 'n8n-nodes-kohomai.kohomai': new Kohomai(), 'n8n-nodes-base.httpRequest': new HttpRequest() },
	credentialTypes: [new KohomaiApi(), new HttpHeaderAuth()],
});

let target;
let credentials;
let node;

process.on('message', async (msg) => {
	if (msg.cmd === 'setup') {
		target = msg.target;
		credentials = {
			kohomaiApi: { apiKey: target.key, baseUrl: target.baseUrl },
			httpHeaderAuth: { name: 'Authorization', value: `Bearer ${target.key}` },
		};
		node = subjects[msg.subject].node(target);
		process.send({ cmd: 'ready' });
	} else if (msg.cmd === 'run') {
		let ok = false;
		let error;
		try {
			const r = await engine.run({
				node,
				items: [msg.item],
				credentials,
				executionId: `burst-${process.pid}-${msg.id}`,
			});
			ok = !r.error && r.output.length === 1 && r.output[0].json.error === undefined;
			error = r.error?.message ?? r.output[0]?.json?.error;
		} catch (e) {
			error = String(e && e.message);
		}
		process.send({ cmd: 'done', id: msg.id, ok, error });
	} else if (msg.cmd === 'memory') {
		// Peak resident memory of this process over its life (kB), i.e. of this run only.
		process.send({ cmd: 'memory', maxRssKb: process.resourceUsage().maxRSS });
	} else if (msg.cmd === 'exit') {
		process.disconnect();
	}
});
