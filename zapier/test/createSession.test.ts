import { BIG_ID, failureOf, requestsTo, run, useSandbox } from './harness';

const ctx = useSandbox();
const CREATE = 'creates.create_session.operation.perform';
const JOHNS_JOURNEY = '58230741923847561';

describe('Create Session', () => {
	it('opens a session for a user given by back-office URL, with the redirect URL', async () => {
		const result = await run(ctx, CREATE, {
			userId: `https://app.hyperaktiv.ai/p/settings/users/${BIG_ID}/`,
			redirectUrl: 'https://example.com/done',
		});
		expect(requestsTo(ctx.sb, '/sessions', 'POST')[0].body).toBe(
			`{"User":{"Id":${BIG_ID}},"RedirectURL":"https://example.com/done"}`,
		);
		expect(result.User.Id).toBe(BIG_ID);
		expect(result.RedirectURL).toBe('https://example.com/done');
		expect(typeof result.ConnectionURL).toBe('string');
		expect(typeof result.ValidUntil).toBe('string');
	});

	it('opens a session for a journey given by back-office URL, sending { Journey: { Id } } with every digit', async () => {
		const result = await run(ctx, CREATE, { journeyId: `https://app.kohomai.com/p/journeys/${JOHNS_JOURNEY}` });
		expect(requestsTo(ctx.sb, '/sessions', 'POST')[0].body).toBe(`{"Journey":{"Id":${JOHNS_JOURNEY}}}`);
		expect(result.User.Id).toBe(BIG_ID);
		expect(typeof result.ConnectionURL).toBe('string');
	});

	it.each([
		['neither a user nor a journey', {}, '"User" or "Journey" is required'],
		['both a user and a journey', { userId: BIG_ID, journeyId: JOHNS_JOURNEY }, 'are both given'],
		['a user id with letters', { userId: '7459O868830731162' }, '"User" must be made of digits only'],
		[
			'a journey page address given as the user',
			{ userId: `https://app.kohomai.com/p/journeys/${JOHNS_JOURNEY}` },
			'"User" must be a Kohomai back-office address like',
		],
		[
			'a bad redirect URL',
			{ userId: BIG_ID, redirectUrl: 'example.com' },
			'"Redirect URL" must be a full http:// or https:// address',
		],
	])('refuses %s before sending anything', async (_what, input, text) => {
		const failure = await failureOf(run(ctx, CREATE, input));
		expect(failure.name).toBe('AppError');
		expect(failure.message).toContain(text);
		expect(ctx.sb.log).toHaveLength(0);
	});

	it('reports an unknown user (404) as an ordinary error: nothing was created', async () => {
		const failure = await failureOf(run(ctx, CREATE, { userId: '1234567890123456789' }));
		expect(failure.name).toBe('AppError');
		expect(failure.status).toBe(404);
		expect(failure.message).toContain('Kohomai did not find what was asked for');
	});

	it('halts on an answer lost after sending, telling that a new session would be a second link', async () => {
		ctx.sb.fault({ kind: 'reset-after-read', path: '/sessions' });
		const failure = await failureOf(run(ctx, CREATE, { userId: BIG_ID }));
		expect(failure.name).toBe('HaltedError');
		expect(failure.message).toContain('The session may have been created anyway');
		expect(requestsTo(ctx.sb, '/sessions', 'POST')).toHaveLength(1);
		expect(ctx.sb.stats().sessionsCreated).toBe(1);
	});

	it("throttles on 429 without an effect, with Zapier's default wait when Kohomai gives none", async () => {
		ctx.sb.fault({ kind: '429-none', path: '/sessions' });
		const failure = await failureOf(run(ctx, CREATE, { userId: BIG_ID }));
		expect(failure.name).toBe('ThrottledError');
		expect(failure.delay).toBe(60);
		expect(ctx.sb.stats().sessionsCreated).toBe(0);
	});
});
