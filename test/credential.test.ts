import { engine, requestsTo, useSandbox } from './fixtures';

describe('Kohomai API credential', () => {
	const env = useSandbox();

	test('the test request succeeds with the workspace key', async () => {
		const result = await engine.testCredential('kohomaiApi', env.credentials);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [call] = requestsTo(env.sb, '/workflows');
		expect(call.key).toBe('workspace');
	});

	test('the test request fails with a wrong key, and the message does not show the key', async () => {
		const result = await engine.testCredential('kohomaiApi', { ...env.credentials, apiKey: 'wrong-key-123456' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Kohomai refused the API key \(401\).*Settings > API/);
		expect(JSON.stringify(result)).not.toContain('wrong-key-123456');
	});

	test('a trailing slash on the base URL is accepted', async () => {
		const result = await engine.testCredential('kohomaiApi', { ...env.credentials, baseUrl: `${env.baseUrl}/` });
		expect(result.status).toBe('OK');
	});
});
