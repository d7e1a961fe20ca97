'use strict';
// The Kohomai Trigger in a real n8n, in regular mode (one n8n, SQLite) and in
// queue mode (a main that polls, a worker that runs the executions; Redis and
// PostgreSQL): activation emits nothing for the journeys that exist; a journey
// completed in the sandbox gives exactly one execution with that journey
// within the next poll; after a restart of n8n nothing is emitted again; a
// second completion gives exactly one more execution.
//
// n8n polls at most once a minute ("Poll Times": Every Minute, at a second of
// its choosing), so each wait below is for the next GET /journeys the sandbox
// receives, with a bounded deadline (POLL_DEADLINE_MS), never a fixed sleep.
const fs = require('node:fs');
const path = require('node:path');
const { check, require: must, assert, PhaseAborted } = require('../lib/check');
const { N8n, freePort } = require('../lib/n8n');
const { N8nRest } = require('../lib/rest');
const { OWNER, setupOwnerAndLogin } = require('../lib/owner');
const { installTarball } = require('../lib/package');
const { startRedis, startPostgres } = require('../lib/services');
const { parseExecutionData } = require('../lib/completion');
const fx = require('../lib/fixtures');

/** One minute between polls, plus the time a loaded machine needs to run one. */
const POLL_DEADLINE_MS = 150e3;
const WORKFLOW_ID = 'kohomaiTriggerE2';
const TRIGGER = 'Kohomai Trigger';
const JOHN = '74590868830731162';
const EMPLOYEE_ONBOARDING = '318274650918273645';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Kohomai Trigger (Journey Completed, every minute) → No Operation. */
function triggerWorkflow() {
	return {
		id: WORKFLOW_ID,
		name: 'E2E: Kohomai Trigger (Journey Completed)',
		active: false,
		nodes: [
			{
				id: 'a3b0f7e2-5d1c-4d0e-9a57-0c1d2e3f4a51',
				name: TRIGGER,
				type: 'n8n-nodes-kohomai.kohomaiTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'journeyCompleted' },
				credentials: { kohomaiApi: fx.CRED },
			},
			{
				id: 'a3b0f7e2-5d1c-4d0e-9a57-0c1d2e3f4a52',
				name: 'Done',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [240, 0],
				parameters: {},
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** The sandbox's list reads (GET /journeys, not /journeys/{id}) since a time. */
function listReadsSince(sb, sinceIso) {
	return sb.log.filter((r) => r.method === 'GET' && /\/journeys$/.test(r.path) && r.time >= sinceIso).length;
}

/** Waits for `count` more polls (list reads) after `sinceIso`; returns the time the last one was seen. */
async function waitForPolls(sb, sinceIso, count, deadlineMs = POLL_DEADLINE_MS) {
	const t0 = Date.now();
	while (Date.now() - t0 < deadlineMs) {
		if (listReadsSince(sb, sinceIso) >= count) return Date.now() - t0;
		await sleep(500);
	}
	throw new Error(`fewer than ${count} poll(s) of GET /journeys within ${deadlineMs / 1000} s`);
}

/** The workflow's executions, oldest first, each with the journey ids its trigger emitted (once finished). */
async function executions(rest, host) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
	const list = await rest.ok('GET', `/rest/executions?filter=${filter}&limit=50`);
	const results = ((list && (list.results || list)) || []).sort((a, b) => Number(a.id) - Number(b.id));
	const out = [];
	for (const e of results) {
		const full = await rest.ok('GET', `/rest/executions/${e.id}`);
		const data = parseExecutionData(host, full.data);
		const runs = data && data.resultData && data.resultData.runData && data.resultData.runData[TRIGGER];
		const items = (runs && runs[0] && runs[0].data && runs[0].data.main && runs[0].data.main[0]) || [];
		out.push({ id: e.id, status: full.status, mode: full.mode, journeys: items.map((i) => i.json.Id) });
	}
	return out;
}

async function waitForExecutions(rest, host, count, deadlineMs = POLL_DEADLINE_MS) {
	const t0 = Date.now();
	let last = [];
	while (Date.now() - t0 < deadlineMs) {
		last = await executions(rest, host);
		const finished = last.filter((e) => ['success', 'error', 'crashed'].includes(e.status));
		if (last.length >= count && finished.length === last.length) return { list: last, ms: Date.now() - t0 };
		await sleep(1000);
	}
	throw new Error(`${last.length} execution(s) after ${deadlineMs / 1000} s, wanted ${count}`);
}

const describe = (list) => list.map((e) => `#${e.id} ${e.status} [${e.journeys.join(', ')}]`).join('; ');

/**
 * The scenario, for one mode. `processes` starts n8n (and for queue mode its
 * worker) and returns { rest, restart(), logFiles }.
 */
async function scenario(label, ctx, n8nProcess) {
	const { sb, host } = ctx;
	const first = sb.addJourney({ UserId: JOHN, WorkflowId: EMPLOYEE_ONBOARDING });
	const second = sb.addJourney({ UserId: JOHN, WorkflowId: EMPLOYEE_ONBOARDING });
	const open = sb.state.journeys.filter((j) => j.Status !== 'Completed').length;
	const done = sb.state.journeys.length - open;
	const rest = n8nProcess.rest;

	let activatedAt;
	await must(`[${label}] workflow "Kohomai Trigger (Journey Completed)" activated`, async () => {
		const wf = await rest.ok('GET', `/rest/workflows/${WORKFLOW_ID}`);
		activatedAt = new Date().toISOString();
		const activated = await rest.ok('POST', `/rest/workflows/${WORKFLOW_ID}/activate`, { versionId: wf.versionId });
		assert.equal(activated.active, true);
		return `${sb.state.journeys.length} journeys in the sandbox, ${open} open, ${done} completed`;
	});

	await must(`[${label}] activation polled once and emitted nothing for the existing journeys`, async () => {
		await waitForPolls(sb, activatedAt, 1, 30e3);
		const list = await executions(rest, host);
		assert.equal(list.length, 0, `executions after activation: ${describe(list)}`);
		return `${listReadsSince(sb, activatedAt)} GET /journeys, 0 executions`;
	});

	await must(
		`[${label}] a journey completed in the sandbox gives exactly one execution, with that journey`,
		async () => {
			const completedAt = new Date().toISOString();
			sb.completeJourney(first.Id);
			const { list, ms } = await waitForExecutions(rest, host, 1);
			// One more poll after the execution: still one.
			const after = new Date().toISOString();
			await waitForPolls(sb, after, 1);
			const again = await executions(rest, host);
			assert.equal(again.length, 1, `executions: ${describe(again)}`);
			assert.deepEqual(again[0].journeys, [first.Id]);
			assert.equal(again[0].status, 'success');
			return `completed ${completedAt}; execution ${describe(list)} (mode ${again[0].mode}) ${(ms / 1000).toFixed(0)} s later; the next poll added none`;
		},
	);

	await must(`[${label}] n8n restarted: nothing is emitted again`, async () => {
		const before = new Date().toISOString();
		const readyMs = await n8nProcess.restart();
		// The poll n8n runs when it starts (activation mode "init") and one scheduled poll.
		await waitForPolls(sb, before, 2);
		const list = await executions(rest, host);
		assert.equal(list.length, 1, `executions: ${describe(list)}`);
		return `ready in ${(readyMs / 1000).toFixed(0)} s; ${listReadsSince(sb, before)} polls since; still 1 execution`;
	});

	await check(`[${label}] a second completion gives exactly one more execution`, async () => {
		sb.completeJourney(second.Id);
		const { ms } = await waitForExecutions(rest, host, 2);
		const after = new Date().toISOString();
		await waitForPolls(sb, after, 1);
		const list = await executions(rest, host);
		assert.equal(list.length, 2, `executions: ${describe(list)}`);
		assert.deepEqual(list[1].journeys, [second.Id]);
		return `${describe(list)}; ${(ms / 1000).toFixed(0)} s after the completion`;
	});

	const list = await executions(rest, host);
	console.log(
		`  [${label}] trigger run: ${list.length} execution(s) for 2 completions, ${listReadsSince(sb, activatedAt)} polls of GET /journeys`,
	);
	return list;
}

/** Installs the package, imports the credential and the workflow into a user folder (through its CLI). */
async function prepare(ctx, n8n, dir) {
	const installed = await installTarball(ctx.host, n8n.opts.userFolder, ctx.tarball);
	const credFile = fx.writeJson(
		path.join(dir, 'import', 'credentials.json'),
		fx.credentials(ctx.sb, ctx.sandboxUrl, installed),
	);
	await n8n.cli(['import:credentials', `--input=${credFile}`]);
	const wfFile = fx.writeJson(path.join(dir, 'import', 'trigger.json'), triggerWorkflow());
	await n8n.cli(['import:workflow', `--input=${wfFile}`]);
}

async function regular(ctx) {
	const dir = path.join(ctx.runDir, 'trigger-regular');
	fs.mkdirSync(dir, { recursive: true });
	const n8n = new N8n(ctx.host, { userFolder: dir, logDir: dir, port: await freePort(), brokerPort: await freePort() });
	await must('[trigger/regular] package, credential and the trigger workflow in a fresh n8n (SQLite)', async () => {
		await prepare(ctx, n8n, dir);
	});
	const rest = new N8nRest(n8n.baseUrl);
	try {
		await must('[trigger/regular] n8n started, owner logged in', async () => {
			n8n.startServer();
			const ms = await n8n.waitReady();
			await setupOwnerAndLogin(rest);
			return `ready in ${(ms / 1000).toFixed(0)} s`;
		});
		return await scenario('trigger/regular', ctx, {
			rest,
			restart: async () => {
				await n8n.stopServer();
				n8n.startServer();
				const ms = await n8n.waitReady();
				await login(rest);
				return ms;
			},
		});
	} finally {
		await n8n.stopServer();
	}
}

/** After a restart the owner exists: log in again. */
async function login(rest) {
	await rest.ok('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
}

async function queue(ctx) {
	const { host } = ctx;
	const dir = path.join(ctx.runDir, 'trigger-queue');
	fs.mkdirSync(dir, { recursive: true });
	const stops = [];
	try {
		let redis;
		let pg;
		await must('[trigger/queue] Redis and PostgreSQL started on 127.0.0.1', async () => {
			redis = await startRedis(path.join(dir, 'redis'));
			stops.push(() => redis.stop());
			pg = await startPostgres(dir);
			stops.push(() => pg.stop());
			return `redis on :${redis.port}; ${pg.version} on :${pg.port}`;
		});
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			...pg.env,
			N8N_LOG_LEVEL: 'debug',
		};
		const mk = async (name, extra = {}) => {
			const userFolder = path.join(dir, name);
			fs.mkdirSync(userFolder, { recursive: true });
			return new N8n(host, {
				userFolder,
				logDir: userFolder,
				port: await freePort(),
				brokerPort: await freePort(),
				env: { ...env, ...extra },
			});
		};
		const main = await mk('main');
		const worker = await mk('worker', { N8N_WEBHOOK_URL: `${main.baseUrl}/` });
		await must('[trigger/queue] package on the main and the worker; credential and workflow imported', async () => {
			await installTarball(host, worker.opts.userFolder, ctx.tarball);
			await prepare(ctx, main, path.join(dir, 'main'));
		});
		let mainProc = main.startCommand(['start'], 'n8n-main.log');
		stops.push(() => mainProc.stop());
		const workerProc = worker.startCommand(['worker', '--concurrency=2'], 'n8n-worker.log');
		stops.push(() => workerProc.stop());
		const rest = new N8nRest(main.baseUrl);
		await must('[trigger/queue] main and worker up, owner logged in', async () => {
			main.server = mainProc;
			const ms = await main.waitReady();
			await waitForLog(workerProc.logFile, /n8n worker is now ready|Worker ready|ready to receive jobs/i);
			await setupOwnerAndLogin(rest);
			return `main ready in ${(ms / 1000).toFixed(0)} s`;
		});
		const list = await scenario('trigger/queue', ctx, {
			rest,
			restart: async () => {
				await mainProc.stop();
				mainProc = main.startCommand(['start'], 'n8n-main-restarted.log');
				main.server = mainProc;
				const ms = await main.waitReady();
				await login(rest);
				return ms;
			},
		});
		await check('[trigger/queue] the worker ran the executions, the main only polled', async () => {
			const ran = fs
				.readFileSync(workerProc.logFile, 'utf8')
				.split('\n')
				.filter((l) => /Running node|Start executing node/i.test(l) && l.includes(TRIGGER));
			assert.ok(ran.length >= list.length, `worker log lines running "${TRIGGER}": ${ran.length}`);
			const mainLogs = fs.readdirSync(main.opts.userFolder).filter((f) => /^n8n-main.*\.log$/.test(f));
			for (const f of mainLogs) {
				const text = fs.readFileSync(path.join(main.opts.userFolder, f), 'utf8');
				assert.ok(!/Running node|Start executing node/i.test(text), `${f} shows the main running nodes`);
			}
			return `${list.length} execution(s) on the worker; ${ran.length} worker log line(s) running the trigger`;
		});
	} finally {
		for (const stop of stops.reverse()) {
			try {
				await stop();
			} catch {
				/* keep stopping the rest */
			}
		}
	}
}

async function waitForLog(file, re, timeoutMs = 90e3) {
	const t0 = Date.now();
	while (Date.now() - t0 < timeoutMs) {
		const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
		if (re.test(text)) return Date.now() - t0;
		await sleep(300);
	}
	throw new Error(`no line matching ${re} in ${file} after ${timeoutMs / 1000} s`);
}

module.exports = async function triggerStep(ctx) {
	console.log('\n▸ Kohomai Trigger: Journey Completed in a real n8n, regular mode then queue mode');
	// Other phases' n8n is done by now; the CPU is better spent here.
	await ctx.n8n.stopServer();
	const modes = (process.env.E2E_TRIGGER_MODES || 'regular,queue').split(',');
	for (const [name, run] of [
		['regular', regular],
		['queue', queue],
	]) {
		if (!modes.includes(name)) continue;
		try {
			await run(ctx);
		} catch (err) {
			// A failed required check ends that mode only; the other still runs.
			if (!(err instanceof PhaseAborted)) throw err;
			console.log(`  (${err.message})`);
		}
	}
};
