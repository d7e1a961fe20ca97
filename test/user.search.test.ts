import { BIG_ID, engine, requestsTo, useSandbox } from './fixtures';

const search = (extra: Record<string, unknown>) => ({
	parameters: { resource: 'user', operation: 'search', ...extra },
});

describe('User: Search', () => {
	const env = useSandbox({ pageSizeMax: 10 });

	test(`returns the user with id ${BIG_ID} digit for digit`, async () => {
		const run = await engine.run({
			nodes: [search({ filters: { email: 'johndoe@example.com' } })],
			credentials: env.credentials,
		});
		const out = run.output();
		expect(out).toHaveLength(1);
		expect(out[0].json.Id).toBe(BIG_ID);
		expect(JSON.stringify(out[0].json)).toContain(`"Id":"${BIG_ID}"`);
		expect(out[0].json).toMatchObject({
			Firstname: 'John',
			Lastname: 'Doe',
			ContactPrefs: { Email: 'johndoe@example.com' },
		});
	});

	test('an email filter returns only the exact email, ignoring letter case, though the API matches loosely', async () => {
		env.sb.addUser({ Firstname: 'Jo', Lastname: 'Ann', Email: 'jo.ann@example.com' });
		const run = await engine.run({
			nodes: [search({ filters: { email: 'ANN@example.com' } })],
			credentials: env.credentials,
		});
		const emails = run.output().map((i: any) => i.json.ContactPrefs.Email.toLowerCase());
		expect(emails).toEqual(['ann@example.com']);
		// The API itself did answer with more than one user: the filtering is the node's.
		expect(requestsTo(env.sb, '/users')[0].query.email).toBe('ANN@example.com');
	});

	test('Return All walks every page; Limit is exact', async () => {
		for (let i = 0; i < 25; i++)
			env.sb.addUser({ Firstname: `Pat${i}`, Lastname: 'Cohort', Email: `pat${i}@cohort.test` });
		const all = await engine.run({
			nodes: [search({ filters: { lastName: 'cohort' }, returnAll: true })],
			credentials: env.credentials,
		});
		expect(all.output()).toHaveLength(25);
		const some = await engine.run({
			nodes: [search({ filters: { lastName: 'Cohort' }, limit: 12 })],
			credentials: env.credentials,
		});
		expect(some.output()).toHaveLength(12);
	});

	test('no match gives no item for that input', async () => {
		const run = await engine.run({
			nodes: [search({ filters: { email: 'nobody@nowhere.test' } })],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(run.output()).toEqual([]);
	});

	test('an invalid email filter is refused before any request', async () => {
		const run = await engine.run({
			nodes: [search({ filters: { email: 'not-an-email' } })],
			credentials: env.credentials,
		});
		expect(run.error()?.message).toMatch(/"Email" in item 0 is not a valid email/);
		expect(env.sb.log).toHaveLength(0);
	});

	test('the email can come from each input item through an expression', async () => {
		const run = await engine.run({
			nodes: [search({ filters: { email: '={{ $json.email }}' } })],
			items: [{ email: 'johndoe@example.com' }, { email: 'ann@example.com' }],
			credentials: env.credentials,
		});
		expect(run.output().map((i: any) => [i.pairedItem.item, i.json.ContactPrefs.Email])).toEqual([
			[0, 'johndoe@example.com'],
			[1, 'ann@example.com'],
		]);
	});
});

describe('End user list search (resource locator "From list")', () => {
	const env = useSandbox();

	test('lists end users with their exact ids, filtered by what is typed', async () => {
		const all = await engine.listSearch({ method: 'searchUsers', credentials: env.credentials });
		expect(all.results.length).toBe(env.sb.state.users.length);
		const doe = await engine.listSearch({ method: 'searchUsers', filter: 'doe', credentials: env.credentials });
		expect(doe.results).toEqual([
			// The link is on the credential's host (here the sandbox), not a fixed one.
			{
				name: 'John Doe <johndoe@example.com>',
				value: BIG_ID,
				url: `${new URL(env.baseUrl).origin}/p/settings/users/${BIG_ID}`,
			},
		]);
		const byEmail = await engine.listSearch({
			method: 'searchUsers',
			filter: 'ann@example.com',
			credentials: env.credentials,
		});
		expect(byEmail.results.map((r: any) => r.name)).toEqual(
			expect.arrayContaining([expect.stringContaining('ann@example.com')]),
		);
	});
});

describe('Journey list search (resource locator "From list")', () => {
	const env = useSandbox();

	test('lists journeys with exact ids, labels naming person, workflow and status, links on the credential host', async () => {
		const all = await engine.listSearch({ method: 'searchJourneys', credentials: env.credentials });
		expect(all.results).toEqual([
			{
				name: 'John Doe in Employee onboarding (InProgress)',
				value: '58230741923847561',
				url: `${new URL(env.baseUrl).origin}/p/journeys/58230741923847561`,
			},
			{
				name: 'Ann Smith in Customer onboarding (Completed)',
				value: '3304958671203948576',
				url: `${new URL(env.baseUrl).origin}/p/journeys/3304958671203948576`,
			},
		]);
		const ann = await engine.listSearch({ method: 'searchJourneys', filter: 'smith', credentials: env.credentials });
		expect(ann.results.map((r: any) => r.value)).toEqual(['3304958671203948576']);
	});

	test('a credential on app.hyperaktiv.ai gives links on app.hyperaktiv.ai', async () => {
		// The sandbox answers; only the link host is taken from the Base URL's origin.
		const { backOfficeUrl } = await import('../nodes/Kohomai/mapping/backOfficeUrls');
		expect(backOfficeUrl('journey', 'https://app.hyperaktiv.ai/api/v1', '58230741923847561')).toBe(
			'https://app.hyperaktiv.ai/p/journeys/58230741923847561',
		);
	});
});
