import { BIG_ID, engine, requestsTo, useSandbox } from './fixtures';

const JOHNS_JOURNEY = '58230741923847561';
const ANNS_JOURNEY = '3304958671203948576';
const ANN = '183746501928374650';

const get = (journey: unknown) => ({ parameters: { resource: 'journey', operation: 'get', journey } });
const getMany = (extra: Record<string, unknown> = {}) => ({
	parameters: { resource: 'journey', operation: 'getAll', ...extra },
});
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('Journey: Get', () => {
	const env = useSandbox();

	test('outputs the journey as Kohomai returns it, every id as exact text', async () => {
		const run = await engine.run({ nodes: [get(byId(JOHNS_JOURNEY))], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, `/journeys/${JOHNS_JOURNEY}`, 'GET')).toHaveLength(1);
		const [out] = run.output();
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(out.json).toEqual({
			Id: JOHNS_JOURNEY,
			UUID: expect.any(String),
			Status: 'InProgress',
			User: { Id: BIG_ID, Firstname: 'John', Lastname: 'Doe' },
			Workflow: { Id: '318274650918273645', Name: 'Employee onboarding' },
			RedirectURL: null,
			createdDate: '2024-01-10T09:12:00.000Z',
			changedDate: '2024-01-11T10:00:00.000Z',
			Activities: [
				{
					Id: '58230741923847601',
					Name: 'Sign the employment contract',
					Status: 'Done',
					completedDate: '2024-01-11T10:00:00.000Z',
				},
				{ Id: '58230741923847602', Name: 'Upload an ID document', Status: 'Todo', completedDate: null },
				{ Id: '58230741923847603', Name: 'Meet your buddy', Status: 'Todo', completedDate: null },
			],
		});
	});

	test.each([
		[
			'By URL on app.hyperaktiv.ai',
			{ __rl: true, mode: 'url', value: `https://app.hyperaktiv.ai/p/journeys/${JOHNS_JOURNEY}` },
		],
		[
			'By URL on a custom host with a sub-page',
			{ __rl: true, mode: 'url', value: `HTTPS://Onboarding.Example.COM/p/journeys/${JOHNS_JOURNEY}/activities?x=1` },
		],
		['From list', { __rl: true, mode: 'list', value: JOHNS_JOURNEY, cachedResultName: 'John Doe' }],
		['By ID from an expression', byId('={{ $json.journeyId }}')],
	])('%s: the id reaches GET /journeys/{id} digit for digit', async (_label, journey) => {
		const run = await engine.run({
			nodes: [get(journey)],
			items: [{ journeyId: JOHNS_JOURNEY }],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/journeys/' + JOHNS_JOURNEY)).toHaveLength(1);
		expect(run.output()[0].json.Id).toBe(JOHNS_JOURNEY);
	});

	test('the status follows the person: Completed once every activity is done', async () => {
		env.sb.completeJourney(JOHNS_JOURNEY);
		const run = await engine.run({ nodes: [get(byId(JOHNS_JOURNEY))], credentials: env.credentials });
		expect(run.output()[0].json.Status).toBe('Completed');
		expect(run.output()[0].json.Activities.map((a: any) => a.Status)).toEqual(['Done', 'Done', 'Done']);
	});

	test('an unknown journey gives the API 404; continue-on-fail keeps the other items paired', async () => {
		const run = await engine.run({
			nodes: [{ ...get(byId('={{ $json.id }}')), continueOnFail: true }],
			items: [{ id: JOHNS_JOURNEY }, { id: '11111111111111111' }, { id: ANNS_JOURNEY }],
			credentials: env.credentials,
		});
		const out = run.output();
		expect(out.map((o: any) => o.pairedItem.item)).toEqual([0, 1, 2]);
		expect(out[1].json.error).toMatch(/404/);
		expect(out[2].json.Status).toBe('Completed');
	});

	test.each([
		['a missing id', byId('={{ $json.nothing }}'), '"Journey" in item 0 is required'],
		[
			'a user URL',
			{ __rl: true, mode: 'url', value: `https://app.kohomai.com/p/settings/users/${BIG_ID}` },
			/"Journey" in item 0 must be a Kohomai back-office address like https:\/\/app.kohomai.com\/p\/journeys\//,
		],
		['letters', byId('j-12'), '"Journey" in item 0 must be made of digits only: "j-12"'],
	])('%s is refused before sending, in a sentence', async (_label, journey, message) => {
		const run = await engine.run({ nodes: [get(journey)], credentials: env.credentials });
		expect(run.error().message).toMatch(message);
		expect(env.sb.log).toHaveLength(0);
	});
});

describe('Journey: Get Many', () => {
	const env = useSandbox({ pageSizeMax: 10 });

	test('Return All walks every page, each journey once, ids as text', async () => {
		for (let i = 0; i < 23; i++) env.sb.addJourney({ UserId: BIG_ID });
		const total = env.sb.state.journeys.length;
		const run = await engine.run({ nodes: [getMany({ returnAll: true })], credentials: env.credentials });
		const ids = run.output().map((o: any) => o.json.Id);
		expect(ids).toEqual(env.sb.state.journeys.map((j) => j.Id));
		expect(ids).toHaveLength(total);
		for (const o of run.output()) expect(typeof o.json.User.Id).toBe('string');
		expect(requestsTo(env.sb, '/journeys', 'GET').length).toBeGreaterThanOrEqual(Math.ceil(total / 10));
	});

	test('Limit is exact, also as text from an expression', async () => {
		for (let i = 0; i < 23; i++) env.sb.addJourney({ UserId: BIG_ID });
		const run = await engine.run({ nodes: [getMany({ limit: '={{ "13" }}' })], credentials: env.credentials });
		expect(run.output()).toHaveLength(13);
		const all = await engine.run({ nodes: [getMany({ returnAll: '={{ "true" }}' })], credentials: env.credentials });
		expect(all.output()).toHaveLength(env.sb.state.journeys.length);
	});

	test('the End User ID filter is sent as userId and holds even if Kohomai ignored it', async () => {
		env.sb.addJourney({ UserId: ANN });
		const run = await engine.run({
			nodes: [getMany({ returnAll: true, filters: { userId: ANN } })],
			credentials: env.credentials,
		});
		expect(run.output().map((o: any) => o.json.User.Id)).toEqual([ANN, ANN]);
		expect(requestsTo(env.sb, '/journeys', 'GET')[0].query.userId).toBe(ANN);
	});

	test.each([
		['Limit', { limit: 'ten' }, '"Limit" in item 0 must be a whole number, not "ten"'],
		['Return All', { returnAll: 'yes' }, '"Return All" in item 0 must be true or false, not "yes"'],
		['End User ID', { filters: { userId: 'abc' } }, '"End User ID" in item 0 must be made of digits only: "abc"'],
	])('a bad %s is refused before sending', async (_label, extra, message) => {
		const run = await engine.run({ nodes: [getMany(extra)], credentials: env.credentials });
		expect(run.error().message).toBe(message);
		expect(env.sb.log).toHaveLength(0);
	});
});
