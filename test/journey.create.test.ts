import { engine, createdJourneys, requestsTo, SEED_REF, useSandbox } from './fixtures';

const journey = (extra: Record<string, unknown> = {}) => ({
	resource: 'journey',
	operation: 'create',
	startingPointRef: SEED_REF,
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada@example.com',
	...extra,
});

describe('Journey: Create', () => {
	const env = useSandbox();

	test('sends the documented payload with only the required fields and outputs the connection', async () => {
		const run = await engine.run({ nodes: [{ parameters: journey() }], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		const [call] = requestsTo(env.sb, '/journeys', 'POST');
		expect(call.body).toBe(
			'{"Journey":{"User":{"Firstname":"Ada","Lastname":"Lovelace","ContactPrefs":{"Email":"ada@example.com"}}}}',
		);
		expect(call.contentType).toMatch(/^application\/json/);
		const [out] = run.output();
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(out.json).toEqual(
			expect.objectContaining({
				UUID: expect.any(String),
				ConnectionURL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/internal\/v1\/autologin\?UUID=/),
				ValidUntil: expect.any(String),
				createdDate: expect.any(String),
				changedDate: expect.any(String),
				User: expect.objectContaining({
					Firstname: 'Ada',
					Lastname: 'Lovelace',
					Id: expect.stringMatching(/^\d{17,19}$/),
				}),
			}),
		);
		const created = env.sb.state.users.find((u) => u.ContactPrefs.Email === 'ada@example.com');
		expect(out.json.User.Id).toBe(created?.Id);
		expect(created).toBeDefined();
	});

	test('maps redirect URL and journey data, keeping data key ids digit for digit', async () => {
		const parameters = journey({
			redirectUrl: 'https://www.myapp.com/welcome?x=1',
			journeyData: {
				values: [
					{ dataPoint: '9223372036854775807', value: 'manager@example.com' },
					// The field's name before data points: workflows saved then still work.
					{ dataKeyId: '90071992547409935', value: 'Finance' },
				],
			},
		});
		const run = await engine.run({ nodes: [{ parameters }], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/journeys')[0].body).toBe(
			'{"RedirectURL":"https://www.myapp.com/welcome?x=1","Journey":{"User":{"Firstname":"Ada","Lastname":"Lovelace","ContactPrefs":{"Email":"ada@example.com"}},' +
				'"JourneyData":[{"StringValue":"manager@example.com","DataKey":{"Id":9223372036854775807}},{"StringValue":"Finance","DataKey":{"Id":90071992547409935}}]}}',
		);
		expect(createdJourneys(env.sb)[0].JourneyData).toEqual([
			{ StringValue: 'manager@example.com', DataKey: { Id: '9223372036854775807' } },
			{ StringValue: 'Finance', DataKey: { Id: '90071992547409935' } },
		]);
		expect(run.output()[0].json.RedirectURL).toBe('https://www.myapp.com/welcome?x=1');
	});

	test('sends the starting point reference as ?ref= with the workspace key, and the journey joins its workflow', async () => {
		const [workflowId, ref] = Object.entries(env.sb.keys.references)[1];
		const run = await engine.run({
			nodes: [{ parameters: journey({ startingPointRef: `={{ "${ref}" }}` }) }],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		const [call] = requestsTo(env.sb, '/journeys', 'POST');
		expect(call.query).toEqual({ ref });
		expect(call.key).toBe('workspace');
		expect(createdJourneys(env.sb)[0].WorkflowId).toBe(workflowId);
	});

	test('an unknown reference: the API error names it, one request, no journey', async () => {
		const run = await engine.run({
			nodes: [{ parameters: journey({ startingPointRef: 'not-a-ref' }) }],
			credentials: env.credentials,
		});
		expect(run.error().httpCode).toBe('404');
		expect(run.error().message).toMatch(/"not-a-ref"/);
		expect(requestsTo(env.sb, '/journeys')).toHaveLength(1);
		expect(env.sb.stats().journeysCreated).toBe(0);
	});

	test.each([
		['empty', '={{ "" }}', /"API Starting Point Reference" in item 0 is required/],
		[
			'missing (expression without a value)',
			'={{ $json.nothing }}',
			/"API Starting Point Reference" in item 0 is required/,
		],
		[
			'with a space',
			'abc def',
			/"API Starting Point Reference" in item 0 must be the reference shown on the API starting point, without spaces/,
		],
	])('a reference %s is refused before sending', async (_label, startingPointRef, message) => {
		const run = await engine.run({
			nodes: [{ parameters: journey({ startingPointRef }) }],
			credentials: env.credentials,
		});
		expect(run.error().message).toMatch(message);
		expect(env.sb.log).toHaveLength(0);
	});

	test('fields come from each input item through expressions', async () => {
		const items = [
			{ first: 'Ann', last: 'One', mail: 'ann.one@example.com' },
			{ first: 'Bob', last: 'Two', mail: 'bob.two@example.com' },
		];
		const parameters = journey({
			firstName: '={{ $json.first }}',
			lastName: '={{ $json.last }}',
			email: '={{ $json.mail }}',
		});
		const run = await engine.run({ nodes: [{ parameters }], items, credentials: env.credentials });
		expect(run.output().map((o: any) => [o.pairedItem.item, o.json.User.Firstname])).toEqual([
			[0, 'Ann'],
			[1, 'Bob'],
		]);
		expect(env.sb.stats().journeysCreated).toBe(2);
	});

	test.each([
		['email empty', { email: '={{ "" }}' }, /"Email" in item 0 is required/],
		['email invalid', { email: 'ada-at-example' }, /"Email" in item 0 is not a valid email address/],
		['first name missing', { firstName: '  ' }, /"First Name" in item 0 is required/],
		[
			'redirect URL not http(s)',
			{ redirectUrl: 'javascript:alert(1)' },
			/"Redirect URL" in item 0 must be a full http/,
		],
		['redirect URL not a URL', { redirectUrl: 'www.myapp.com' }, /"Redirect URL" in item 0 must be a full http/],
		[
			'journey data key empty',
			{ journeyData: { values: [{ dataPoint: '', value: 'x' }] } },
			/"Journey Data 1: Data Point" in item 0 is empty/,
		],
		[
			'journey data key not digits',
			{ journeyData: { values: [{ dataPoint: '12ab', value: 'x' }] } },
			/"Journey Data 1: Data Point" in item 0 must be made of digits/,
		],
	])('%s: NodeOperationError naming field and item, nothing sent', async (_label, extra, message) => {
		const run = await engine.run({ nodes: [{ parameters: journey(extra) }], credentials: env.credentials });
		expect(run.error().name).toBe('NodeOperationError');
		expect(run.error().message).toMatch(message);
		expect(env.sb.log).toHaveLength(0);
	});

	test('a bad item stops the run before any item is sent', async () => {
		const items = [{ mail: 'ok1@example.com' }, { mail: 'broken' }, { mail: 'ok3@example.com' }];
		const run = await engine.run({
			nodes: [{ parameters: journey({ email: '={{ $json.mail }}' }) }],
			items,
			credentials: env.credentials,
		});
		expect(run.error().message).toMatch(/"Email" in item 1/);
		expect(env.sb.log).toHaveLength(0);
	});

	test('429 then success creates exactly one journey', async () => {
		env.sb.fault({ kind: '429', times: 1, path: '/journeys' });
		const run = await engine.run({ nodes: [{ parameters: journey() }], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/journeys').map((r) => r.status)).toEqual([429, 201]);
		expect(env.sb.stats().journeysCreated).toBe(1);
	});

	test('a 500 on POST sends exactly one request and says the journey may exist', async () => {
		env.sb.fault({ kind: 'status:500', times: 1, path: '/journeys' });
		const run = await engine.run({ nodes: [{ parameters: journey() }], credentials: env.credentials });
		expect(requestsTo(env.sb, '/journeys')).toHaveLength(1);
		expect(run.error().httpCode).toBe('500');
		expect(run.error().description).toMatch(/may have been created.*User: Search/);
	});

	test('a timeout on POST is not retried and says the journey may exist', async () => {
		env.sb.fault({ kind: 'slow:1500', times: 1, path: '/journeys' });
		const run = await engine.run({
			nodes: [{ parameters: journey({ options: { timeout: 300 } }) }],
			credentials: env.credentials,
		});
		expect(run.error().message).toBe('Kohomai did not answer within 300 ms');
		expect(run.error().description).toMatch(/may have been created/);
		await new Promise((r) => setTimeout(r, 1500));
		expect(requestsTo(env.sb, '/journeys')).toHaveLength(1);
		expect(env.sb.stats().journeysCreated).toBe(1);
	});

	test('a 409 for an existing email points to User: Search', async () => {
		const run = await engine.run({
			nodes: [{ parameters: journey({ email: 'johndoe@example.com' }) }],
			credentials: env.credentials,
		});
		expect(run.error().httpCode).toBe('409');
		expect(run.error().message).toMatch(/already exists/);
		expect(run.error().description).toMatch(/User: Search/);
	});

	test('continue-on-fail: a failing middle item gives three paired outputs', async () => {
		const items = [{ mail: 'first@example.com' }, { mail: 'not valid' }, { mail: 'third@example.com' }];
		const run = await engine.run({
			nodes: [{ parameters: journey({ email: '={{ $json.mail }}' }), continueOnFail: true }],
			items,
			credentials: env.credentials,
		});
		const out = run.output();
		expect(out.map((o: any) => o.pairedItem.item)).toEqual([0, 1, 2]);
		expect(out[0].json.ConnectionURL).toBeDefined();
		expect(out[1].json.error).toMatch(/"Email" in item 1/);
		expect(out[2].json.ConnectionURL).toBeDefined();
		expect(env.sb.stats().journeysCreated).toBe(2);
	});

	test('continue-on-fail: an API failure on the middle item keeps the others', async () => {
		const items = [{ mail: 'a1@example.com' }, { mail: 'johndoe@example.com' }, { mail: 'a3@example.com' }];
		const run = await engine.run({
			nodes: [
				{ parameters: journey({ email: '={{ $json.mail }}', options: { concurrency: 1 } }), continueOnFail: true },
			],
			items,
			credentials: env.credentials,
		});
		const out = run.output();
		expect(out.map((o: any) => o.pairedItem.item)).toEqual([0, 1, 2]);
		expect(out[1].json.error).toMatch(/409/);
	});

	test('error output: failures go to the second output, still paired', async () => {
		const items = [{ mail: 'e1@example.com' }, { mail: 'bad' }, { mail: 'e3@example.com' }];
		const run = await engine.run({
			nodes: [{ parameters: journey({ email: '={{ $json.mail }}' }), onError: 'continueErrorOutput' }],
			items,
			credentials: env.credentials,
		});
		expect(run.output(undefined, 0).map((o: any) => o.pairedItem.item)).toEqual([0, 2]);
		expect(run.output(undefined, 1).map((o: any) => o.pairedItem.item)).toEqual([1]);
	});
});
