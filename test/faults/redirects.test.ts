/**
 * The transport follows no redirect: a 3xx becomes an error naming the origin
 * it points to (never a path or a query string), the key never reaches another
 * address, and a POST is never re-sent or turned into a GET.
 */
import { BIG_ID, engine, createdJourneys, requestsTo, SEED_REF, useSandbox } from '../fixtures';
import type { FaultSpec } from '../../tools/sandbox';

const session = (extra: Record<string, unknown> = {}) => ({
	parameters: { resource: 'session', operation: 'create', user: { __rl: true, mode: 'id', value: BIG_ID }, ...extra },
});
const journey = (email = 'ada@example.com') => ({
	parameters: {
		resource: 'journey',
		operation: 'create',
		startingPointRef: SEED_REF,
		firstName: 'Ada',
		lastName: 'Lovelace',
		email,
	},
});
const workflows = { parameters: { resource: 'workflow', operation: 'getAll', returnAll: true } };

describe('redirects', () => {
	const env = useSandbox();

	test('the example: 303 See Other to the ConnectionURL on POST /sessions is not followed, and the link is never shown', async () => {
		env.sb.fault({ kind: 'redirect:303', method: 'POST', path: '/sessions' });
		const run = await engine.run({ nodes: [session()], credentials: env.credentials });
		const error = run.error();
		const origin = new URL(env.baseUrl).origin;
		expect(error.message).toBe(`Kohomai redirected the request to ${origin} (303)`);
		// 303 to a POST means it was done: the session may exist.
		expect(error.description).toMatch(/See Other.*session may have been created/);
		// The one-time link was not spent by the node, and no part of it is shown.
		expect(env.sb.log.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/sessions']);
		const [created] = env.sb.state.sessions;
		expect(env.sb.stats().sessionsCreated).toBe(1);
		expect(JSON.stringify(run.raw)).not.toContain(created.UUID);
		expect(JSON.stringify(run.raw)).not.toMatch(/autologin/);
	});

	test('the example: 301 to https:// on POST /journeys is not turned into a GET, and says where the Base URL points', async () => {
		env.sb.fault({ kind: 'redirect:301', method: 'POST', path: '/journeys' });
		const run = await engine.run({ nodes: [journey()], credentials: env.credentials });
		const https = new URL(env.baseUrl).origin.replace('http:', 'https:');
		expect(run.error().message).toBe(`Kohomai redirected the request to ${https} (301)`);
		expect(run.error().description).toMatch(
			new RegExp(`Base URL .* point to ${https.replace(/\./g, '\\.')}.*Nothing was created`),
		);
		expect(env.sb.log.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/journeys']);
		expect(env.sb.stats().journeysCreated).toBe(0);
	});

	test.each([301, 302, 307, 308] as const)('%i on a POST: sent once, nothing created, not retried', async (code) => {
		env.sb.fault({ kind: `redirect:${code}`, method: 'POST', path: '/journeys', times: 5 });
		const run = await engine.run({ nodes: [journey()], credentials: env.credentials });
		expect(run.error().message).toMatch(new RegExp(`\\(${code}\\)$`));
		expect(requestsTo(env.sb, '/journeys')).toHaveLength(1);
		expect(createdJourneys(env.sb)).toHaveLength(0);
	});

	test.each([301, 302, 303, 307, 308] as const)(
		'%i on a GET to another origin: not followed, so the key goes nowhere else',
		async (code) => {
			// The other origin is this very sandbox under another name: a followed
			// redirect would show up in its log with the key.
			const elsewhere = `http://localhost:${new URL(env.baseUrl).port}/api/v1/funnels?token=abc`;
			env.sb.fault({ kind: `redirect:${code}`, method: 'GET', path: '/workflows', location: elsewhere, times: 5 });
			const run = await engine.run({ nodes: [workflows], credentials: env.credentials });
			expect(run.error().message).toBe(
				`Kohomai redirected the request to http://localhost:${new URL(env.baseUrl).port} (${code})`,
			);
			expect(JSON.stringify(run.error())).not.toContain('token=abc');
			expect(env.sb.log.map((r) => r.path)).toEqual(['/api/v1/workflows']);
		},
	);

	test('a same-origin redirect on a GET is not followed either, and its path and query stay out of the message', async () => {
		const origin = new URL(env.baseUrl).origin;
		env.sb.fault({
			kind: 'redirect:302',
			method: 'GET',
			path: '/workflows',
			location: '/api/v2/workflows?session=s3cr3t',
			times: 5,
		});
		const run = await engine.run({ nodes: [workflows], credentials: env.credentials });
		expect(run.error().message).toBe(`Kohomai redirected the request to ${origin} (302)`);
		expect(run.error().description).toMatch(/elsewhere on the same host: check the path of the Base URL/);
		expect(JSON.stringify(run.error())).not.toMatch(/s3cr3t|api\/v2/);
		expect(env.sb.log).toHaveLength(1);
	});

	test('a redirect without a Location says so', async () => {
		const spec: FaultSpec = { kind: 'redirect:307', method: 'POST', path: '/sessions', location: '' };
		env.sb.fault(spec);
		const run = await engine.run({ nodes: [session()], credentials: env.credentials });
		expect(run.error().message).toBe('Kohomai redirected the request without saying where (307)');
	});

	test('with continue-on-fail, the redirected item becomes its error item and the others go on', async () => {
		env.sb.fault({ kind: 'redirect:303', method: 'POST', path: '/journeys' });
		const items = [{ e: 'r0@example.com' }, { e: 'r1@example.com' }];
		const node = {
			parameters: { ...journey().parameters, email: '={{ $json.e }}', options: { concurrency: 1 } },
			continueOnFail: true,
		};
		const run = await engine.run({ nodes: [node], items, credentials: env.credentials });
		const out = run.output();
		expect(out.map((o: any) => [o.pairedItem.item, o.json.error ?? 'ok'])).toEqual([
			[0, expect.stringMatching(/\(303\)$/)],
			[1, 'ok'],
		]);
		expect(env.sb.stats().journeysCreated).toBe(2);
	});
});
