'use strict';
// Example (c) run for real: n8n's AI Agent with the OpenAI Chat Model node,
// whose credential's Base URL points at a scripted OpenAI-compatible model on
// 127.0.0.1 (lib/scripted-model.js), calls the example's Kohomai tools. The
// model answers with tool calls as a real one does, and once writes the user
// id as a bare JSON number. Checked against the sandbox's raw request log:
// John's session is opened, nobody else's, and no rounded id is ever sent;
// and against what the model was shown and what the agent answered.
const path = require('node:path');
const { check, require: must, assert } = require('../lib/check');
const fx = require('../lib/fixtures');
const { startScriptedModel } = require('../lib/scripted-model');

const JOHN = { id: '74590868830731162', email: 'johndoe@example.com' };
// 74590868830731162 through a JS number: the sandbox's Jane Roe has this id.
const ROUNDED = String(Number(JOHN.id));
const NEW_PERSON = {
	firstName: 'Grace',
	lastName: 'Hopper',
	email: 'grace.hopper@example.com',
	department: 'Engineering',
};
const DEPARTMENT_KEY = '90071992547409935';
const OPENAI_CRED = { id: 'scriptedOpenAiCr', name: 'Scripted OpenAI-compatible model' };
const IDS = { login: 'kohomaiAgentLogn', register: 'kohomaiAgentRegi' };
const PROMPTS = {
	login: `send John Doe (${JOHN.email}) a new login link`,
	register: `register ${NEW_PERSON.firstName} ${NEW_PERSON.lastName} (${NEW_PERSON.email}), who joins ${NEW_PERSON.department}, for onboarding`,
};

// What the scripted model does, step by step, like a model that follows the
// system message: look up, then open a session; or register.
const SCRIPTS = [
	{
		match: /new login link/,
		next: ({ toolResults }) => {
			if (toolResults.length === 0) return { tool: /find/i, args: JSON.stringify({ email: JOHN.email }) };
			const last = toolResults[toolResults.length - 1];
			if (toolResults.length === 1) {
				// The id as a bare JSON number, digit for digit, as a model may write it.
				return { tool: /login/i, args: `{"userId":${JOHN.id}}` };
			}
			// A refused call gets the id again, as the string the tool asks for.
			if (toolResults.length === 2 && !/ConnectionURL/.test(last.content))
				return { tool: /login/i, args: JSON.stringify({ userId: JOHN.id }) };
			const validUntil = /"ValidUntil"\s*:\s*"([^"]+)"/.exec(last.content)?.[1] ?? 'soon';
			return { answer: `I created a new login link for John Doe. It is valid until ${validUntil}.` };
		},
	},
	{
		match: /^register /,
		next: ({ toolResults }) => {
			if (toolResults.length === 0)
				return {
					tool: /register/i,
					args: JSON.stringify({
						firstName: NEW_PERSON.firstName,
						lastName: NEW_PERSON.lastName,
						email: NEW_PERSON.email,
						department: NEW_PERSON.department,
					}),
				};
			return { answer: `${NEW_PERSON.firstName} ${NEW_PERSON.lastName} is registered; their login link was created.` };
		},
	},
];

// The example with its chat trigger replaced by a manual trigger that hands
// the agent one chat message (the agent reads $json.chatInput either way),
// and its chat model given the scripted model's credential.
function derived(id, prompt) {
	const wf = fx.loadExample('agent');
	const trigger = wf.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
	const agent = wf.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.agent');
	const model = wf.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi');
	model.credentials = { openAiApi: { ...OPENAI_CRED } };
	const nodes = wf.nodes.filter((n) => n !== trigger);
	nodes.push(
		{
			id: 'e2e-start',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [-240, 0],
			parameters: {},
		},
		{
			id: 'e2e-chat',
			name: trigger.name,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [0, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ sessionId: id, chatInput: prompt }), options: {} },
		},
	);
	return {
		...wf,
		id,
		name: `${wf.name} (${prompt})`,
		nodes,
		connections: {
			...wf.connections,
			Start: { main: [[{ node: trigger.name, type: 'main', index: 0 }]] },
			[trigger.name]: { main: [[{ node: agent.name, type: 'main', index: 0 }]] },
		},
	};
}

// Items a tool node gave the agent, over all its runs (tools answer on ai_tool, not main).
function toolOutputs(result, nodeName) {
	const runs = result.raw.data.resultData.runData[nodeName] || [];
	return runs.map((r) => ({
		items: Object.values(r.data || {})
			.flat()
			.flat()
			.filter(Boolean)
			.map((i) => i.json),
		error: r.error,
	}));
}

const kohomaiCalls = (sb, from) =>
	sb.log
		.slice(from)
		.filter((r) => r.path.includes('/users') || r.path.includes('/sessions') || r.path.includes('/journeys'));

module.exports = async function agentStep(ctx) {
	const { n8n, sb } = ctx;
	console.log("\n▸ AI Agent: the example's Kohomai tools called by a scripted OpenAI-compatible model");
	const model = await startScriptedModel(SCRIPTS);
	console.log(`  scripted model at ${model.url} (the OpenAI credential's Base URL)`);
	const dir = path.join(ctx.runDir, 'agent');
	try {
		await must('n8n import:credentials (OpenAI credential with the scripted model as Base URL)', async () => {
			const file = fx.writeJson(path.join(dir, 'credentials.json'), [
				{ ...OPENAI_CRED, type: 'openAiApi', data: { apiKey: 'sk-scripted-not-a-secret', url: model.url } },
			]);
			await n8n.cli(['import:credentials', `--input=${file}`]);
		});
		await must('n8n import:workflow of the example with a manual trigger, one per conversation', async () => {
			for (const key of Object.keys(IDS))
				fx.writeJson(path.join(dir, 'workflows', `${key}.json`), derived(IDS[key], PROMPTS[key]));
			await n8n.cli(['import:workflow', '--separate', `--input=${path.join(dir, 'workflows')}`]);
		});

		// 1. "send John Doe (...) a new login link": User: Search, then Session: Create.
		const fromLogin = sb.log.length;
		const modelFrom = model.requests.length;
		const login = await n8n.execute(IDS.login);
		const calls = kohomaiCalls(sb, fromLogin);
		const chats = model.requests.slice(modelFrom).filter((r) => r.body);
		fx.writeJson(path.join(dir, 'model-requests-login.json'), chats);
		console.log(`  model calls: ${chats.length}; tool calls made:`);
		for (const r of chats) {
			const m = /"tool_calls":\[(.*)\]/.exec(r.response);
			const call = m && /"name":"([^"]+)","arguments":("(?:[^"\\]|\\.)*")/.exec(m[1]);
			if (call) console.log(`    → ${call[1]} ${JSON.parse(call[2])}`);
		}
		console.log(
			`  Kohomai requests: ${calls.map((r) => `${r.method} ${r.path} ${r.status}${r.method === 'POST' ? ` ${r.body}` : ''}`).join('; ')}`,
		);
		await check(`the agent run "${PROMPTS.login}" finishes without error`, async () => {
			assert.equal(login.exitCode, 0, login.error ? JSON.stringify(login.error).slice(0, 600) : login.log);
		});
		await check('the model wrote the user id as a bare JSON number in one tool call', async () => {
			assert.ok(
				chats.some((r) => r.response.includes(`"arguments":"{\\"userId\\":${JOHN.id}}"`)),
				'no bare-number call',
			);
		});
		await check('the user search tool looked John up by his exact email', async () => {
			const search = calls.filter((r) => r.method === 'GET' && r.path.endsWith('/users'));
			assert.ok(search.length >= 1, 'no GET /users');
			assert.equal(search[0].query.email, JOHN.email);
		});
		await check(`the sandbox received one POST /sessions, for "Id":${JOHN.id} digit for digit`, async () => {
			const posts = calls.filter((r) => r.method === 'POST' && r.path.endsWith('/sessions'));
			const ok = posts.filter((r) => r.status >= 200 && r.status < 300);
			assert.equal(ok.length, 1, `${ok.length} sessions opened: ${posts.map((p) => p.body).join(' | ')}`);
			assert.match(ok[0].body, new RegExp(`"Id"\\s*:\\s*"?${JOHN.id}(?!\\d)`), ok[0].body);
			return ok[0].body;
		});
		await check(`no request anywhere carried the rounded id ${ROUNDED} (the sandbox's Jane Roe)`, async () => {
			const sent = sb.log
				.slice(fromLogin)
				.filter((r) => `${r.path} ${JSON.stringify(r.query)} ${r.body ?? ''}`.includes(ROUNDED));
			assert.deepEqual(
				sent.map((r) => `${r.method} ${r.path} ${r.body}`),
				[],
			);
		});
		await check(
			"the bare-number call was refused before any request; John's session was opened and nobody else's",
			async () => {
				const runs = toolOutputs(login, 'Create login link');
				const items = runs.flatMap((r) => r.items);
				const conns = items.filter((o) => o && o.ConnectionURL);
				assert.equal(conns.length, 1, `tool runs: ${JSON.stringify(runs).slice(0, 600)}`);
				assert.equal(conns[0].User.Id, JOHN.id);
				ctx.agentConnectionUrl = conns[0].ConnectionURL;
				const refused = chats
					.flatMap((r) => r.body.messages.filter((m) => m.role === 'tool'))
					.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
					.find((c) => !/ConnectionURL|ContactPrefs/.test(c));
				return `${runs.length} tool run(s), User.Id ${conns[0].User.Id}; what the model was told about the bare number: ${String(refused).slice(0, 200)}`;
			},
		);
		await check('the final answer carries no ConnectionURL', async () => {
			const [answer] = login.output('Onboarding agent');
			assert.ok(answer && typeof answer.output === 'string', JSON.stringify(answer));
			assert.ok(!answer.output.includes(ctx.agentConnectionUrl), answer.output);
			assert.ok(!/autologin|ConnectionURL/i.test(answer.output), answer.output);
			return answer.output;
		});
		await check("the ConnectionURL reached the model's context only as the login tool's result", async () => {
			const url = ctx.agentConnectionUrl;
			const shown = chats.filter((r) => r.raw.includes(url));
			for (const r of shown) {
				const toolMessages = r.body.messages.filter(
					(m) => m.role === 'tool' && JSON.stringify(m.content).includes(url),
				);
				const elsewhere = r.body.messages.filter((m) => m.role !== 'tool' && JSON.stringify(m).includes(url));
				assert.ok(toolMessages.length >= 1 && elsewhere.length === 0, JSON.stringify(r.body.messages).slice(0, 400));
			}
			return `in ${shown.length} of ${chats.length} model calls, as a tool result (the example returns the connection to the agent; its system message forbids repeating it)`;
		});

		// 2. A registration with journey data.
		const fromReg = sb.log.length;
		const regFrom = model.requests.length;
		const reg = await n8n.execute(IDS.register);
		const regCalls = kohomaiCalls(sb, fromReg);
		console.log(
			`  Kohomai requests: ${regCalls.map((r) => `${r.method} ${r.path} ${r.status} ${r.body ?? ''}`).join('; ')}`,
		);
		await check(`the agent run "${PROMPTS.register}" finishes without error`, async () => {
			assert.equal(reg.exitCode, 0, reg.error ? JSON.stringify(reg.error).slice(0, 600) : reg.log);
		});
		await check(
			'the register tool sent one POST /journeys with the names, the email and the department as journey data',
			async () => {
				const posts = regCalls.filter((r) => r.method === 'POST' && r.path.endsWith('/journeys'));
				assert.equal(posts.length, 1, `${posts.length} POST /journeys`);
				const body = posts[0].body;
				for (const v of Object.values(NEW_PERSON)) assert.ok(body.includes(v), `${v} missing from ${body}`);
				assert.match(body, new RegExp(`"Id"\\s*:\\s*${DEPARTMENT_KEY}(?!\\d)`), body);
				assert.equal(posts[0].query.ref, Object.values(sb.keys.references)[0]);
				return body;
			},
		);
		await check('the registration answer carries no ConnectionURL', async () => {
			const [answer] = reg.output('Onboarding agent');
			assert.ok(answer && typeof answer.output === 'string', JSON.stringify(answer));
			assert.ok(!/autologin|ConnectionURL|https?:\/\//i.test(answer.output), answer.output);
			const chatsReg = model.requests.slice(regFrom).filter((r) => r.body);
			return `${chatsReg.length} model calls; answer: ${answer.output}`;
		});
	} finally {
		await model.stop();
	}
};
