/**
 * Shared plumbing for the reliability suite: one sandbox per scenario (so
 * scenarios can run concurrently without sharing faults or counters), the four
 * operations as node parameters, and the request log filtered to the API.
 */
import * as crypto from 'node:crypto';
import * as net from 'node:net';

import { createSandbox, engine, SEED_REF } from '../fixtures';
import type { Sandbox } from '../fixtures';
import type { SandboxLogRecord } from '../../tools/sandbox';

export { engine };

export type LogRecord = SandboxLogRecord;

export type Sb = Sandbox;

export type OpName = 'workflow.getAll' | 'user.search' | 'journey.create' | 'session.create';
export const OPS: OpName[] = ['workflow.getAll', 'user.search', 'journey.create', 'session.create'];
export const SEEDED_USER_ID = '74590868830731162';

/** POST operations have a side effect; the resource they create. */
export const CREATES: Record<OpName, 'journeys' | 'sessions' | null> = {
	'workflow.getAll': null,
	'user.search': null,
	'journey.create': 'journeys',
	'session.create': 'sessions',
};
export const PATH: Record<OpName, string> = {
	'workflow.getAll': '/workflows',
	'user.search': '/users',
	'journey.create': '/journeys',
	'session.create': '/sessions',
};

/**
 * Parameters for one operation. Per-item values come from `$json` so that
 * every item of a run makes a distinct request (journeys need distinct emails,
 * or the sandbox answers 409 and hides the fault under test).
 */
export function opParameters(op: OpName, options: Record<string, unknown> = {}): Record<string, unknown> {
	const [resource, operation] = op.split('.');
	const base = { resource, operation, options };
	switch (op) {
		case 'workflow.getAll':
			return { ...base, returnAll: false, limit: 1 };
		case 'user.search':
			return { ...base, filters: { email: 'johndoe@example.com' }, returnAll: false, limit: 1 };
		case 'journey.create':
			return {
				...base,
				startingPointRef: SEED_REF,
				firstName: '={{ $json.first }}',
				lastName: 'Matrix',
				email: '={{ $json.email }}',
				redirectUrl: 'https://www.myapp.com/welcome',
			};
		case 'session.create':
			// A redirect URL per item tells the sandbox's sessions apart.
			return {
				...base,
				user: { __rl: true, mode: 'id', value: SEEDED_USER_ID },
				redirectUrl: '=https://www.myapp.com/welcome/{{ $json.first }}',
			};
	}
}

/** Input items whose `$json` feeds the journey parameters; harmless for the others. */
export function inputItems(n: number, tag: string): Array<Record<string, unknown>> {
	return Array.from({ length: n }, (_, i) => ({ first: `Item${i}`, email: `${tag}.item${i}@example.com` }));
}

/** A workspace key unlike any other text, so a scan for it cannot miss or misfire. */
export function secretKey(): string {
	return `sbx_ws_SECRET_${crypto.randomBytes(12).toString('hex')}`;
}

export async function startSandbox(
	options: Record<string, unknown> = {},
): Promise<{ sb: Sb; baseUrl: string; port: number }> {
	const sb = createSandbox({ workspaceKey: secretKey(), ...options }) as Sb;
	const { baseUrl, port } = await sb.start();
	return { sb, baseUrl, port };
}

/** A 127.0.0.1 port with nothing listening: connecting to it is refused. */
export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** API requests only (autologin pages are not API calls). */
export function apiLog(sb: Sb): LogRecord[] {
	return sb.log.filter((r) => r.path.startsWith('/api/v1/'));
}

/** Runs `fn` over `inputs` with at most `limit` running at once, keeping order. */
export async function pool<T, R>(inputs: T[], limit: number, fn: (input: T) => Promise<R>): Promise<R[]> {
	const out: R[] = new Array(inputs.length);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length) {
			const i = next++;
			out[i] = await fn(inputs[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
	return out;
}

/** The item index an output item is paired to. */
export function pairedIndex(item: { pairedItem?: unknown }): number {
	const p = item.pairedItem as { item?: number } | Array<{ item?: number }> | number | undefined;
	if (typeof p === 'number') return p;
	if (Array.isArray(p)) return p.length === 1 && typeof p[0]?.item === 'number' ? p[0].item : -1;
	return typeof p?.item === 'number' ? p.item : -1;
}
