'use strict';
const { fork } = require('node:child_process');
const path = require('node:path');

/** Starts the sandbox in a child process; returns an async proxy of its controls. */
async function startSandbox() {
	const child = fork(path.join(__dirname, 'sandbox-child.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	let seq = 0;
	const pending = new Map();
	child.on('message', ({ id, result, error }) => {
		const p = pending.get(id);
		pending.delete(id);
		if (error) p.reject(new Error(error));
		else p.resolve(result);
	});
	const call = (cmd, ...args) =>
		new Promise((resolve, reject) => {
			const id = ++seq;
			pending.set(id, { resolve, reject });
			child.send({ id, cmd, args });
		});
	const { baseUrl, key } = await call('start');
	return {
		baseUrl,
		key,
		pid: child.pid,
		setLatency: (ms) => call('setLatency', ms),
		setRateLimit: (n) => call('setRateLimit', n),
		setRateLimitSchedule: (steps) => call('setRateLimitSchedule', steps),
		setRateLimitHeaders: (on) => call('setRateLimitHeaders', on),
		reset: () => call('reset'),
		stats: () => call('stats'),
		firstRequestAt: () => call('firstRequestAt'),
		stop: async () => {
			await call('stop');
			await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
		},
	};
}

module.exports = { startSandbox };
