import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { BIG_ID, failureOf, run, useSandbox } from './harness';

const ctx = useSandbox();

/**
 * What zapier-platform-core streams to Zapier's log service during a step,
 * captured by pointing its logger (tools/create-logger.js: LOGGING_ENDPOINT,
 * LOGGING_TOKEN) at a local collector: the records Zapier would store,
 * after core's own scrubbing.
 */
async function loggedDuring(step: () => Promise<unknown>): Promise<{ text: string; result: unknown }> {
	const chunks: string[] = [];
	const collector = http.createServer((req, res) => {
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => chunks.push(chunk));
		req.on('end', () => res.end('{}'));
	});
	await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
	const { port } = collector.address() as AddressInfo;
	process.env.LOGGING_ENDPOINT = `http://127.0.0.1:${port}/input`;
	process.env.LOGGING_TOKEN = 'test-log-token';
	try {
		const result = await step();
		return { text: chunks.join(''), result };
	} finally {
		delete process.env.LOGGING_ENDPOINT;
		delete process.env.LOGGING_TOKEN;
		await new Promise((resolve) => collector.close(resolve));
	}
}

describe("secrets in Zapier's logs and errors", () => {
	it('logs the creations without the API key and without the ConnectionURL', async () => {
		const { text, result } = await loggedDuring(() =>
			run(ctx, 'creates.create_journey.operation.perform', {
				reference: Object.values(ctx.sb.keys.references)[0],
				bodyFormat: 'nested',
				firstName: 'Ada',
				lastName: 'L',
				email: 'ada@example.com',
			}),
		);
		const connection = result as { ConnectionURL: string; UUID: string };
		expect(text).toContain('POST');
		expect(text).toContain('/api/v1/journeys');
		expect(text).toMatch(/authorization: :censored:\d+:[0-9a-f]+:/i);
		expect(text).not.toContain(ctx.sb.keys.workspace);
		expect(text).not.toContain(connection.UUID);
		expect(text).not.toContain('autologin');
	});

	it('logs a session creation without its link, while reads keep their bodies in the log', async () => {
		const { text, result } = await loggedDuring(async () => {
			const [user] = await run(ctx, 'searches.find_user.operation.perform', { email: 'johndoe@example.com' });
			return run(ctx, 'creates.create_session.operation.perform', { userId: user.id });
		});
		const connection = result as { UUID: string };
		// Control: the log capture works and holds response bodies of reads.
		expect(text).toContain('johndoe@example.com');
		expect(text).toContain(`{\\"User\\":{\\"Id\\":${BIG_ID}}}`);
		expect(text).not.toContain(connection.UUID);
		expect(text).not.toContain(ctx.sb.keys.workspace);
	});

	it('keeps the key and the login link out of the error of an ambiguous creation', async () => {
		ctx.sb.fault({ kind: 'html-200', path: '/sessions' });
		const { text } = await loggedDuring(async () => {
			const failure = await failureOf(run(ctx, 'creates.create_session.operation.perform', { userId: BIG_ID }));
			expect(failure.name).toBe('HaltedError');
			expect(failure.whole).not.toContain(ctx.sb.keys.workspace);
			expect(failure.whole).not.toContain('autologin');
			return failure;
		});
		expect(text).not.toContain(ctx.sb.keys.workspace);
	});
});
