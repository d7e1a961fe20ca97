'use strict';
// Every assertion is printed as it is checked; the run ends with a plain
// "N passed, N failed" line and a non-zero exit code on any failure.
const assert = require('node:assert/strict');

const results = [];

async function check(name, fn) {
	try {
		const detail = await fn();
		results.push({ name, ok: true });
		console.log(`  ✓ ${name}${detail ? ` (${detail})` : ''}`);
		return true;
	} catch (err) {
		results.push({ name, ok: false, err });
		console.log(
			`  ✗ ${name}\n      ${String(err && err.message ? err.message : err)
				.split('\n')
				.join('\n      ')}`,
		);
		return false;
	}
}

// For checks the rest of a phase cannot go on without.
async function require_(name, fn) {
	if (!(await check(name, fn))) throw new PhaseAborted(name);
}

class PhaseAborted extends Error {
	constructor(name) {
		super(`stopped after failed check: ${name}`);
		this.name = 'PhaseAborted';
	}
}

function summary() {
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	return { passed, failed, failures: results.filter((r) => !r.ok) };
}

function recordFailure(name, err) {
	results.push({ name, ok: false, err });
	console.log(
		`  ✗ ${name}\n      ${String(err && err.stack ? err.stack : err)
			.split('\n')
			.join('\n      ')}`,
	);
}

module.exports = { check, require: require_, PhaseAborted, summary, recordFailure, assert };
