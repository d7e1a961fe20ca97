/**
 * A key pasted with its scheme (issue 18, kind 2): `Bearer ws-key-test`, any
 * letter case, a whole `Authorization: Bearer …` line, quotes straight and
 * typographic, with the invisible characters people copy along. The node,
 * the credential test and the Zapier app send `Bearer <key>` once; the key as
 * pasted and as sent never appears in a message.
 */
import { apiKeyForms, apiKeyOf } from '../../nodes/Kohomai/mapping/apiKey';
import { engine, requestsTo, useSandbox } from '../fixtures';

const KEY = 'ws-key-test';

/** Every way of pasting the key that must work, named for the report. */
export const PASTED: Array<[string, string]> = [
	['the example: Bearer prefix', `Bearer ${KEY}`],
	['lower-case prefix', `bearer ${KEY}`],
	['upper-case prefix, two spaces', `BEARER  ${KEY}`],
	['prefix and a tab', `Bearer\t${KEY}`],
	['a whole header line', `Authorization: Bearer ${KEY}`],
	['a header line in lower case, no space', `authorization:bearer ${KEY}`],
	['a curl header option', `-H 'Authorization: Bearer ${KEY}'`],
	['a JSON header pair', `"Authorization": "Bearer ${KEY}",`],
	['straight double quotes', `"${KEY}"`],
	['straight single quotes around the prefix', `'Bearer ${KEY}'`],
	['typographic double quotes', `“Bearer ${KEY}”`],
	['typographic single quotes', `‘${KEY}’`],
	['German quotes', `„${KEY}“`],
	['quotes inside the prefix', `Bearer "${KEY}"`],
	['the prefix twice', `Bearer Bearer ${KEY}`],
	['zero-width space and BOM around', `\ufeffBearer ${KEY}\u200b`],
	['non-breaking space after the prefix', `Bearer\u00a0${KEY}`],
	['line break and word joiner inside', `Bearer ${KEY.slice(0, 3)}\u2060${KEY.slice(3)}\n`],
	['bidi marks and quotes around a header line', `\u200e“Authorization: Bearer ${KEY}”\u200f`],
];

describe('a key pasted with its scheme works', () => {
	const env = useSandbox({ workspaceKey: KEY });

	test.each(PASTED)('%s: the node sends Bearer <key> once and Kohomai accepts it', async (_name, pasted) => {
		const run = await engine.run({
			nodes: [{ parameters: { resource: 'workflow', operation: 'getAll', returnAll: true } }],
			credentials: { ...env.credentials, apiKey: pasted },
		});
		expect(run.error()).toBeUndefined();
		expect(run.output().length).toBeGreaterThan(0);
		expect(requestsTo(env.sb, '/workflows').map((r) => r.key)).toEqual(['workspace']);
	});

	test.each(PASTED)('%s: the credential test passes', async (_name, pasted) => {
		const result = await engine.testCredential('kohomaiApi', { ...env.credentials, apiKey: pasted });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('creations too: Session: Create with the Bearer prefix pasted', async () => {
		const run = await engine.run({
			nodes: [
				{
					parameters: {
						resource: 'session',
						operation: 'create',
						user: { __rl: true, mode: 'id', value: env.sb.state.users[0].Id },
					},
				},
			],
			credentials: { ...env.credentials, apiKey: `Bearer ${KEY}` },
		});
		expect(run.error()).toBeUndefined();
		expect(env.sb.state.sessions).toHaveLength(1);
	});

	test('the key as pasted and as sent never appears in an error, even when Kohomai echoes it', async () => {
		const pasted = `“Authorization: Bearer ${KEY}”`;
		env.sb.fault({
			kind: 'json:401',
			body: JSON.stringify({ Message: `Invalid token ${pasted} (sent: Bearer ${KEY}; key ${KEY})` }),
		});
		const run = await engine.run({
			nodes: [{ parameters: { resource: 'workflow', operation: 'getAll', returnAll: true } }],
			credentials: { ...env.credentials, apiKey: pasted },
		});
		const error = JSON.stringify(run.error());
		expect(run.error().message).toMatch(/401/);
		expect(error).not.toContain(KEY);
		expect(error).not.toContain(pasted);
	});

	test('a wrong key pasted with its prefix is refused (401), and the message shows neither form', async () => {
		const result = await engine.testCredential('kohomaiApi', {
			...env.credentials,
			apiKey: 'Bearer wrong-key-123456',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Kohomai refused the API key \(401\)/);
		expect(JSON.stringify(result)).not.toContain('wrong-key-123456');
	});
});

describe('the normaliser', () => {
	test.each(PASTED)('%s -> the key', (_name, pasted) => {
		expect(apiKeyOf(pasted)).toBe(KEY);
	});

	test('keys are otherwise kept as they are', () => {
		expect(apiKeyOf('bearerless-key')).toBe('bearerless-key');
		expect(apiKeyOf('Bearer')).toBe('Bearer');
		expect(apiKeyOf('ws_AbC-123.xyz=')).toBe('ws_AbC-123.xyz=');
		expect(apiKeyOf('  spaced  ')).toBe('spaced');
		expect(apiKeyOf(undefined)).toBe('');
		expect(apiKeyOf('“”')).toBe('');
	});

	test('forms for redaction: as typed, trimmed, as sent; longest first', () => {
		expect(apiKeyForms(` "Bearer ${KEY}" `)).toEqual([` "Bearer ${KEY}" `, `"Bearer ${KEY}"`, KEY]);
		expect(apiKeyForms('')).toEqual([]);
	});
});
