#!/usr/bin/env node
// @ts-check
'use strict';

const { createSandbox } = require('./index');

const USAGE = `Usage: node sandbox/cli.js [options]

  --port <n>             port on 127.0.0.1 (default 4010, 0 = any free port)   env KOHOMAI_SANDBOX_PORT
  --latency <ms>         delay every API response                               env KOHOMAI_SANDBOX_LATENCY
  --rate-limit <n>       requests per second, 0 or "off" = unlimited             env KOHOMAI_SANDBOX_RATE_LIMIT
  --list-shape <shape>   data | array | items | ignoresPaging | pascal | pascalItems | pascalHasMore | ignoresOffset | opaque   env KOHOMAI_SANDBOX_LIST_SHAPE
  --page-size-max <n>    cap for ?limit= (default 100)                           env KOHOMAI_SANDBOX_PAGE_SIZE_MAX
  --duplicate-email <m>  conflict | allow                                        env KOHOMAI_SANDBOX_DUPLICATE_EMAIL
  --workspace-key <key>  workspace API key (default sbx_ws_local_0001)           env KOHOMAI_SANDBOX_WORKSPACE_KEY
  --registration-format <f>  nested | flat | both: POST /journeys bodies accepted  env KOHOMAI_SANDBOX_REGISTRATION_FORMAT
  --workflows-path <on|off>  off: GET /workflows answers 404 (GET /funnels works)  env KOHOMAI_SANDBOX_WORKFLOWS_PATH
  --json                 print one JSON line {baseUrl, keys, pid} for scripts
  --help                 show this help
`;

/** @type {Record<string, string>} flag → env variable */
const ENV = {
	port: 'KOHOMAI_SANDBOX_PORT',
	latency: 'KOHOMAI_SANDBOX_LATENCY',
	'rate-limit': 'KOHOMAI_SANDBOX_RATE_LIMIT',
	'list-shape': 'KOHOMAI_SANDBOX_LIST_SHAPE',
	'page-size-max': 'KOHOMAI_SANDBOX_PAGE_SIZE_MAX',
	'duplicate-email': 'KOHOMAI_SANDBOX_DUPLICATE_EMAIL',
	'workspace-key': 'KOHOMAI_SANDBOX_WORKSPACE_KEY',
	'registration-format': 'KOHOMAI_SANDBOX_REGISTRATION_FORMAT',
	'workflows-path': 'KOHOMAI_SANDBOX_WORKFLOWS_PATH',
};

/** @param {string} message @returns {never} */
function die(message) {
	process.stderr.write(`kohomai sandbox: ${message}\n`);
	process.exit(1);
}

/** @param {string} name @param {string | undefined} v */
function onOff(name, v) {
	if (v === undefined || v === '' || v === 'on') return true;
	if (v === 'off') return false;
	return die(`--${name} must be on or off, got ${v}`);
}

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {Record<string, string>} */
	const values = {};
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') {
			process.stdout.write(USAGE);
			process.exit(0);
		}
		if (arg === '--json') {
			json = true;
			continue;
		}
		const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
		if (!m || !(m[1] in ENV)) die(`unknown argument ${arg}\n\n${USAGE}`);
		const value = m[2] ?? argv[++i];
		if (value === undefined) die(`--${m[1]} needs a value`);
		values[m[1]] = value;
	}
	/** @param {string} name */
	const get = (name) => values[name] ?? process.env[ENV[name]];
	/** @param {string} name @param {number} fallback */
	const int = (name, fallback) => {
		const v = get(name);
		if (v === undefined || v === '') return fallback;
		if (!/^\d+$/.test(v)) die(`--${name} must be a non-negative integer, got ${v}`);
		return Number(v);
	};
	const rate = get('rate-limit');
	const rateLimitPerSecond =
		rate === undefined || rate === '' || rate === 'off' || rate === '0' ? null : int('rate-limit', 0);
	return {
		json,
		options: {
			port: int('port', 4010),
			latencyMs: int('latency', 0),
			rateLimitPerSecond,
			pageSizeMax: int('page-size-max', 100),
			listShape: /** @type {any} */ (get('list-shape') || 'data'),
			duplicateEmail: /** @type {any} */ (get('duplicate-email') || 'conflict'),
			workspaceKey: get('workspace-key') || undefined,
			registrationFormat: /** @type {any} */ (get('registration-format') || 'nested'),
			workflowsPath: onOff('workflows-path', get('workflows-path')),
		},
	};
}

async function main() {
	const { json, options } = parseArgs(process.argv.slice(2));
	let sb;
	try {
		sb = createSandbox(options);
	} catch (err) {
		die(/** @type {Error} */ (err).message);
	}
	let started;
	try {
		started = await sb.start();
	} catch (err) {
		const e = /** @type {NodeJS.ErrnoException} */ (err);
		if (e.code === 'EADDRINUSE')
			die(`port ${options.port} on 127.0.0.1 is already in use; pick another with --port or stop the other process`);
		die(e.message);
	}
	if (json) {
		process.stdout.write(`${JSON.stringify({ baseUrl: started.baseUrl, keys: sb.keys, pid: process.pid })}\n`);
	} else {
		const lines = [
			'Kohomai API sandbox (local, fake data)',
			`  Base URL:       ${started.baseUrl}`,
			`  Workspace key:  ${sb.keys.workspace}`,
			`  Settings:       latency ${options.latencyMs} ms, rate limit ${options.rateLimitPerSecond ?? 'off'}, list shape ${options.listShape}, duplicate email ${options.duplicateEmail}`,
			`                  registration format ${options.registrationFormat}, GET /workflows ${options.workflowsPath ? 'on' : 'off (404, use /funnels)'}`,
			'  Workflows (name / id / API starting point reference, POST /journeys?ref=):',
			...sb.state.workflows.map((w) => `    ${w.Name.padEnd(24)} ${w.Id.padEnd(20)} ${sb.keys.references[w.Id]}`),
			'  Example end user: John Doe, id 74590868830731162',
			'Press Ctrl+C to stop.',
		];
		process.stdout.write(`${lines.join('\n')}\n`);
	}
	let stopping = false;
	const shutdown = () => {
		if (stopping) return;
		stopping = true;
		sb.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main();
