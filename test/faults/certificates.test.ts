/**
 * A Base URL served with a self-signed certificate (the sandbox's HTTPS
 * listener on 127.0.0.1): the error names the certificate problem, nothing is
 * retried, and the credential's "Ignore SSL Issues (Insecure)" switch lets
 * the node and the credential test through.
 */
import { engine, SEED_REF, useSandbox } from '../fixtures';

const workflows = { parameters: { resource: 'workflow', operation: 'getAll', returnAll: true } };
const journey = {
	parameters: {
		resource: 'journey',
		operation: 'create',
		startingPointRef: SEED_REF,
		firstName: 'Ada',
		lastName: 'Lovelace',
		email: 'ada.tls@example.com',
	},
};

/** The server learns of a refused handshake a moment after the client gives up. */
async function waitFor(ok: () => boolean): Promise<void> {
	for (let i = 0; i < 50 && !ok(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('self-signed certificate', () => {
	const env = useSandbox({ https: true });

	test('the sandbox really serves HTTPS', () => {
		expect(env.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
	});

	test('the example: the error names the certificate problem and says what to do; a read is not retried', async () => {
		const run = await engine.run({ nodes: [workflows], credentials: env.credentials });
		expect(run.error().message).toBe("Kohomai's certificate was not accepted: self-signed certificate");
		expect(run.error().description).toMatch(/Nothing was sent.*Ignore SSL Issues \(Insecure\)/);
		expect(env.sb.log).toHaveLength(0);
		// One handshake: a read that fails on its certificate is not tried again.
		await waitFor(() => env.sb.stats().tlsHandshakeFailures > 0);
		expect(env.sb.stats().tlsHandshakeFailures).toBe(1);
	});

	test('a creation fails the same way, and does not claim the journey may exist', async () => {
		const run = await engine.run({ nodes: [journey], credentials: env.credentials });
		expect(run.error().message).toMatch(/certificate was not accepted: self-signed certificate/);
		expect(run.error().description).not.toMatch(/may have been created/);
	});

	test('with Continue On Fail every item gets the certificate error, none is retried', async () => {
		const run = await engine.run({
			nodes: [{ ...workflows, continueOnFail: true }],
			items: [{}, {}],
			credentials: env.credentials,
		});
		expect(run.output().map((o: any) => o.json.error)).toEqual([
			expect.stringMatching(/self-signed/),
			expect.stringMatching(/self-signed/),
		]);
		expect(env.sb.log).toHaveLength(0);
		await waitFor(() => env.sb.stats().tlsHandshakeFailures >= 2);
		expect(env.sb.stats().tlsHandshakeFailures).toBe(2);
	});

	test('the credential test says the same', async () => {
		const result = await engine.testCredential('kohomaiApi', env.credentials);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Kohomai's certificate was not accepted: self-signed certificate\. Nothing was sent/,
		);
	});

	test('"Ignore SSL Issues (Insecure)" lets the node and the credential test through', async () => {
		const credentials = { ...env.credentials, ignoreSSLIssues: true };
		expect(await engine.testCredential('kohomaiApi', credentials)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const run = await engine.run({ nodes: [workflows], credentials });
		expect(run.error()).toBeUndefined();
		expect(run.output()).toHaveLength(env.sb.state.workflows.length);
		const created = await engine.run({ nodes: [journey], credentials });
		expect(created.output()[0].json.ConnectionURL).toMatch(/^https:\/\/127\.0\.0\.1/);
	});
});
