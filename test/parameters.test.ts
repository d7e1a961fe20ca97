import { BIG_ID, engine, requestsTo, useSandbox } from './fixtures';

/**
 * Numbers and switches typed by expression arrive as text: they are read as
 * n8n's own nodes read them, and anything else stops the run naming the
 * parameter and the item, never a silent default.
 */

const search = (extra: Record<string, unknown>) => ({
	parameters: { resource: 'user', operation: 'search', ...extra },
});
const session = (options: Record<string, unknown>) => ({
	parameters: { resource: 'session', operation: 'create', user: { __rl: true, mode: 'id', value: BIG_ID }, options },
});

describe('number and switch parameters', () => {
	const env = useSandbox();

	test('Options > Timeout "300" from an expression is used, not the 30 s default', async () => {
		env.sb.fault({ kind: 'slow:1200', times: 1, path: '/sessions' });
		const run = await engine.run({
			nodes: [session({ timeout: '={{ $json.t }}' })],
			items: [{ t: '300' }],
			credentials: env.credentials,
		});
		expect(run.error().message).toBe('Kohomai did not answer within 300 ms');
	});

	test('Options > Items in Flight "1" from an expression sends one item at a time', async () => {
		env.sb.setLatency(60);
		const items = Array.from({ length: 4 }, () => ({ n: '1' }));
		const run = await engine.run({
			nodes: [session({ concurrency: '={{ $json.n }}' })],
			items,
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		const calls = requestsTo(env.sb, '/sessions');
		expect(calls).toHaveLength(4);
		// One at a time: each request arrives after the previous answer (60 ms latency).
		for (let i = 1; i < calls.length; i++)
			expect(Date.parse(calls[i].time) - Date.parse(calls[i - 1].time)).toBeGreaterThanOrEqual(55);
	});

	test.each([
		[
			'Options > Timeout',
			session({ timeout: '={{ "soon" }}' }),
			'"Options > Timeout" in item 0 must be a whole number, not "soon"',
		],
		[
			'Options > Timeout (nothing)',
			session({ timeout: '={{ $json.nothing }}' }),
			'"Options > Timeout" in item 0 must be a whole number, not nothing',
		],
		[
			'Options > Timeout (zero)',
			session({ timeout: '={{ 0 }}' }),
			'"Options > Timeout" in item 0 must be between 1 and 600000, not 0',
		],
		[
			'Options > Items in Flight',
			session({ concurrency: '={{ "many" }}' }),
			'"Options > Items in Flight" in item 0 must be a whole number, not "many"',
		],
		[
			'Options > Items in Flight (too many)',
			session({ concurrency: '={{ 501 }}' }),
			'"Options > Items in Flight" in item 0 must be between 0 and 500, not 501',
		],
		['Limit', search({ limit: '={{ "1.5" }}' }), '"Limit" in item 0 must be a whole number, not "1.5"'],
		[
			'Limit (nothing)',
			search({ limit: '={{ $json.nothing }}' }),
			'"Limit" in item 0 must be a whole number, not nothing',
		],
		[
			'Return All',
			search({ returnAll: '={{ "maybe" }}' }),
			'"Return All" in item 0 must be true or false, not "maybe"',
		],
	])('%s: a value that is not one is refused before anything is sent', async (_label, node, message) => {
		const run = await engine.run({ nodes: [node], credentials: env.credentials });
		expect(run.error().name).toBe('NodeOperationError');
		expect(run.error().message).toBe(message);
		expect(env.sb.log).toHaveLength(0);
	});

	test('Limit "2" and Return All "false" as text work like the numbers', async () => {
		const run = await engine.run({
			nodes: [search({ returnAll: '={{ "false" }}', limit: '={{ "2" }}' })],
			credentials: env.credentials,
		});
		expect(run.output()).toHaveLength(2);
	});

	test('the failing item is named: Limit from item 1', async () => {
		const run = await engine.run({
			nodes: [search({ limit: '={{ $json.l }}' })],
			items: [{ l: 1 }, { l: 'x' }],
			credentials: env.credentials,
		});
		expect(run.error().message).toBe('"Limit" in item 1 must be a whole number, not "x"');
	});
});
