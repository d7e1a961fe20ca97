import { engine, useSandbox } from './fixtures';

const searchNode = (extra: Record<string, unknown> = {}) => ({
	parameters: { resource: 'user', operation: 'search', filters: { email: 'johndoe@example.com' } },
	...extra,
});

const cases: Array<[400 | 401 | 403 | 404 | 409 | 422 | 500 | 502 | 503 | 504, RegExp]> = [
	[400, /malformed/],
	[401, /API key.*Settings > API/],
	[403, /not allowed/],
	[404, /did not find/],
	[409, /conflict/],
	[422, /refused the data/],
	[500, /server error/],
	[502, /server error/],
	[503, /server error/],
	[504, /server error/],
];

describe('API errors become clear NodeApiErrors', () => {
	const env = useSandbox();

	test.each(cases)('status %i names the status, says what to do, hides the key', async (status, advice) => {
		// GET is retried twice on 5xx, so a persistent fault is needed to see the error.
		env.sb.fault({ kind: `status:${status}`, times: 5 });
		const run = await engine.run({ nodes: [searchNode()], credentials: env.credentials });
		const error = run.error();
		expect(error).toBeDefined();
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe(String(status));
		expect(error.message).toContain(
			status === 401 ? 'Kohomai refused the API key (401)' : `Kohomai returned ${status}`,
		);
		expect(error.description).toMatch(advice);
		expect(JSON.stringify(error)).not.toContain(env.credentials.apiKey);
	});

	test('the API’s own message is shown', async () => {
		const run = await engine.run({
			nodes: [searchNode()],
			credentials: { ...env.credentials, apiKey: 'bad-key-987654' },
		});
		expect(run.error().message).toBe('Kohomai refused the API key (401): Invalid or missing API key');
		expect(JSON.stringify(run.error())).not.toContain('bad-key-987654');
	});

	test('429 with Retry-After is waited out and retried, then succeeds', async () => {
		env.sb.fault({ kind: '429', times: 1 });
		const run = await engine.run({ nodes: [searchNode()], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		expect(run.output()).toHaveLength(1);
		expect(env.sb.log.map((r) => r.status)).toEqual([429, 200]);
	});

	test('429 that never ends gives up after Max Wait When Rate Limited, saying how long and what to change', async () => {
		env.sb.fault({ kind: '429', times: 100 });
		// 0.05 minutes: 3 s of Retry-After: 1 answers.
		const node = searchNode();
		const run = await engine.run({
			nodes: [{ ...node, parameters: { ...node.parameters, options: { maxRateLimitWait: 0.05 } } }],
			credentials: env.credentials,
		});
		expect(run.error().httpCode).toBe('429');
		expect(run.error().message).toMatch(/rate limit kept this request waiting \d+ s/);
		expect(run.error().description).toMatch(/Raise "Max Wait When Rate Limited"/);
		// Each try waited out the Retry-After: a few requests, not a storm.
		expect(env.sb.log.length).toBeGreaterThan(1);
		expect(env.sb.log.length).toBeLessThan(10);
	});

	test('GET is retried after a 503 and succeeds', async () => {
		env.sb.fault({ kind: 'status:503', times: 1 });
		const run = await engine.run({ nodes: [searchNode()], credentials: env.credentials });
		expect(run.output()).toHaveLength(1);
		expect(env.sb.log.map((r) => r.status)).toEqual([503, 200]);
	});

	test('a read answered once with an HTML page is read again', async () => {
		env.sb.fault({ kind: 'html-200', times: 1 });
		const run = await engine.run({ nodes: [searchNode()], credentials: env.credentials });
		expect(run.output()).toHaveLength(1);
		expect(env.sb.log).toHaveLength(2);
	});

	test('an HTML page instead of JSON, every time, says to check the Base URL', async () => {
		env.sb.fault({ kind: 'html-200', times: 5 });
		const run = await engine.run({ nodes: [searchNode()], credentials: env.credentials });
		expect(run.error().message).toMatch(/HTML page instead of JSON/);
		expect(run.error().description).toMatch(/Base URL/);
	});

	test('connection refused says nothing was sent and to check the Base URL', async () => {
		const run = await engine.run({
			nodes: [searchNode()],
			credentials: { ...env.credentials, baseUrl: 'http://127.0.0.1:9/api/v1' },
		});
		expect(run.error().message).toBe('Could not connect to Kohomai');
		expect(run.error().description).toMatch(/nothing was sent.*Base URL/);
	});
});
