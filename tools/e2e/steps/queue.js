'use strict';
// Queue mode as the README describes it: Redis and PostgreSQL on loopback,
// one main and one worker, each with its own ports and user folder, the same
// encryption key, and the package installed on both. The example that waits
// for the person runs end to end; then a worker without the package shows
// n8n's "Unrecognized node type" error.
const fs = require('node:fs');
const path = require('node:path');
const { check, require: must, assert } = require('../lib/check');
const { N8n, freePort, ENCRYPTION_KEY } = require('../lib/n8n');
const { N8nRest } = require('../lib/rest');
const { setupOwnerAndLogin } = require('../lib/owner');
const { installTarball } = require('../lib/package');
const { startRedis, startPostgres } = require('../lib/services');
const {
	runCompletion,
	latestExecution,
	pollExecution,
	parseExecutionData,
	WEBHOOK_PATH,
} = require('../lib/completion');
const fx = require('../lib/fixtures');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForLog(proc, re, timeoutMs = 90e3) {
	const t0 = Date.now();
	while (Date.now() - t0 < timeoutMs) {
		if (proc.child.exitCode !== null) throw new Error(`exited with ${proc.child.exitCode}; see ${proc.logFile}`);
		const text = fs.existsSync(proc.logFile) ? fs.readFileSync(proc.logFile, 'utf8') : '';
		const m = re.exec(text);
		if (m) return { ms: Date.now() - t0, match: m };
		await sleep(300);
	}
	throw new Error(`no line matching ${re} in ${proc.logFile} after ${timeoutMs / 1000} s`);
}

// JSON log lines whose message matches, with their metadata.
function logLines(file, re) {
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter((l) => re.test(l))
		.map((l) => {
			try {
				return JSON.parse(l);
			} catch {
				return { message: l };
			}
		});
}

module.exports = async function queueStep(ctx) {
	const { host, sb } = ctx;
	const dir = path.join(ctx.runDir, 'queue');
	fs.mkdirSync(dir, { recursive: true });
	console.log('\n▸ Queue mode: Redis + PostgreSQL on 127.0.0.1, one main and one worker, the package on both');
	// The regular server is done by now; its CPU is better spent on the queue.
	await ctx.n8n.stopServer();
	const stops = [];
	try {
		let redis;
		let pg;
		await must("Redis (Debian's redis-server) and PostgreSQL (Debian's postgresql) started on 127.0.0.1", async () => {
			redis = await startRedis(path.join(dir, 'redis'));
			stops.push(() => redis.stop());
			pg = await startPostgres(dir);
			stops.push(() => pg.stop());
			return `redis ${redis.version} on :${redis.port}${redis.installed ? ' (just installed)' : ''}; ${pg.version} on :${pg.port}`;
		});

		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			...pg.env,
			// Workers report which node they run at debug level.
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
				env: { ...queueEnv, ...extra },
			});
		};
		const main = await mk('main');
		// The worker evaluates {{ $execution.resumeUrl }}, from its own
		// WEBHOOK_URL: it must name the main, where people's browsers arrive.
		// No health-check server on the worker: its log says when it is ready.
		const workerEnv = { N8N_WEBHOOK_URL: `${main.baseUrl}/` };
		const worker = await mk('worker', workerEnv);
		console.log(
			`  settings: EXECUTIONS_MODE=queue, QUEUE_BULL_REDIS_HOST=127.0.0.1 QUEUE_BULL_REDIS_PORT=${redis.port}, DB_TYPE=postgresdb on :${pg.port}, N8N_ENCRYPTION_KEY shared (${ENCRYPTION_KEY.length} chars)`,
		);
		console.log(
			`  main: N8N_PORT=${main.opts.port} N8N_RUNNERS_BROKER_PORT=${main.opts.brokerPort} N8N_USER_FOLDER=${path.relative(ctx.runDir, main.opts.userFolder)}`,
		);
		console.log(
			`  worker: N8N_RUNNERS_BROKER_PORT=${worker.opts.brokerPort} N8N_WEBHOOK_URL=${workerEnv.N8N_WEBHOOK_URL} (the main's) N8N_USER_FOLDER=${path.relative(ctx.runDir, worker.opts.userFolder)}`,
		);

		await must(
			'the tarball installed as the README says on the main and on the worker, with no n8n-workflow beside it',
			async () => {
				const out = [];
				for (const n of [main, worker]) {
					const installed = await installTarball(host, n.opts.userFolder, ctx.tarball);
					const beside = path.join(path.dirname(installed), 'n8n-workflow');
					assert.ok(!fs.existsSync(beside), `${beside} exists`);
					out.push(path.relative(ctx.runDir, installed));
				}
				return out.join(', ');
			},
		);

		const finalPage = ctx.finalPage;
		await must('import the credentials and the example into the shared database (through the main)', async () => {
			const credFile = fx.writeJson(
				path.join(dir, 'import', 'credentials.json'),
				fx.credentials(sb, ctx.sandboxUrl, ctx.installedDir),
			);
			await main.cli(['import:credentials', `--input=${credFile}`]);
			const wfFile = fx.writeJson(path.join(dir, 'import', 'resume.json'), fx.resumeExample(sb, finalPage.url));
			await main.cli(['import:workflow', `--input=${wfFile}`]);
		});

		const mainProc = main.startCommand(['start'], 'n8n-main.log');
		stops.push(() => mainProc.stop());
		const workerProc = worker.startCommand(['worker', '--concurrency=2'], 'n8n-worker.log');
		let workerStopped = false;
		stops.push(() => (workerStopped ? undefined : workerProc.stop()));
		await must('main (n8n start) and worker (n8n worker) are up', async () => {
			main.server = mainProc;
			const mainMs = await main.waitReady();
			const w = await waitForLog(workerProc, /n8n worker is now ready|Worker ready|ready to receive jobs/i);
			return `main ready in ${(mainMs / 1000).toFixed(1)} s; worker: "${w.match[0]}"`;
		});

		const rest = new N8nRest(main.baseUrl);
		await must('owner login on the main and the example published', async () => {
			await setupOwnerAndLogin(rest);
			const wf = await rest.ok('GET', `/rest/workflows/${fx.EXAMPLES.resume.id}`);
			const activated = await rest.ok('POST', `/rest/workflows/${wf.id}/activate`, { versionId: wf.versionId });
			assert.equal(activated.active, true);
		});

		const result = await runCompletion({
			label: 'queue',
			baseUrl: main.baseUrl,
			rest,
			sb,
			finalPage,
			host,
			sandboxUrl: ctx.sandboxUrl,
			workflowId: fx.EXAMPLES.resume.id,
			logFiles: [mainProc.logFile, workerProc.logFile],
		});

		await check('[queue] the worker ran the Kohomai nodes (its log)', async () => {
			const kohomaiNodes = ['Register for onboarding', 'Find their journey', 'Read the activities'];
			const lines = logLines(workerProc.logFile, new RegExp(`(${kohomaiNodes.join('|')})`));
			const ran = lines.filter((l) => /Running node|Start executing node|executing node/i.test(l.message || ''));
			assert.ok(
				ran.length > 0,
				`no worker log line runs a Kohomai node; worker lines naming them: ${lines
					.slice(0, 3)
					.map((l) => l.message)
					.join(' | ')}`,
			);
			const mainRan = logLines(mainProc.logFile, /Running node|Start executing node/i);
			assert.equal(mainRan.length, 0, 'the main ran nodes itself');
			return `execution ${result.executionId}; worker log: ${ran
				.map((l) => JSON.stringify(l.message))
				.slice(0, 3)
				.join('; ')}`;
		});

		// Without the package: stop the good worker, start one whose user folder
		// has no nodes/, and let it pick up the next sign-up.
		await workerProc.stop();
		workerStopped = true;
		const bare = await mk('worker-without-package', workerEnv);
		const bareProc = bare.startCommand(['worker', '--concurrency=1'], 'n8n-worker-without-package.log');
		stops.push(() => bareProc.stop());
		await check('a worker without the package fails the execution with "Unrecognized node type"', async () => {
			await waitForLog(bareProc, /n8n worker is now ready|Worker ready|ready to receive jobs/i);
			const res = await fetch(`${main.baseUrl}/webhook/${WEBHOOK_PATH}`, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ firstName: 'No', lastName: 'Package', email: `no.package.${Date.now()}@example.com` }),
			});
			const exec = await latestExecution(rest, fx.EXAMPLES.resume.id);
			const done = await pollExecution(rest, exec.id, ['error', 'crashed', 'success', 'canceled']);
			const data = parseExecutionData(host, done.data);
			const message = data && data.resultData && data.resultData.error ? data.resultData.error.message : '';
			const line = logLines(bareProc.logFile, /Unrecognized node type/)[0];
			assert.equal(done.status, 'error');
			assert.match(message || (line && line.message) || '', /Unrecognized node type: n8n-nodes-kohomai\.kohomai/);
			return `HTTP ${res.status}; execution ${done.id} ${done.status}: "${message}"${line ? `; worker log: "${line.message}"` : ''}`;
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
};
