import { Kohomai } from '../nodes/Kohomai/Kohomai.node';
import { KohomaiApi } from '../credentials/KohomaiApi.credentials';
// The harness and the sandbox are plain JavaScript shared with the demo and benchmarks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createEngine } = require('./engine');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox');

export const engine = createEngine({ nodeClasses: [Kohomai], credentialClasses: [KohomaiApi] });
export { createSandbox };

export const BIG_ID = '74590868830731162';

export interface Sandbox {
	keys: { workspace: string; endpoints: Record<string, string> };
	state: { workflows: any[]; users: any[]; dataKeys: any[]; journeys: any[]; sessions: any[] };
	log: Array<{ method: string; path: string; query: Record<string, string>; key: string; contentType: string; body: string; status: number; fault: string | null }>;
	stats(): { requests: number; journeysCreated: number; sessionsCreated: number; duplicateJourneys: number; rateLimited: number };
	fault(spec: { kind: string; times?: number; method?: string; path?: string }): void;
	addUser(user: { Id?: string; Firstname: string; Lastname: string; Email: string }): any;
	addWorkflows(n: number): any[];
	reset(): void;
}

/** A sandbox per test file, with the credential data that points at it. */
export function useSandbox(options: Record<string, unknown> = {}) {
	const ctx = {} as { sb: Sandbox; baseUrl: string; credentials: { apiKey: string; baseUrl: string; endpointApiKey?: string } };
	let sb: any;
	beforeAll(async () => {
		sb = createSandbox(options);
		const { baseUrl } = await sb.start();
		ctx.sb = sb;
		ctx.baseUrl = baseUrl;
		ctx.credentials = { apiKey: sb.keys.workspace, baseUrl };
	});
	beforeEach(() => sb.reset());
	afterAll(async () => await sb.stop());
	return ctx;
}

/** API requests the sandbox received for a path (e.g. '/journeys'). */
export function requestsTo(sb: Sandbox, path: string, method?: string) {
	return sb.log.filter((r) => r.path.endsWith(path) && (!method || r.method === method));
}
