'use strict';
// Child processes: one-shot commands with captured output, and long-running
// servers that are stopped by the pid we started (never by name).
const { spawn } = require('node:child_process');

function run(cmd, args, { cwd, env, quiet = false, input, allowFail = false, timeoutMs = 15 * 60e3 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => {
			stdout += d;
			if (!quiet) process.stdout.write(d);
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			if (!quiet) process.stderr.write(d);
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const res = { code, signal, stdout, stderr };
			if (code === 0 || allowFail) return resolve(res);
			const tail = (stderr || stdout).split('\n').slice(-30).join('\n');
			reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}\n${tail}`));
		});
	});
}

// Starts a long-running process; its output goes to a log file so a failure
// can be diagnosed afterwards without flooding the test log.
function startProcess(cmd, args, { cwd, env, logFile }) {
	const fs = require('node:fs');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	async function stop(graceMs = 10e3) {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
		await exited;
		clearTimeout(t);
	}
	return { child, pid: child.pid, exited, stop };
}

module.exports = { run, startProcess };
