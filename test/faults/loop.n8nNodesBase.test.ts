/**
 * The loop of issue 18 (kind 1) with n8n's own nodes: IF and Loop Over Items
 * from n8n-nodes-base, run in the same engine. n8n-nodes-base is not one of
 * this package's dev dependencies (it would pull in all of n8n's nodes); it
 * is taken from the pinned n8n host that the e2e suite installs (the same
 * version, 2.41.1). Without that host these tests are skipped, and
 * loop.test.ts still covers the loop with an IF-like node.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { engine, requestsTo, useSandbox } from '../fixtures';

/** n8n-nodes-base's dist/nodes folder: installed here, or in the e2e host (E2E_CACHE_DIR, tools/e2e/.cache, CI's cache). */
function nodesBase(): string | undefined {
	const roots = [
		path.join(__dirname, '..', '..', 'node_modules'),
		...(process.env.E2E_CACHE_DIR ? [path.join(process.env.E2E_CACHE_DIR, 'host', 'node_modules')] : []),
		path.join(__dirname, '..', '..', 'tools', 'e2e', '.cache', 'host', 'node_modules'),
		path.join(os.homedir(), '.cache', 'n8n-nodes-kohomai-e2e', 'host', 'node_modules'),
	];
	const found = roots.map((r) => path.join(r, 'n8n-nodes-base', 'dist', 'nodes')).find((d) => fs.existsSync(d));
	return found;
}

const BASE = nodesBase();
const describeWithBase = BASE ? describe : describe.skip;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (file: string, name: string) => require(path.join(BASE!, file))[name];

describeWithBase("a flow routed back by n8n's own IF and Loop Over Items (n8n-nodes-base)", () => {
	const env = useSandbox();
	const session = () => ({
		resource: 'session',
		operation: 'create',
		user: { __rl: true, mode: 'id', value: env.sb.state.users[0].Id },
	});

	test('IF {{ $runIndex < 1 }} sends the flow back once: Session: Create for John creates a second session', async () => {
		const IF = 'n8n-nodes-base.if';
		const run = await engine.run({
			nodes: [
				{ name: 'Kohomai', parameters: session() },
				{
					name: 'Again',
					type: IF,
					typeVersion: 2.2,
					parameters: {
						conditions: {
							options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
							conditions: [
								{
									id: 'c1',
									leftValue: '={{ $runIndex }}',
									rightValue: 1,
									operator: { type: 'number', operation: 'lt' },
								},
							],
							combinator: 'and',
						},
						options: {},
					},
				},
			],
			connections: {
				Input: { main: [[{ node: 'Kohomai', type: 'main', index: 0 }]] },
				Kohomai: { main: [[{ node: 'Again', type: 'main', index: 0 }]] },
				Again: { main: [[{ node: 'Kohomai', type: 'main', index: 0 }], []] },
			},
			nodeTypes: { [IF]: new (load('If/If.node.js', 'If'))().nodeVersions[2.2] },
			credentials: env.credentials,
		});
		expect(run.runError).toBeUndefined();
		expect(run.runs('Kohomai')).toBe(2);
		const [first, second] = [run.outputOfRun('Kohomai', 0), run.outputOfRun('Kohomai', 1)];
		expect(requestsTo(env.sb, '/sessions', 'POST')).toHaveLength(2);
		expect(second[0].json.ConnectionURL).not.toBe(first[0].json.ConnectionURL);
		expect(env.sb.state.sessions.map((s) => s.UUID)).toEqual([first[0].json.UUID, second[0].json.UUID]);
	});

	test('Loop Over Items, batch size 1, three rows for the same person: three sessions, three distinct links', async () => {
		const LOOP = 'n8n-nodes-base.splitInBatches';
		const run = await engine.run({
			nodes: [
				{ name: 'Loop Over Items', type: LOOP, typeVersion: 3, parameters: { batchSize: 1, options: {} } },
				{ name: 'Kohomai', parameters: session() },
			],
			items: [{ row: 1 }, { row: 2 }, { row: 3 }],
			connections: {
				Input: { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
				// Output 0 is "done", output 1 is "loop".
				'Loop Over Items': { main: [[], [{ node: 'Kohomai', type: 'main', index: 0 }]] },
				Kohomai: { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
			},
			nodeTypes: { [LOOP]: new (load('SplitInBatches/SplitInBatches.node.js', 'SplitInBatches'))().nodeVersions[3] },
			credentials: env.credentials,
		});
		expect(run.runError).toBeUndefined();
		expect(run.runs('Kohomai')).toBe(3);
		const links = [0, 1, 2].map((pass) => run.outputOfRun('Kohomai', pass)[0]?.json.ConnectionURL);
		expect(new Set(links).size).toBe(3);
		expect(requestsTo(env.sb, '/sessions', 'POST')).toHaveLength(3);
		expect(env.sb.state.sessions).toHaveLength(3);
	});
});
