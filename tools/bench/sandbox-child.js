'use strict';
// The sandbox runs in its own process so that process.cpuUsage() in the
// benchmark process counts only the client side (engine + node + HTTP stack).
const { createSandbox } = require('../sandbox');

const sb = createSandbox({ latencyMs: 0, duplicateEmail: 'allow' });
const commands = {
	start: () => sb.start().then((r) => ({ ...r, key: sb.keys.workspace })),
	setLatency: (ms) => sb.setLatency(ms),
	setRateLimit: (n) => sb.setRateLimit(n),
	setRateLimitSchedule: (steps) => sb.setRateLimitSchedule(steps),
	setRateLimitHeaders: (on) => sb.setRateLimitHeaders(on),
	// reset() also drops the request log, which would otherwise grow per run.
	reset: () => sb.reset(),
	stats: () => sb.stats(),
	// Arrival of the first request: what a node does before it sends anything.
	firstRequestAt: () => (sb.log.length ? Date.parse(sb.log[0].time) : null),
	stop: () => sb.stop(),
};
process.on('message', async ({ id, cmd, args = [] }) => {
	try {
		process.send({ id, result: await commands[cmd](...args) });
	} catch (error) {
		process.send({ id, error: String(error && error.stack) });
	}
	if (cmd === 'stop') process.disconnect();
});
