/**
 * Headlines that say what happened, and no secret in any message: the key at
 * any length, and every ConnectionURL.
 */
import { engine, useSandbox } from '../fixtures';

const search = { parameters: { resource: 'user', operation: 'search', filters: { email: 'johndoe@example.com' } } };

describe('messages', () => {
	const env = useSandbox();

	test('the example: a 401 with an empty body says the API key was refused', async () => {
		env.sb.fault({ kind: 'json:401', body: '' });
		const run = await engine.run({ nodes: [search], credentials: env.credentials });
		expect(run.error().message).toBe('Kohomai refused the API key (401)');
		expect(run.error().httpCode).toBe('401');
		expect(run.error().description).toMatch(/Settings > API/);
	});

	test('the example: a 3-character key echoed by the API is redacted', async () => {
		env.sb.fault({ kind: 'json:401', body: '{"message":"Invalid key xyz (key=xyz)"}' });
		const run = await engine.run({ nodes: [search], credentials: { ...env.credentials, apiKey: 'xyz' } });
		expect(run.error().message).toBe(
			'Kohomai refused the API key (401): Invalid key [key removed] (key=[key removed])',
		);
		expect(JSON.stringify(run.error())).not.toContain('xyz');
	});

	test.each(['k', 'ab', 'abcd', 'a-much-longer-key-0123456789'])(
		'key %j echoed in a 400 and in a list error is redacted',
		async (apiKey) => {
			env.sb.fault({ kind: 'json:400', body: JSON.stringify({ message: `bad request for ${apiKey}` }) });
			const run = await engine.run({ nodes: [search], credentials: { ...env.credentials, apiKey } });
			expect(run.error().message).toBe('Kohomai returned 400: bad request for [key removed]');
			// A one-letter key is removed wherever that letter stands, words included.
			if (apiKey.length < 2) return;
			env.sb.fault({ kind: 'json-200', body: JSON.stringify({ [apiKey]: 1 }) });
			const again = await engine.run({ nodes: [search], credentials: { ...env.credentials, apiKey } });
			expect(again.error().message).toMatch(/keys \[key removed\]\)$/);
		},
	);

	test('a ConnectionURL echoed in an error is redacted, as before', async () => {
		env.sb.fault({
			kind: 'json:422',
			body: '{"message":"already sent http://app.kohomai.com/internal/v1/autologin?UUID=2bb35288-f2ac"}',
		});
		const run = await engine.run({ nodes: [search], credentials: env.credentials });
		expect(run.error().message).toBe('Kohomai returned 422: already sent [link removed]');
	});
});
