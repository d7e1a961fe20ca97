'use strict';
// Runs the pinned n8n on Node 24 against a throw-away user folder: CLI
// commands (import, execute, export) and the server, offline and on loopback.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { run, startProcess } = require('./proc');
const { node24Env } = require('./host');

const ENCRYPTION_KEY = 'kohomai-e2e-not-a-secret-0123456789';

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

// userFolder holds .n8n/ (database, config, nodes/) for one run.
function n8nEnv(host, { userFolder, port = 5678, brokerPort = 5679, logLevel = 'info' }) {
	return {
		...node24Env(host),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_SECURE_COOKIE: 'false',
		// No outbound calls: telemetry, version checks, templates, MCP registry.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// The sandbox listens on 127.0.0.1, which SSRF protection would refuse.
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		NO_PROXY: '127.0.0.1,localhost',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_OUTPUT: 'console',
	};
}

class N8n {
	constructor(host, opts) {
		this.host = host;
		this.opts = opts;
		// opts.env: extra settings, e.g. queue mode's Redis and database.
		this.env = { ...n8nEnv(host, opts), ...opts.env };
		this.logDir = opts.logDir || opts.userFolder;
	}

	cli(args, { allowFail = false } = {}) {
		return run(this.host.node, [this.host.n8nBin, ...args], {
			cwd: this.opts.userFolder,
			env: this.env,
			quiet: true,
			allowFail,
		});
	}

	version() {
		return JSON.parse(fs.readFileSync(this.host.n8nPkg, 'utf8')).version;
	}

	// `n8n execute` prints the run data through its logger; with JSON logging
	// that is the one line whose message parses to an object with resultData.
	async execute(workflowId) {
		const res = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { allowFail: true });
		let runData;
		for (const line of (res.stdout + '\n' + res.stderr).split('\n')) {
			const entry = parseJson(line);
			const msg = entry && typeof entry.message === 'string' ? parseJson(entry.message) : undefined;
			if (msg && msg.data && msg.data.resultData) runData = msg;
		}
		if (!runData) {
			throw new Error(`no run data in the output of n8n execute --id=${workflowId} (exit ${res.code}):\n${tail(res)}`);
		}
		const resultData = runData.data.resultData;
		return {
			exitCode: res.code,
			error: resultData.error,
			// The items a node passed on, from its first output.
			output: (nodeName, outputIndex = 0) => {
				const runs = resultData.runData[nodeName];
				if (!runs)
					throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(resultData.runData).join(', ')}`);
				const main = runs[runs.length - 1].data?.main?.[outputIndex] || [];
				return main.map((i) => i.json);
			},
			nodeError: (nodeName) => {
				const runs = resultData.runData[nodeName];
				return runs && runs[runs.length - 1].error;
			},
			raw: runData,
			log: tail(res),
		};
	}

	startServer() {
		this.server = this.startCommand(['start'], 'n8n-server.log');
		return this.server;
	}

	// Any long-running n8n command (start, worker), logging to <logDir>/<logName>.
	startCommand(args, logName) {
		const logFile = path.join(this.logDir, logName);
		const proc = startProcess(this.host.node, [this.host.n8nBin, ...args], {
			cwd: this.opts.userFolder,
			env: this.env,
			logFile,
		});
		proc.logFile = logFile;
		return proc;
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.opts.port}`;
	}

	async waitReady(timeoutMs = 120e3) {
		const t0 = Date.now();
		while (Date.now() - t0 < timeoutMs) {
			if (this.server && this.server.child.exitCode !== null) {
				throw new Error(`n8n exited with ${this.server.child.exitCode}; see ${this.server.logFile}`);
			}
			try {
				const res = await fetch(`${this.baseUrl}/healthz/readiness`);
				if (res.ok) return Date.now() - t0;
			} catch {
				/* not listening yet */
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		throw new Error(`n8n not ready after ${timeoutMs / 1000} s; see ${this.server && this.server.logFile}`);
	}

	async stopServer() {
		if (this.server) await this.server.stop();
		this.server = undefined;
	}
}

function parseJson(text) {
	if (!text || (text[0] !== '{' && text[0] !== '[')) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function tail(res, n = 25) {
	return (res.stdout + '\n' + res.stderr).trim().split('\n').slice(-n).join('\n');
}

module.exports = { N8n, freePort, n8nEnv, ENCRYPTION_KEY };
