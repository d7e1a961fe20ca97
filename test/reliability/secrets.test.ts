/**
 * Runs the whole fault matrix while capturing everything n8n's
 * logger, the console and the process streams receive, plus every error the
 * node produced; the API key and every ConnectionURL the
 * sandbox issued must occur 0 times. Logging is captured at the Logger class,
 * below its level filter, so even debug lines that a silent logger drops count.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

import { OPS, pool } from './harness';
import type { CellResult } from './matrix';
import { countIn, FAULTS, runCell } from './matrix';

const captured: string[] = [];
const capture = (...args: unknown[]) => captured.push(args.map(text).join(' '));
const restore: Array<() => void> = [];

function text(v: unknown): string {
	if (typeof v === 'string') return v;
	if (v instanceof Error) return `${v.name}: ${v.message} ${v.stack ?? ''} ${JSON.stringify(v)}`;
	try {
		return JSON.stringify(v) ?? String(v);
	} catch {
		return String(v);
	}
}

/** Wraps obj[name] so every call is captured, then passes through (or not, for noisy streams). */
function spy<T extends object>(obj: T, name: keyof T, passThrough: boolean): void {
	const original = obj[name] as unknown as (...a: unknown[]) => unknown;
	(obj as any)[name] = function (this: unknown, ...args: unknown[]) {
		capture(...args);
		return passThrough ? original.apply(this, args) : true;
	};
	restore.push(() => ((obj as any)[name] = original));
}

let cells: CellResult[] = [];

beforeAll(async () => {
	// The root Logger registers itself as n8n-workflow's LoggerProxy; every
	// logger (scoped ones too) goes through Logger.prototype.log.
	Container.get(Logger);
	spy(Logger.prototype, 'log' as keyof Logger, false);
	for (const level of ['error', 'warn', 'info', 'debug'] as const) spy(LoggerProxy as any, level, true);
	for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) spy(console, level, false);
	spy(process.stdout, 'write', true);
	spy(process.stderr, 'write', true);
	LoggerProxy.debug('capture probe');
	const all = FAULTS.flatMap((fault) => OPS.flatMap((op) => [false, true].map((cof) => ({ fault, op, cof }))));
	cells = await pool(all, 12, async (c) => await runCell(c.fault, c.op, c.cof));
}, 120_000);

afterAll(() => restore.reverse().forEach((undo) => undo()));

test('the capture works: n8n logged during the runs and the probe was seen', () => {
	expect(captured.some((line) => line.includes('capture probe'))).toBe(true);
	expect(captured.some((line) => /Start executing node|Workflow execution started/.test(line))).toBe(true);
	expect(cells.length).toBe(FAULTS.length * OPS.length * 2);
});

test('the API key occurs 0 times in logs, errors and execution data', () => {
	const secrets = [...new Set(cells.flatMap((c) => c.secrets))];
	expect(secrets.length).toBeGreaterThan(FAULTS.length);
	const logs = captured.join('\n');
	const errors = cells.flatMap((c) => c.errorTexts).join('\n');
	expect({
		inLogs: countIn(logs, secrets),
		inErrors: countIn(errors, secrets),
		inRunData: cells.reduce((n, c) => n + c.keyHitsInRunData, 0),
	}).toEqual({
		inLogs: 0,
		inErrors: 0,
		inRunData: 0,
	});
});

test('every ConnectionURL the sandbox issued occurs 0 times in logs and errors', () => {
	const links = cells.flatMap((c) => c.issuedLinks);
	// The matrix created journeys and sessions, some behind a failure the node reported.
	expect(links.length).toBeGreaterThan(100);
	const uuids = links.map((l) => l.replace('autologin?UUID=', ''));
	const haystack = `${captured.join('\n')}\n${cells.flatMap((c) => c.errorTexts).join('\n')}`;
	expect({
		links: countIn(haystack, links),
		uuids: countIn(haystack, uuids),
		autologin: countIn(haystack, ['autologin']),
	}).toEqual({
		links: 0,
		uuids: 0,
		autologin: 0,
	});
	// And the errors were really scanned: there are many of them.
	expect(cells.flatMap((c) => c.errorTexts).length).toBeGreaterThan(50);
});
