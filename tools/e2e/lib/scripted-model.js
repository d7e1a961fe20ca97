'use strict';
// A scripted stand-in for an OpenAI-compatible chat model: POST
// /v1/chat/completions on 127.0.0.1 answers the way a real model does, with
// tool calls and then a final answer, from a script chosen by the user's
// message. Each step is a function of the conversation so far, and may write
// the tool-call arguments as raw JSON text (a real model can write an id as a
// bare number, which this must be able to reproduce byte for byte). Every
// request body is kept raw, so a test can read exactly what the model was shown.
const http = require('node:http');

/**
 * @typedef {{ role: string, content?: string|null, tool_calls?: object[], tool_call_id?: string, name?: string }} Message
 * @typedef {{ tool: RegExp, args: string } | { answer: string }} Step
 *   `tool`: matched against the names of the tools in the request; `args`:
 *   the arguments exactly as the model writes them (JSON text).
 * @typedef {{ match: RegExp, next: (conversation: { messages: Message[], toolResults: { name: string, content: string }[] }) => Step }} Script
 */

/**
 * Starts the scripted model.
 * @param {Script[]} scripts one per conversation, chosen by the first user message
 * @returns {Promise<{ url: string, requests: { raw: string, body: object, response: string }[], stop: () => Promise<void> }>}
 */
async function startScriptedModel(scripts) {
	const requests = [];
	let calls = 0;
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (raw += d));
		req.on('end', () => {
			const entry = { method: req.method, path: req.url, raw, body: undefined, response: '' };
			requests.push(entry);
			if (req.method === 'GET' && req.url.endsWith('/models')) {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				return res.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted-model', object: 'model' }] }));
			}
			if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
				res.writeHead(404, { 'Content-Type': 'application/json' });
				return res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
			}
			try {
				entry.body = JSON.parse(raw);
				const step = nextStep(scripts, entry.body);
				const id = `call_${++calls}`;
				const message =
					'answer' in step
						? { role: 'assistant', content: step.answer }
						: {
								role: 'assistant',
								content: null,
								toolCall: { id, name: toolName(entry.body, step.tool), args: step.args },
							};
				entry.response = entry.body.stream ? streamed(res, entry.body, message) : whole(res, entry.body, message);
			} catch (err) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `scripted model: ${err.message}` } }));
				entry.response = `error: ${err.message}`;
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/v1`,
		requests,
		stop: () => new Promise((resolve) => server.close(resolve)),
	};
}

function nextStep(scripts, body) {
	const messages = body.messages || [];
	const user = messages.find((m) => m.role === 'user');
	const text = typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content ?? '');
	const script = scripts.find((s) => s.match.test(text));
	if (!script) throw new Error(`no script for the user message ${JSON.stringify(text.slice(0, 120))}`);
	// Tool results in order, each with the name of the tool that was called.
	const names = new Map();
	for (const m of messages) for (const c of m.tool_calls || []) names.set(c.id, c.function?.name);
	const toolResults = messages
		.filter((m) => m.role === 'tool')
		.map((m) => ({
			name: names.get(m.tool_call_id) || m.name,
			content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
		}));
	return script.next({ messages, toolResults });
}

function toolName(body, pattern) {
	const names = (body.tools || []).map((t) => t.function?.name).filter(Boolean);
	const name = names.find((n) => pattern.test(n));
	if (!name) throw new Error(`no tool matching ${pattern} among ${names.join(', ')}`);
	return name;
}

// The response is assembled as text so that `args` goes out exactly as written.
function toolCallJson(call) {
	return `{"id":${JSON.stringify(call.id)},"type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":${JSON.stringify(call.args)}}}`;
}

function whole(res, body, message) {
	const msg = message.toolCall
		? `{"role":"assistant","content":null,"tool_calls":[${toolCallJson(message.toolCall)}]}`
		: JSON.stringify({ role: 'assistant', content: message.content });
	const finish = message.toolCall ? 'tool_calls' : 'stop';
	const text =
		`{"id":"chatcmpl-scripted","object":"chat.completion","created":${Math.floor(Date.now() / 1000)},` +
		`"model":${JSON.stringify(body.model || 'scripted-model')},"choices":[{"index":0,"message":${msg},` +
		`"finish_reason":"${finish}"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`;
	res.writeHead(200, { 'Content-Type': 'application/json' });
	res.end(text);
	return text;
}

function streamed(res, body, message) {
	const head = `{"id":"chatcmpl-scripted","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(body.model || 'scripted-model')},"choices":[`;
	const chunks = message.toolCall
		? [
				`${head}{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,${toolCallJson(message.toolCall).slice(1)}]},"finish_reason":null}]}`,
				`${head}{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`,
			]
		: [
				`${head}{"index":0,"delta":{"role":"assistant","content":${JSON.stringify(message.content)}},"finish_reason":null}]}`,
				`${head}{"index":0,"delta":{},"finish_reason":"stop"}]}`,
			];
	const text = chunks.map((c) => `data: ${c}\n\n`).join('') + 'data: [DONE]\n\n';
	res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
	res.end(text);
	return text;
}

module.exports = { startScriptedModel };
