'use strict';
// Debian's Redis (and PostgreSQL) for queue mode, started by this run on
// 127.0.0.1 with their own ports and data folders, and stopped by pid.
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const { run, startProcess } = require('./proc');
const { freePort } = require('./n8n');

// apt-get only as root, and only for what is missing: a developer's machine is not touched.
async function ensureDebianPackage(binary, pkg) {
	if (fs.existsSync(binary)) return false;
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(`${binary} is missing: install Debian's ${pkg} (apt-get install -y ${pkg})`);
	}
	await run('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
		quiet: true,
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	return true;
}

function waitForPort(port, timeoutMs = 20e3) {
	const t0 = Date.now();
	return new Promise((resolve, reject) => {
		const attempt = () => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(Date.now() - t0);
			});
			socket.once('error', () => {
				socket.destroy();
				if (Date.now() - t0 > timeoutMs)
					reject(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs / 1000} s`));
				else setTimeout(attempt, 200);
			});
		};
		attempt();
	});
}

// No persistence: the queue lives as long as the run.
async function startRedis(dir) {
	const installed = await ensureDebianPackage('/usr/bin/redis-server', 'redis-server');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const proc = startProcess(
		'/usr/bin/redis-server',
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--protected-mode',
			'yes',
			'--daemonize',
			'no',
		],
		{ cwd: dir, logFile: path.join(dir, 'redis.log') },
	);
	await waitForPort(port);
	const version = (await run('/usr/bin/redis-server', ['--version'], { quiet: true })).stdout.trim().split(' ')[2];
	return { port, version, installed, stop: () => proc.stop(), pid: proc.pid };
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

// PostgreSQL refuses to run as root: initdb and the server run as Debian's
// "postgres" user through setpriv, which execs (so the pid we stop is the server's).
function asPostgres(cmd, args) {
	if (typeof process.getuid === 'function' && process.getuid() !== 0) return [cmd, args];
	return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', cmd, ...args]];
}

// A throw-away cluster in a temp folder the postgres user can reach, with
// trust auth on loopback only: good for a test run, nothing else.
async function startPostgres(logDir) {
	const installed = await ensureDebianPackage(path.join(PG_BIN, 'postgres'), 'postgresql');
	const dataDir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'kohomai-e2e-pg-'));
	if (typeof process.getuid === 'function' && process.getuid() === 0)
		await run('chown', ['postgres:postgres', dataDir], { quiet: true });
	const [initCmd, initArgs] = asPostgres(path.join(PG_BIN, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		'n8n',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	await run(initCmd, initArgs, { quiet: true });
	const port = await freePort();
	const [cmd, args] = asPostgres(path.join(PG_BIN, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		dataDir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
	]);
	const proc = startProcess(cmd, args, { cwd: dataDir, logFile: path.join(logDir, 'postgres.log') });
	await waitForPort(port);
	const psql = (sql) =>
		run(
			'/usr/bin/psql',
			['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql],
			{ quiet: true },
		);
	// The port opens a moment before the server accepts logins.
	for (let i = 0; ; i++) {
		try {
			await psql('SELECT 1');
			break;
		} catch (err) {
			if (i > 50) throw err;
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	await psql('CREATE DATABASE n8n');
	const version = (await run(path.join(PG_BIN, 'postgres'), ['--version'], { quiet: true })).stdout.trim();
	return {
		port,
		version,
		installed,
		pid: proc.pid,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
		},
		async stop() {
			await proc.stop();
			fs.rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

module.exports = { ensureDebianPackage, startRedis, startPostgres, waitForPort };
