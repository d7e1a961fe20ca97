/**
 * Field values as people and sheets give them (issue 18, kinds 3, 4 and 7):
 * numbers and switches in text fields, invisible format characters in email
 * addresses, back-office addresses copied without their scheme. Each runs in
 * n8n's engine against the sandbox; the sandbox's log shows what was sent.
 */
import { BIG_ID, engine, createdJourneys, requestsTo, SEED_REF, useSandbox } from '../fixtures';
import { email, optionalText, requiredText } from '../../nodes/Kohomai/mapping/validate';
import { idFromLocator } from '../../nodes/Kohomai/mapping/backOfficeUrls';

const flat = (extra: Record<string, unknown> = {}) => ({
	resource: 'journey',
	operation: 'create',
	startingPointRef: SEED_REF,
	bodyFormat: 'flat',
	email: '={{ $json.email }}',
	...extra,
});
const nested = (extra: Record<string, unknown> = {}) => ({
	resource: 'journey',
	operation: 'create',
	startingPointRef: SEED_REF,
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: '={{ $json.email }}',
	...extra,
});
const bodyOf = (raw: string | null | undefined) => JSON.parse(raw ?? 'null');

describe('kind 3: numbers and switches typed into text fields are taken as their text', () => {
	const env = useSandbox();

	test('the example: flat Journey: Create, Phone Number {{ $json.phone }} with phone = 4930123456', async () => {
		env.sb.setRegistrationFormat('flat');
		const run = await engine.run({
			nodes: [{ parameters: flat({ phoneNumber: '={{ $json.phone }}' }) }],
			items: [{ email: 'phone@example.com', phone: 4930123456 }],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		const [call] = requestsTo(env.sb, '/journeys', 'POST');
		expect(bodyOf(call.body).PhoneNumber).toBe('4930123456');
		expect(createdJourneys(env.sb)[0].PhoneNumber).toBe('4930123456');
	});

	test('Journey Data values 52000 and true, a Last Name 2026 and a data point name 2026 (flat)', async () => {
		env.sb.setRegistrationFormat('flat');
		const run = await engine.run({
			nodes: [
				{
					parameters: flat({
						firstName: '={{ $json.first }}',
						lastName: '={{ $json.last }}',
						journeyData: {
							values: [
								{ dataPoint: 'Department', value: '={{ $json.salary }}' },
								{ dataPoint: '={{ $json.year }}', value: '={{ $json.remote }}' },
							],
						},
					}),
				},
			],
			items: [{ email: 'numbers@example.com', first: 0, last: 2026, salary: 52000, remote: true, year: 2026 }],
			credentials: env.credentials,
		});
		// The sandbox knows no data point "2026": what matters is what was sent.
		const [call] = requestsTo(env.sb, '/journeys', 'POST');
		expect(bodyOf(call.body)).toMatchObject({
			Email: 'numbers@example.com',
			Firstname: '0',
			Lastname: '2026',
			JourneyData: [
				{ Name: 'Department', Value: '52000' },
				{ Name: '2026', Value: 'true' },
			],
		});
		expect(run.error()?.message ?? '').not.toMatch(/must be text/);
	});

	test('nested: a Journey Data value false and a First Name 42 go out as text; the data key id stays exact', async () => {
		const run = await engine.run({
			nodes: [
				{
					parameters: nested({
						firstName: '={{ $json.first }}',
						journeyData: { values: [{ dataPoint: '90071992547409935', value: '={{ $json.flag }}' }] },
					}),
				},
			],
			items: [{ email: 'nested-numbers@example.com', first: 42, flag: false }],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		const [call] = requestsTo(env.sb, '/journeys', 'POST');
		expect(call.body).toContain('"Firstname":"42"');
		expect(call.body).toContain('{"StringValue":"false","DataKey":{"Id":90071992547409935}}');
	});

	test('User: Search with a numeric Last Name filter searches its text', async () => {
		const run = await engine.run({
			nodes: [
				{
					parameters: {
						resource: 'user',
						operation: 'search',
						filters: { lastName: '={{ $json.n }}' },
						returnAll: true,
					},
				},
			],
			items: [{ n: 2026 }],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/users', 'GET')[0].query).toMatchObject({ lastname: '2026' });
	});

	test('ids stay exact: a numeric End User id above 2^53 is still refused, and nothing is sent', async () => {
		const run = await engine.run({
			nodes: [
				{
					parameters: {
						resource: 'session',
						operation: 'create',
						user: { __rl: true, mode: 'id', value: '={{ 74590868830731162 }}' },
					},
				},
			],
			credentials: env.credentials,
		});
		expect(run.error().message).toMatch(/^"End User" in item 0 is a number too large to be exact here/);
		expect(env.sb.log).toHaveLength(0);
	});

	test('a rounded number in a text field (a phone beyond 2^53, NaN) is refused by name, not sent with other digits', async () => {
		const run = await engine.run({
			nodes: [{ parameters: flat({ phoneNumber: '={{ $json.phone }}' }), continueOnFail: true }],
			items: [
				{ email: 'big@example.com', phone: 49301234567890123 },
				{ email: 'nan@example.com', phone: 'NaN' },
			],
			credentials: env.credentials,
		});
		const out = run.output();
		expect(out[0].json.error).toMatch(/^"Phone Number" in item 0 is a number too large to be exact here/);
		// The text "NaN" is not a phone number either.
		expect(out[1].json.error).toMatch(/^"Phone Number" in item 1 must be a phone number/);
		expect(env.sb.log).toHaveLength(0);
	});

	test('the rule itself, for every text field: numbers, switches and bigints read as text; lists, objects, NaN refused', () => {
		expect(requiredText('Last Name', 2026, 255)).toBe('2026');
		expect(optionalText('Phone Number', 4930123456, 50)).toBe('4930123456');
		expect(optionalText('Value', true, 50)).toBe('true');
		expect(optionalText('Value', 0, 50)).toBe('0');
		expect(optionalText('Value', 1.5, 50)).toBe('1.5');
		expect(optionalText('Value', BigInt('74590868830731162'), 50)).toBe('74590868830731162');
		expect(() => optionalText('Value', NaN, 50)).toThrow(/"Value" must be text, not the number NaN/);
		expect(() => optionalText('Value', Infinity, 50)).toThrow(/not the number Infinity/);
		expect(() => optionalText('Value', 2 ** 60, 50)).toThrow(/too large to be exact/);
		expect(() => optionalText('Value', ['a'], 50)).toThrow(/must be text, not a list/);
		expect(() => optionalText('Value', { a: 1 }, 50)).toThrow(/must be text, not an object/);
	});
});

describe('kind 4: invisible format characters in an email are removed before it is checked and sent', () => {
	const env = useSandbox();
	// Unicode Cf: zero-width space, soft hyphen, BOM, word joiner, LRM, RLM, LRE, PDF, LRI, PDI, ZWNJ, ZWJ, a tag character.
	const INVISIBLE = [
		'\u200b',
		'\u00ad',
		'\ufeff',
		'\u2060',
		'\u200e',
		'\u200f',
		'\u202a',
		'\u202c',
		'\u2066',
		'\u2069',
		'\u200c',
		'\u200d',
		'\u{e0041}',
	];

	test('the example: User: Search johndoe@example.com followed by U+200B finds John', async () => {
		const run = await engine.run({
			nodes: [
				{
					parameters: {
						resource: 'user',
						operation: 'search',
						filters: { email: '={{ $json.email }}' },
						returnAll: true,
					},
				},
			],
			items: [{ email: 'johndoe@example.com\u200b' }],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(run.output().map((o: any) => o.json.ContactPrefs?.Email ?? o.json.Email)).toEqual(['johndoe@example.com']);
		expect(requestsTo(env.sb, '/users', 'GET')[0].query).toMatchObject({ email: 'johndoe@example.com' });
	});

	test.each(INVISIBLE.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase()}`, c]))(
		'Journey: Create with %s inside the address registers the address without it',
		async (_name, c) => {
			const run = await engine.run({
				nodes: [{ parameters: nested() }],
				items: [{ email: `${c}ada${c}.lovelace@exam${c}ple.com${c}` }],
				credentials: env.credentials,
			});
			expect(run.error()).toBeUndefined();
			const [call] = requestsTo(env.sb, '/journeys', 'POST');
			expect(bodyOf(call.body).Journey.User.ContactPrefs.Email).toBe('ada.lovelace@example.com');
			expect(call.body).not.toMatch(/\p{Cf}/u);
		},
	);

	test('flat format and an existing address: no second person at an address nobody receives mail at', async () => {
		env.sb.setRegistrationFormat('flat');
		const run = await engine.run({
			nodes: [{ parameters: flat() }],
			items: [{ email: '\ufeffjohndoe@example.com\u200b' }],
			credentials: env.credentials,
		});
		// The sandbox refuses the existing address: the API, not a second person, answers.
		expect(run.error().message).toMatch(/Kohomai returned 409/);
		expect(createdJourneys(env.sb)).toHaveLength(0);
		expect(bodyOf(requestsTo(env.sb, '/journeys', 'POST')[0].body).Email).toBe('johndoe@example.com');
	});

	test('a joiner in an address with non-ASCII letters is refused, naming the field and the item, with the character shown', async () => {
		const run = await engine.run({
			nodes: [{ parameters: nested(), continueOnFail: true }],
			items: [{ email: 'ok@example.com' }, { email: 'می\u200cخواهم@example.com' }],
			credentials: env.credentials,
		});
		const out = run.output();
		expect(out[0].json.error).toBeUndefined();
		expect(out[1].json.error).toMatch(/^"Email" in item 1 contains an invisible joiner/);
		expect(out[1].json.error).toContain('\\u200C');
		expect(requestsTo(env.sb, '/journeys', 'POST')).toHaveLength(1);
	});

	test('an address made only of invisible characters is missing, not sent', async () => {
		const run = await engine.run({
			nodes: [{ parameters: nested() }],
			items: [{ email: '\u200b\u2060' }],
			credentials: env.credentials,
		});
		expect(run.error().message).toBe('"Email" in item 0 is required');
		expect(env.sb.log).toHaveLength(0);
	});

	test('an invalid address shows its invisible characters by code, so the message does not look like a valid address', () => {
		expect(() => email('Email', 'john\u200b@exa mple.com')).toThrow(/"john@exa mple.com"/);
		expect(() => email('Email', 'a\u200b@b\u200bc')).toThrow('is not a valid email address: "a@bc"');
	});
});

describe('kind 7: back-office addresses without a scheme', () => {
	const env = useSandbox();
	const sessionFor = (locator: Record<string, unknown>, by: 'user' | 'journey' = 'user') => ({
		resource: 'session',
		operation: 'create',
		sessionFor: by,
		[by]: { __rl: true, ...locator },
	});

	test('the example: Session: Create, By URL app.hyperaktiv.ai/p/settings/users/74590868830731162?tab=1', async () => {
		const run = await engine.run({
			nodes: [
				{
					parameters: sessionFor({ mode: 'url', value: 'app.hyperaktiv.ai/p/settings/users/74590868830731162?tab=1' }),
				},
			],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/sessions', 'POST')[0].body).toBe(`{"User":{"Id":${BIG_ID}}}`);
	});

	test.each([
		['user', 'app.kohomai.com/p/settings/users/74590868830731162'],
		['user', '  www.app.kohomai.com/p/settings/users/74590868830731162/journeys#top '],
		['user', '//app.hyperaktiv.ai/p/settings/users/74590868830731162'],
		['user', 'localhost:8080/p/settings/users/74590868830731162'],
		['user', 'APP.HYPERAKTIV.AI/P/Settings/Users/74590868830731162'],
	] as const)('Session: Create for a user, By URL %s %s', async (by, value) => {
		const run = await engine.run({
			nodes: [{ parameters: sessionFor({ mode: 'url', value }, by) }],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/sessions', 'POST')[0].body).toBe(`{"User":{"Id":${BIG_ID}}}`);
	});

	test('Session: Create for a journey and Journey: Get, By URL without a scheme', async () => {
		const journeyId = env.sb.state.journeys[0].Id;
		const session = await engine.run({
			nodes: [{ parameters: sessionFor({ mode: 'url', value: `app.kohomai.com/p/journeys/${journeyId}` }, 'journey') }],
			credentials: env.credentials,
		});
		expect(session.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/sessions', 'POST')[0].body).toBe(`{"Journey":{"Id":${journeyId}}}`);
		const get = await engine.run({
			nodes: [
				{
					parameters: {
						resource: 'journey',
						operation: 'get',
						journey: { __rl: true, mode: 'url', value: `app.hyperaktiv.ai/p/journeys/${journeyId}/activities` },
					},
				},
			],
			credentials: env.credentials,
		});
		expect(get.error()).toBeUndefined();
		expect(get.output()[0].json.Id).toBe(journeyId);
	});

	test('an address pasted into By ID is read as the address it is, with or without a scheme', async () => {
		const run = await engine.run({
			nodes: [
				{ parameters: sessionFor({ mode: 'id', value: 'app.hyperaktiv.ai/p/settings/users/74590868830731162' }) },
			],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/sessions', 'POST')[0].body).toBe(`{"User":{"Id":${BIG_ID}}}`);
	});

	test.each([
		['another kind of page', 'app.kohomai.com/p/journeys/123'],
		['no id', 'app.kohomai.com/p/settings/users/'],
		['another scheme', 'ftp://app.kohomai.com/p/settings/users/12'],
		['a space', 'app.kohomai.com/p/settings/users/ 12'],
		['a bare word', 'users'],
	])('still refused by name, nothing sent: %s', async (_why, value) => {
		const run = await engine.run({
			nodes: [{ parameters: sessionFor({ mode: 'url', value }) }],
			credentials: env.credentials,
		});
		expect(run.error().message).toMatch(/^"End User" in item 0 must be a Kohomai back-office address like https:\/\//);
		expect(env.sb.log).toHaveLength(0);
	});

	test('By ID keeps refusing text that is neither an id nor such an address', () => {
		expect(() => idFromLocator('End User', 'user', { mode: 'id', value: '12ab' })).toThrow(
			/must be made of digits only/,
		);
		expect(() => idFromLocator('End User', 'user', { mode: 'id', value: 'a/b' })).toThrow(
			/must be made of digits only/,
		);
		expect(idFromLocator('Journey', 'journey', 'app.kohomai.com/p/journeys/98765432109876543')).toBe(
			'98765432109876543',
		);
	});
});
