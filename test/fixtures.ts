import { Kohomai } from '../nodes/Kohomai/Kohomai.node';
import { KohomaiApi } from '../credentials/KohomaiApi.credentials';
// The harness and the sandbox are plain JavaScript shared with the demo and benchmarks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createEngine } = require('../tools/engine');
import { createSandbox } from '../tools/sandbox';
import type { Sandbox } from '../tools/sandbox';

export const engine = createEngine({ nodeClasses: [Kohomai], credentialClasses: [KohomaiApi] });
export { createSandbox };
export type { Sandbox };

export const BIG_ID = '74590868830731162';

/** The reference of the sandbox's first seeded workflow's API starting point (same on every start). */
export const SEED_REF = 'sbx_ref_0001';

/** A sandbox per test file, with the credential data that points at it. */
export function useSandbox(options: Record<string, unknown> = {}) {
	const ctx = {} as { sb: Sandbox; baseUrl: string; credentials: { apiKey: string; baseUrl: string } };
	let sb: Sandbox;
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

// The sandbox seeds a few journeys; tests count only those a run created.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SEED_JOURNEYS } = require('../tools/sandbox/state') as { SEED_JOURNEYS: Array<{ Id: string }> };
const SEED_JOURNEY_IDS = new Set(SEED_JOURNEYS.map((j) => j.Id));

/** Journeys created since the sandbox started or was reset, oldest first. */
export function createdJourneys(sb: Sandbox) {
	return sb.state.journeys.filter((j) => !SEED_JOURNEY_IDS.has(j.Id));
}

/** API requests the sandbox received for a path (e.g. '/journeys'). */
export function requestsTo(sb: Sandbox, path: string, method?: string) {
	return sb.log.filter((r) => r.path.endsWith(path) && (!method || r.method === method));
}
