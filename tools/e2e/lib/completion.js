'use strict';
// The "know when the person finishes" scenario, the same in regular and in
// queue mode: sign up over HTTP, see the execution wait, let the scripted
// person complete the journey and follow the redirects back through n8n to
// the final page, then read the finished execution.
const fs = require('node:fs');
const path = require('node:path');
const { check, require: must, assert } = require('./check');
const { REPO_DIR } = require('./host');

const { completeJourney } = require(path.join(REPO_DIR, 'tools', 'sandbox', 'person'));

const WEBHOOK_PATH = 'kohomai-signup-resume';
const DONE_NODE = 'Journey completed?';
const WAIT_NODE = 'Wait until the journey is done';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// n8n keeps execution data "flatted" (shared references as indexes).
function parseExecutionData(host, data) {
	if (typeof data !== 'string') return data;
	const { parse } = require(require.resolve('flatted', { paths: [path.join(host.dir, 'node_modules', 'n8n')] }));
	return parse(data);
}

async function latestExecution(rest, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await rest.ok('GET', `/rest/executions?filter=${filter}&limit=5`);
	const results = (list && (list.results || list)) || [];
	return results.sort((a, b) => Number(b.id) - Number(a.id))[0];
}

async function pollExecution(rest, id, want, timeoutMs = 60e3) {
	const t0 = Date.now();
	let last;
	while (Date.now() - t0 < timeoutMs) {
		last = await rest.ok('GET', `/rest/executions/${id}`);
		if (want.includes(last.status)) return last;
		await sleep(250);
	}
	throw new Error(
		`execution ${id} still "${last && last.status}" after ${timeoutMs / 1000} s (wanted ${want.join(' or ')})`,
	);
}

function nodeOutput(execData, nodeName) {
	const runs = execData.resultData.runData[nodeName];
	if (!runs)
		throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(execData.resultData.runData).join(', ')}`);
	const run = runs[runs.length - 1];
	return {
		items: ((run.data && run.data.main && run.data.main[0]) || []).map((i) => i.json),
		startTime: run.startTime,
		run,
	};
}

// The resume URL carries a token; print its shape, never its value.
function redactResumeUrl(url) {
	const u = new URL(url);
	for (const k of [...u.searchParams.keys()]) u.searchParams.set(k, `<${u.searchParams.get(k).length} chars>`);
	return decodeURI(u.toString());
}

/**
 * @param {object} o
 * @param {string} o.label 'regular' | 'queue'
 * @param {string} o.baseUrl n8n main's URL
 * @param {import('./rest').N8nRest} o.rest logged in on main
 * @param {object} o.sb the sandbox
 * @param {{ url: string, hits: string[] }} o.finalPage
 * @param {string} o.workflowId
 * @param {string[]} o.logFiles n8n logs that must not hold the ConnectionURL
 * @param {object} o.host
 * @returns {Promise<{ executionId: string } | undefined>}
 */
async function runCompletion(o) {
	const { label, rest, sb } = o;
	const email = `resume.${label}.${Date.now()}@example.com`;
	const signup = { firstName: 'Katherine', lastName: 'Johnson', email };
	const state = {};

	await must(`[${label}] POST /webhook/${WEBHOOK_PATH} redirects the new person to their ConnectionURL`, async () => {
		let res;
		for (const t0 = Date.now(); Date.now() - t0 < 20e3; ) {
			res = await fetch(`${o.baseUrl}/webhook/${WEBHOOK_PATH}`, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(signup),
			});
			if (res.status !== 404) break;
			await sleep(500);
		}
		assert.ok(res.status >= 300 && res.status < 400, `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
		state.link = res.headers.get('location');
		assert.ok(
			state.link && state.link.startsWith(`${new URL(o.sandboxUrl).origin}/internal/v1/autologin?UUID=`),
			'Location is not a sandbox ConnectionURL',
		);
		const user = sb.state.users.find((u) => u.ContactPrefs.Email === email);
		assert.ok(user, 'the sandbox has no user for the sign-up');
		state.journey = sb.journeysOf(user.Id)[0];
		assert.ok(state.journey, 'no journey for the new user');
		return `HTTP ${res.status}; journey ${state.journey.Id} for user ${user.Id}`;
	});

	await must(`[${label}] the execution waits at "${WAIT_NODE}"`, async () => {
		let exec;
		for (const t0 = Date.now(); Date.now() - t0 < 30e3; ) {
			exec = await latestExecution(rest, o.workflowId);
			if (exec && exec.status === 'waiting') break;
			await sleep(250);
		}
		assert.ok(exec, 'no execution of the workflow');
		assert.equal(exec.status, 'waiting', `execution ${exec.id} is "${exec.status}"`);
		state.executionId = String(exec.id);
		state.waitingSince = Date.now();
		return `execution ${exec.id}: status waiting`;
	});

	await check(
		`[${label}] Journey: Create sent $execution.resumeUrl as the RedirectURL, and the sandbox accepted it`,
		async () => {
			const resume = state.journey.RedirectURL;
			assert.ok(resume, 'the journey has no RedirectURL');
			const u = new URL(resume);
			assert.equal(`${u.origin}${u.pathname}`, `${o.baseUrl}/webhook-waiting/${state.executionId}`);
			assert.ok(u.searchParams.get('signature'), 'no signature in the resume URL');
			state.resumeUrl = resume;
			return redactResumeUrl(resume);
		},
	);

	await check(
		`[${label}] still waiting while the person has not finished; the resume URL without its token, or with a wrong one, is refused`,
		async () => {
			const u = new URL(state.resumeUrl);
			const wrong = new URL(u);
			wrong.searchParams.set('signature', '0'.repeat(u.searchParams.get('signature').length));
			const none = new URL(u);
			none.search = '';
			const answers = [];
			for (const url of [none, wrong]) {
				const res = await fetch(url, { redirect: 'manual' });
				answers.push(`${res.status} ${(await res.text()).slice(0, 40)}`);
				assert.equal(res.status, 401, `a resume call without the right token answered ${res.status}`);
			}
			await sleep(500);
			const exec = await rest.ok('GET', `/rest/executions/${state.executionId}`);
			assert.equal(exec.status, 'waiting');
			assert.equal(sb.journey(state.journey.Id).Status, 'InProgress');
			return `no token: ${answers[0]}; wrong token: ${answers[1]}`;
		},
	);

	let person;
	await must(
		`[${label}] the person opens the link, completes the journey and is redirected through n8n to the final page`,
		async () => {
			state.completedAt = Date.now();
			person = await completeJourney(state.link);
			const hops = person.hops.map((h) => `${h.method} ${h.status}`);
			assert.deepEqual(
				hops,
				['GET 200', 'POST 303', 'GET 307', 'GET 200'],
				JSON.stringify(
					person.hops.map((h) => ({
						...h,
						url: h.url.replace(/UUID=.*/, 'UUID=…').replace(/\?signature=.*/, '?signature=…'),
					})),
				),
			);
			assert.equal(person.hops[1].location, state.resumeUrl, 'the sandbox did not redirect to the resume URL');
			assert.equal(person.hops[2].url, state.resumeUrl);
			assert.equal(person.finalUrl, o.finalPage.url);
			assert.match(person.finalBody, /Welcome aboard/);
			return `link 200 -> complete 303 -> n8n /webhook-waiting/${state.executionId} ${person.hops[2].status} -> ${new URL(person.finalUrl).pathname} 200`;
		},
	);

	await check(
		`[${label}] a second use of the ConnectionURL gets 410, of the resume URL an error from n8n`,
		async () => {
			const link = await fetch(state.link, { redirect: 'manual' });
			assert.equal(link.status, 410);
			await pollExecution(rest, state.executionId, ['success', 'error', 'crashed', 'canceled']);
			const again = await fetch(state.resumeUrl, { redirect: 'manual' });
			assert.ok(again.status >= 400, `the resume URL answered ${again.status} a second time`);
			return `link 410; resume URL ${again.status}`;
		},
	);

	let exec;
	let data;
	await must(`[${label}] the execution resumed after the person completed and finished`, async () => {
		exec = await pollExecution(rest, state.executionId, ['success', 'error', 'crashed', 'canceled']);
		data = parseExecutionData(o.host, exec.data);
		const welcome = nodeOutput(data, 'Send them to the welcome page');
		assert.ok(welcome.startTime >= state.completedAt, 'the step after the Wait ran before the person completed');
		assert.equal(exec.status, 'success', JSON.stringify(data.resultData.error || {}).slice(0, 400));
		return `status ${exec.status}; waited ${((state.completedAt - state.waitingSince) / 1000).toFixed(1)} s, resumed ${welcome.startTime - state.completedAt} ms after the person completed`;
	});

	await check(`[${label}] "${DONE_NODE}" outputs completed: true for the person's journey`, async () => {
		const out = nodeOutput(data, DONE_NODE).items;
		assert.equal(out.length, 1);
		const j = sb.journey(state.journey.Id);
		assert.equal(j.Status, 'Completed');
		assert.deepEqual(out[0], {
			journeyId: state.journey.Id,
			email,
			status: 'Completed',
			activitiesDone: j.Activities.length,
			activitiesTotal: j.Activities.length,
			completed: true,
		});
		return JSON.stringify(out[0]);
	});

	await check(`[${label}] the ConnectionURL appears in no n8n log`, async () => {
		const uuid = new URL(state.link).searchParams.get('UUID');
		for (const f of o.logFiles) {
			const text = fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
			assert.ok(!text.includes(uuid), `${path.basename(f)} holds the ConnectionURL`);
		}
		return o.logFiles.map((f) => path.basename(f)).join(', ');
	});

	return { executionId: state.executionId };
}

module.exports = { runCompletion, parseExecutionData, latestExecution, pollExecution, WEBHOOK_PATH };
