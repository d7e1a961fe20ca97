/**
 * A flow that comes back into the Kohomai node in the same execution (issue
 * 18, kind 1): each pass is a new run of the node and creates anew, while
 * n8n's Retry On Fail inside a pass still never creates twice.
 *
 * The flow is routed back by an IF-like node (loopBack.ts: n8n-nodes-base is
 * not installed with the dev dependencies); the loop itself is n8n's engine.
 */
import { createdJourneys, engine, requestsTo, SEED_REF, useSandbox } from '../fixtures';
import { LOOP_TYPE, loopBack, loopConnections, loopNodes } from './loopBack';

const RETRY = { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 };

async function runLoop(
	env: ReturnType<typeof useSandbox>,
	parameters: Record<string, unknown>,
	{
		items = [{}],
		passes = 2,
		onPass,
		settings = {},
	}: {
		items?: object[];
		passes?: number;
		onPass?: (pass: number) => void;
		settings?: Record<string, unknown>;
	} = {},
) {
	return await engine.run({
		nodes: loopNodes(parameters, settings),
		items,
		credentials: env.credentials,
		connections: loopConnections,
		nodeTypes: { [LOOP_TYPE]: loopBack(passes, onPass) },
	});
}

const links = (out: Array<{ json: Record<string, unknown> }>) => out.map((o) => o.json.ConnectionURL);

describe('a flow that comes back into the node: Session: Create', () => {
	const env = useSandbox();
	const session = () => ({
		resource: 'session',
		operation: 'create',
		user: { __rl: true, mode: 'id', value: env.sb.state.users[0].Id },
	});

	test('the example: Session: Create for John By ID, routed back once: the second pass creates a new session', async () => {
		const run = await runLoop(env, session());
		expect(run.runError).toBeUndefined();
		expect(run.runs('Kohomai')).toBe(2);
		const [first, second] = [run.outputOfRun('Kohomai', 0), run.outputOfRun('Kohomai', 1)];
		expect(requestsTo(env.sb, '/sessions', 'POST')).toHaveLength(2);
		expect(env.sb.state.sessions).toHaveLength(2);
		expect(second[0].json.UUID).not.toBe(first[0].json.UUID);
		expect(second[0].json.ConnectionURL).not.toBe(first[0].json.ConnectionURL);
		// Each pass hands out the link the sandbox created for it.
		expect(env.sb.state.sessions.map((s) => s.UUID)).toEqual([first[0].json.UUID, second[0].json.UUID]);
		expect(second[0].pairedItem).toEqual({ item: 0 });
	});

	test('three passes over three items: nine sessions, nine distinct links, none handed out twice', async () => {
		const run = await runLoop(env, session(), { items: [{}, {}, {}], passes: 3 });
		expect(run.runs('Kohomai')).toBe(3);
		const all = [0, 1, 2].flatMap((pass) => links(run.outputOfRun('Kohomai', pass)));
		expect(all).toHaveLength(9);
		expect(new Set(all).size).toBe(9);
		expect(requestsTo(env.sb, '/sessions', 'POST')).toHaveLength(9);
	});

	test('Retry On Fail inside the second pass: a 500 there is not sent again, and the first pass is untouched', async () => {
		const run = await runLoop(env, session(), {
			settings: RETRY,
			onPass: (pass) => {
				if (pass === 0) env.sb.fault({ kind: 'status:500', method: 'POST', path: '/sessions' });
			},
		});
		expect(links(run.outputOfRun('Kohomai', 0))).toHaveLength(1);
		expect(run.error('Kohomai')).toBeUndefined();
		// n8n records the failed second run at the next index.
		expect(run.raw.data.resultData.runData.Kohomai[1].error.message).toMatch(/^This session was not sent again/);
		expect(requestsTo(env.sb, '/sessions', 'POST').map((r) => r.status)).toEqual([201, 500]);
	});

	test('Retry On Fail inside the second pass: a refusal (422) is sent again once, and each pass has its own link', async () => {
		const run = await runLoop(env, session(), {
			items: [{}, {}],
			settings: RETRY,
			onPass: (pass) => {
				if (pass === 0) env.sb.fault({ kind: 'status:422', method: 'POST', path: '/sessions' });
			},
		});
		expect(run.runError).toBeUndefined();
		const all = [...links(run.outputOfRun('Kohomai', 0)), ...links(run.outputOfRun('Kohomai', 1))];
		expect(all).toHaveLength(4);
		expect(new Set(all).size).toBe(4);
		// 2 in the first pass; in the second, one refused then sent again, the other created once.
		const statuses = requestsTo(env.sb, '/sessions', 'POST').map((r) => r.status);
		expect(statuses.filter((s) => s === 201)).toHaveLength(4);
		expect(statuses.filter((s) => s === 422)).toHaveLength(1);
		expect(env.sb.state.sessions).toHaveLength(4);
	});
});

describe('a flow that comes back into the node: Journey: Create', () => {
	// A workspace that lets one address register again, so that the second pass can succeed.
	const env = useSandbox({ duplicateEmail: 'allow' });
	const journey = {
		resource: 'journey',
		operation: 'create',
		startingPointRef: SEED_REF,
		firstName: 'Loop',
		lastName: 'Twice',
		email: 'loop.twice@example.com',
	};

	test('the same registration routed back once: a second journey with its own link, not the first one again', async () => {
		const run = await runLoop(env, journey);
		expect(run.runError).toBeUndefined();
		const [first, second] = [run.outputOfRun('Kohomai', 0), run.outputOfRun('Kohomai', 1)];
		expect(requestsTo(env.sb, '/journeys', 'POST')).toHaveLength(2);
		expect(createdJourneys(env.sb)).toHaveLength(2);
		expect(second[0].json.ConnectionURL).not.toBe(first[0].json.ConnectionURL);
		expect(createdJourneys(env.sb).map((j) => j.UUID)).toEqual([first[0].json.UUID, second[0].json.UUID]);
	});

	test('Retry On Fail within each pass still never creates twice: slow answers with Timeout, two passes', async () => {
		const run = await runLoop(
			env,
			{ ...journey, email: '={{ "slow." + $itemIndex + "@example.com" }}', options: { timeout: 2000 } },
			{
				items: [{}, {}],
				settings: { ...RETRY, continueOnFail: true },
				onPass: (pass) => {
					if (pass === 0) env.sb.fault({ kind: 'slow:4000', method: 'POST', path: '/journeys' });
				},
			},
		);
		const second = run.outputOfRun('Kohomai', 1);
		// The slow item: sent once in its pass, then reported, never sent again by the retry.
		expect(second.map((o: any) => o.pairedItem.item)).toEqual([0, 1]);
		expect(second[0].json.error).toMatch(/not sent again/);
		const perEmail = new Map<string, number>();
		for (const r of requestsTo(env.sb, '/journeys', 'POST')) {
			const email = /"Email":"([^"]+)"/.exec(r.body ?? '')?.[1] ?? '?';
			perEmail.set(email, (perEmail.get(email) ?? 0) + 1);
		}
		// Each address once per pass: twice in all, never more.
		expect([...perEmail.values()]).toEqual([2, 2]);
	});
});
