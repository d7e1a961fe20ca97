/**
 * The credential test runs the node's own code (testedBy -> methods.credentialTest),
 * called as n8n's CredentialsTester calls it: so it agrees with the node.
 */
import { engine, requestsTo, useSandbox } from '../fixtures';

const workflows = { parameters: { resource: 'workflow', operation: 'getAll', returnAll: false, limit: 1 } };

describe('credential test and node agree', () => {
	const env = useSandbox();

	test('the example: a Base URL answering 200 with an HTML page fails the test, as it fails the node, with the same message', async () => {
		env.sb.fault({ kind: 'html-200', times: 3 });
		const test = await engine.testCredential('kohomaiApi', env.credentials);
		env.sb.fault({ kind: 'html-200', times: 3 });
		const run = await engine.run({ nodes: [workflows], credentials: env.credentials });
		expect(test.status).toBe('Error');
		expect(test.message).toBe(`${run.error().message}. ${run.error().description}`);
		expect(test.message).toMatch(/^Kohomai answered 200 with an HTML page instead of JSON\. .*Base URL/);
	});

	test('the example: a Base URL with a trailing space (and slash) passes the test, as it works in the node', async () => {
		const credentials = { ...env.credentials, baseUrl: ` ${env.baseUrl}/ ` };
		expect(await engine.testCredential('kohomaiApi', credentials)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const run = await engine.run({ nodes: [workflows], credentials });
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/workflows').map((r) => r.path)).toEqual(['/api/v1/workflows', '/api/v1/workflows']);
	});

	test('the key is sent as the workspace Bearer key, trimmed, exactly as by the node', async () => {
		const result = await engine.testCredential('kohomaiApi', {
			...env.credentials,
			apiKey: ` ${env.credentials.apiKey}\t`,
		});
		expect(result.status).toBe('OK');
		expect(requestsTo(env.sb, '/workflows')[0].key).toBe('workspace');
	});

	test('a refused key: the 401 headline, the advice, never the key, even a 3-character one', async () => {
		const result = await engine.testCredential('kohomaiApi', { ...env.credentials, apiKey: 'xyz' });
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^Kohomai refused the API key \(401\): Invalid or missing API key\. .*Settings > API/,
			),
		});
		expect(result.message).not.toContain('xyz');
	});

	test.each([
		['an empty 200', 'empty-200', /answered 200 with an empty body/],
		['a JSON object without a list', 'json-200', /something other than a list \(an object with the keys status\)/],
		['a 503 every time', 'status:503', /^Kohomai returned 503/],
	])("%s fails the test with the node's message", async (_name, kind, message) => {
		env.sb.fault({ kind: kind as 'json-200', times: 5, body: '{"status":"ok"}' });
		const result = await engine.testCredential('kohomaiApi', env.credentials);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});

	test('nothing listens at the Base URL: the node\'s "could not connect" message', async () => {
		const result = await engine.testCredential('kohomaiApi', {
			...env.credentials,
			baseUrl: 'http://127.0.0.1:9/api/v1',
		});
		expect(result.message).toMatch(/^Could not connect to Kohomai\. .*nothing was sent/);
	});

	test('a redirect fails the test and names the new origin only', async () => {
		env.sb.fault({ kind: 'redirect:301', location: 'https://app.hyperaktiv.ai/api/v1/workflows?x=1' });
		const result = await engine.testCredential('kohomaiApi', env.credentials);
		expect(result.message).toMatch(/^Kohomai redirected the request to https:\/\/app\.hyperaktiv\.ai \(301\)\. /);
		expect(result.message).not.toContain('x=1');
	});
});
