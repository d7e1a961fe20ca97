import { BIG_ID, engine, requestsTo, useSandbox } from './fixtures';

const session = (user: unknown, extra: Record<string, unknown> = {}) => ({
	parameters: { resource: 'session', operation: 'create', user, ...extra },
});
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Session: Create', () => {
	const env = useSandbox();

	test(`id ${BIG_ID} from User: Search reaches POST /sessions exactly, through an expression`, async () => {
		const run = await engine.run({
			nodes: [
				{
					name: 'Search',
					parameters: { resource: 'user', operation: 'search', filters: { email: 'johndoe@example.com' } },
				},
				{ name: 'Session', ...session(byId('={{ $json.Id }}'), { redirectUrl: 'https://www.myapp.com' }) },
			],
			credentials: env.credentials,
		});
		expect(run.error('Session')).toBeUndefined();
		const [call] = requestsTo(env.sb, '/sessions', 'POST');
		expect(call.body).toContain(`"Id":${BIG_ID}`);
		expect(call.body).toBe(`{"User":{"Id":${BIG_ID}},"RedirectURL":"https://www.myapp.com"}`);
		const [out] = run.output('Session');
		expect(out.json.User.Id).toBe(BIG_ID);
		expect(out.json.ConnectionURL).toMatch(/autologin\?UUID=/);
		expect(out.json.ValidUntil).toEqual(expect.any(String));
		expect(out.json.RedirectURL).toBe('https://www.myapp.com');
		expect(env.sb.state.sessions[0].UserId).toBe(BIG_ID);
	});

	test.each([
		['By ID', byId(BIG_ID)],
		['By ID with spaces', byId(` ${BIG_ID} `)],
		['By URL', { __rl: true, mode: 'url', value: `https://app.kohomai.com/p/settings/users/${BIG_ID}` }],
		[
			'By URL with slash and query',
			{ __rl: true, mode: 'url', value: `https://app.kohomai.com/p/settings/users/${BIG_ID}/?tab=journeys` },
		],
		['From list', { __rl: true, mode: 'list', value: BIG_ID, cachedResultName: 'John Doe' }],
	])('%s: the user id is sent digit for digit, without a redirect URL', async (_label, user) => {
		const run = await engine.run({ nodes: [session(user)], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/sessions')[0].body).toBe(`{"User":{"Id":${BIG_ID}}}`);
	});

	test.each([
		['not digits', byId('={{ "abc" }}'), /"End User" in item 0 must be made of digits/],
		['negative', byId('={{ "-5" }}'), /"End User" in item 0 must be made of digits/],
		['zero', byId('0'), /"End User" in item 0 must be a positive number/],
		['fraction', byId('={{ 1.5 }}'), /"End User" in item 0 must be a positive whole number/],
		['unsafe number from an expression', byId('={{ 74590868830731162 }}'), /too large to be exact/],
		['missing (an AI tool call without the id)', byId('={{ $json.nothing }}'), /^"End User" in item 0 is required$/],
		[
			'a foreign URL',
			{ __rl: true, mode: 'url', value: '={{ "https://example.com/users/12" }}' },
			/"End User" in item 0 must be a Kohomai back-office address like https:\/\/app.kohomai.com\/p\/settings\/users\//,
		],
	])('%s: refused before sending', async (_label, user, message) => {
		const run = await engine.run({ nodes: [session(user)], credentials: env.credentials });
		expect(run.error().name).toBe('NodeOperationError');
		expect(run.error().message).toMatch(message);
		expect(env.sb.log).toHaveLength(0);
	});

	test('a literal invalid id is refused by the node, naming the field and item', async () => {
		const run = await engine.run({ nodes: [session(byId('12ab'))], credentials: env.credentials });
		expect(run.error().message).toBe('"End User" in item 0 must be made of digits only: "12ab"');
		expect(env.sb.log).toHaveLength(0);
	});

	test('a redirect URL that is not http(s) is refused before sending', async () => {
		const run = await engine.run({
			nodes: [session(byId(BIG_ID), { redirectUrl: 'ftp://files.example.com' })],
			credentials: env.credentials,
		});
		expect(run.error().message).toMatch(/"Redirect URL" in item 0 must be a full http/);
		expect(env.sb.log).toHaveLength(0);
	});

	test('an unknown user gives the mapped 404', async () => {
		const run = await engine.run({ nodes: [session(byId('12345678901234567'))], credentials: env.credentials });
		expect(run.error().httpCode).toBe('404');
		expect(run.error().message).toBe('Kohomai returned 404: End user not found');
	});

	test('a 500 on POST sends one request and says the session may exist', async () => {
		env.sb.fault({ kind: 'status:500', times: 1, path: '/sessions' });
		const run = await engine.run({ nodes: [session(byId(BIG_ID))], credentials: env.credentials });
		expect(requestsTo(env.sb, '/sessions')).toHaveLength(1);
		expect(run.error().description).toMatch(/session may have been created/);
		expect(JSON.stringify(run.error())).not.toMatch(/autologin/);
	});

	test('continue-on-fail: three users, the middle one unknown, three paired outputs', async () => {
		const items = [{ id: BIG_ID }, { id: '99999999999999999' }, { id: BIG_ID }];
		const run = await engine.run({
			nodes: [{ ...session(byId('={{ $json.id }}')), continueOnFail: true }],
			items,
			credentials: env.credentials,
		});
		const out = run.output();
		expect(out.map((o: any) => o.pairedItem.item)).toEqual([0, 1, 2]);
		expect(out[0].json.ConnectionURL).toBeDefined();
		expect(out[1].json.error).toMatch(/404/);
		expect(out[2].json.ConnectionURL).toBeDefined();
		expect(env.sb.stats().sessionsCreated).toBe(2);
	});
});

describe('Session: Create for a journey', () => {
	const env = useSandbox();
	const JOHNS_JOURNEY = '58230741923847561';
	const forJourney = (journey: unknown, extra: Record<string, unknown> = {}) =>
		session(undefined, { sessionFor: 'journey', journey, ...extra });

	test.each([
		['By ID', byId(JOHNS_JOURNEY)],
		[
			'By URL on app.hyperaktiv.ai',
			{ __rl: true, mode: 'url', value: `https://app.hyperaktiv.ai/p/journeys/${JOHNS_JOURNEY}` },
		],
		[
			'By URL on app.kohomai.com with a trailing slash',
			{ __rl: true, mode: 'url', value: `https://app.kohomai.com/p/journeys/${JOHNS_JOURNEY}/` },
		],
		['By ID from an expression', byId('={{ $json.journeyId }}')],
		[
			'From list',
			{ __rl: true, mode: 'list', value: JOHNS_JOURNEY, cachedResultName: 'John Doe in Employee onboarding' },
		],
	])('%s: {"Journey":{"Id":…}} with every digit, the connection as output', async (_label, journey) => {
		const run = await engine.run({
			nodes: [forJourney(journey)],
			items: [{ journeyId: JOHNS_JOURNEY }],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/sessions', 'POST')[0].body).toBe(`{"Journey":{"Id":${JOHNS_JOURNEY}}}`);
		const [out] = run.output();
		expect(out.json.ConnectionURL).toMatch(/autologin\?UUID=/);
		expect(out.json.User.Id).toBe(BIG_ID);
		expect(env.sb.state.sessions[0]).toMatchObject({ UserId: BIG_ID, JourneyId: JOHNS_JOURNEY });
	});

	test('a journey id from Journey: Get Many reaches POST /sessions exactly, with a redirect URL', async () => {
		const run = await engine.run({
			nodes: [
				{
					name: 'Journeys',
					parameters: { resource: 'journey', operation: 'getAll', filters: { userId: BIG_ID }, limit: 1 },
				},
				{ name: 'Session', ...forJourney(byId('={{ $json.Id }}'), { redirectUrl: 'https://www.myapp.com/done' }) },
			],
			credentials: env.credentials,
		});
		expect(run.error('Session')).toBeUndefined();
		expect(requestsTo(env.sb, '/sessions')[0].body).toBe(
			`{"Journey":{"Id":${JOHNS_JOURNEY}},"RedirectURL":"https://www.myapp.com/done"}`,
		);
	});

	test.each([
		['missing (an AI tool call without the id)', byId('={{ $json.nothing }}'), '"Journey" in item 0 is required'],
		[
			'a user page URL',
			{ __rl: true, mode: 'url', value: `https://app.kohomai.com/p/settings/users/${BIG_ID}` },
			/^"Journey" in item 0 must be a Kohomai back-office address like https:\/\/app\.kohomai\.com\/p\/journeys\/123456, not "https:/,
		],
	])('%s: refused in a sentence before sending', async (_label, journey, message) => {
		const run = await engine.run({ nodes: [forJourney(journey)], credentials: env.credentials });
		expect(run.error().message).toMatch(message);
		expect(env.sb.log).toHaveLength(0);
	});

	test('an unknown journey gives the API 404', async () => {
		const run = await engine.run({ nodes: [forJourney(byId('12345678901234567'))], credentials: env.credentials });
		expect(run.error().message).toBe('Kohomai returned 404: Journey not found');
	});
});
