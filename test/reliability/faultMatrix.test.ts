/**
 * Every fault x every operation x continue-on-fail on/off.
 * All cells run first (concurrently, one sandbox each), then each cell is
 * asserted as its own test so a failure names the cell. The results feed
 * tools/reliability-report.js through .results/matrix.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { Kohomai } from '../../nodes/Kohomai/Kohomai.node';
import { OPS, pool } from './harness';
import type { CellResult } from './matrix';
import { FAULTS, harnessRetries, ITEMS, runCell, TIMEOUT_MS } from './matrix';

const RESULTS = path.join(__dirname, '.results', 'matrix.json');
const cells = FAULTS.flatMap((fault) => OPS.flatMap((op) => [false, true].map((cof) => ({ fault, op, cof }))));
const results = new Map<string, CellResult>();
const id = (c: { fault: { name: string }; op: string; cof: boolean }) =>
	`${c.fault.name} | ${c.op} | ${c.cof ? 'continue-on-fail' : 'stop on error'}`;

beforeAll(async () => {
	const started = Date.now();
	const done = await pool(cells, 8, async (c) => await runCell(c.fault, c.op, c.cof));
	cells.forEach((c, i) => results.set(id(c), done[i]));
	fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
	// harnessRetries: runs repeated because n8n's pre-run regex check timed out (nothing had been sent).
	const payload = {
		generatedAt: new Date().toISOString(),
		items: ITEMS,
		timeoutMs: TIMEOUT_MS,
		ms: Date.now() - started,
		harnessRetries: harnessRetries.count,
		cells: done.map(stripSecrets),
	};
	fs.writeFileSync(RESULTS, JSON.stringify(payload, null, 1));
}, 120_000);

// The results file is for the report: it keeps outcomes, never keys or links.
function stripSecrets(c: CellResult) {
	const { errorTexts: _t, issuedLinks: _l, secrets: _s, keyHitsInRunData: _k, ...rest } = c;
	return rest;
}

describe.each(cells.map((c) => [id(c), c] as const))('%s', (name, c) => {
	const get = () => results.get(name)!;

	test('no item lost, nothing created twice, never more than one creation per item', () => {
		const r = get();
		expect(r.lostItems).toBe(0);
		expect(r.duplicated).toBe(0);
		expect(r.created).toBeLessThanOrEqual(ITEMS);
	});

	test('the sandbox received the expected requests and created the expected resources', () => {
		const r = get();
		expect({ requests: r.requests, created: r.created }).toEqual({
			requests: r.expectedRequests,
			created: r.expectedCreated,
		});
	});

	test('the outcome: a result after a correct retry, or a clear error saying what happened and what to do', () => {
		const r = get();
		const perItem = Array.from({ length: ITEMS }, (_, i) => r.outputs.filter((o) => o.item === i));
		if (r.expected !== 'error') {
			expect(r.nodeError).toBeUndefined();
			expect(perItem.map((outs) => outs.length)).toEqual(Array(ITEMS).fill(1));
			expect(r.outputs.filter((o) => o.error)).toEqual([]);
			return;
		}
		const failing = c.fault.kind === 'refused' || c.fault.everyAttempt ? ITEMS : 1;
		if (c.cof) {
			// Every input has exactly one paired output; the failing ones are error items.
			expect(r.nodeError).toBeUndefined();
			expect(perItem.map((outs) => outs.length)).toEqual(Array(ITEMS).fill(1));
			expect(r.outputs.filter((o) => o.error)).toHaveLength(failing);
			expect(perItem[0][0].error).toBeDefined();
		} else {
			expect(r.nodeError?.message).toBeDefined();
			expect(r.outputs).toEqual([]);
		}
		expect(r.error).toMatch(c.fault.message!);
		// "What to do" lives in the description; a POST whose outcome is unknown must say so.
		expect(r.errorDescription ?? '').not.toBe('');
		if (c.op.endsWith('create') && c.fault.mayExist) expect(r.errorDescription).toMatch(/may have been created/);
		else expect(r.errorDescription ?? '').not.toMatch(/may have been created/);
	});
});

// The timeout is a node option with a sensible default; the matrix above
// shows a timed-out POST is sent once and says the journey/session may exist and how to check.
test('Timeout is a node option defaulting to 30 s, described as not repeating journeys or sessions', () => {
	const options = new Kohomai().description.properties.find((p) => p.name === 'options') as {
		options: Array<{ name: string; description?: string }>;
	};
	const timeout = options.options.find((o) => o.name === 'timeout')!;
	expect(timeout).toMatchObject({ type: 'number', default: 30_000 });
	expect(timeout.description).toMatch(/not repeated/);
	const slowPost = [...results.values()].filter(
		(c) => c.kind.startsWith('slow:') && c.op.endsWith('create') && !/Retry On Fail/.test(c.fault),
	);
	expect(slowPost).toHaveLength(4);
	for (const c of slowPost) {
		expect(c.requests).toBe(c.continueOnFail ? ITEMS : 1);
		expect(c.errorDescription).toMatch(c.op === 'journey.create' ? /User: Search/ : /new session/);
	}
});
