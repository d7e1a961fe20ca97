import { failureOf, requestsTo, run, useSandbox } from './harness';

const ctx = useSandbox();
const CREATE = 'creates.create_journey.operation.perform';
const DATA_KEY = '9223372036854775807';
const WORKFLOW = '318274650918273645';
const reference = () => ctx.sb.keys.references[WORKFLOW];

const nested = {
	reference: '(set in beforeEach)',
	bodyFormat: 'nested',
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada@example.com',
	redirectUrl: 'https://example.com/welcome?step=2',
	journeyData: [{ dataPoint: DATA_KEY, value: 'Engineering' }],
};

beforeEach(() => {
	nested.reference = reference();
});

describe('Create Journey', () => {
	it('sends the nested body with the starting-point reference as ?ref= and returns the connection', async () => {
		const result = await run(ctx, CREATE, nested);
		const [sent] = requestsTo(ctx.sb, '/journeys', 'POST');
		expect(sent.query).toEqual({ ref: reference() });
		expect(sent.key).toBe('workspace');
		expect(ctx.sb.state.journeys.at(-1)?.WorkflowId).toBe(WORKFLOW);
		expect(sent.body).toBe(
			`{"RedirectURL":"https://example.com/welcome?step=2","Journey":{"User":{"Firstname":"Ada","Lastname":"Lovelace","ContactPrefs":{"Email":"ada@example.com"}},"JourneyData":[{"StringValue":"Engineering","DataKey":{"Id":${DATA_KEY}}}]}}`,
		);
		expect(ctx.sb.state.journeys.at(-1)?.JourneyData).toEqual([
			{ StringValue: 'Engineering', DataKey: { Id: DATA_KEY } },
		]);
		expect(result.ConnectionURL).toMatch(/\/internal\/v1\/autologin\?UUID=/);
		expect(Date.parse(result.ValidUntil)).toBeGreaterThan(Date.now());
		expect(result.id).toBe(result.UUID);
		expect(typeof result.User.Id).toBe('string');
		expect(ctx.sb.stats().journeysCreated).toBe(1);
	});

	it('reports a body format the workspace does not take as a clear error naming the format field', async () => {
		const failure = await failureOf(
			run(ctx, CREATE, { reference: reference(), bodyFormat: 'flat', email: 'grace@example.com' }),
		);
		expect(failure.name).toBe('AppError');
		expect(failure.status).toBe(400);
		expect(failure.message).toContain('Unexpected key "Email"');
		expect(failure.message).toContain('the other Body Format');
		expect(ctx.sb.stats().journeysCreated).toBe(0);
	});

	it('reports an unknown starting point reference (404) as an ordinary error', async () => {
		const failure = await failureOf(run(ctx, CREATE, { ...nested, reference: 'no-such-reference' }));
		expect(failure.name).toBe('AppError');
		expect(failure.status).toBe(404);
		expect(failure.message).toContain('starting point reference');
	});

	it.each([
		['a missing first name (nested)', { firstName: '' }, '"First Name" is required'],
		['a bad email', { email: 'ada@' }, '"Email" is not a valid email address'],
		[
			'a relative redirect URL',
			{ redirectUrl: '/welcome' },
			'"Redirect URL" must be a full http:// or https:// address',
		],
		['an empty data point', { journeyData: [{ dataPoint: '', value: 'x' }] }, '"Journey Data 1: Data Point" is empty'],
		[
			'a data point that is not an id (nested)',
			{ journeyData: [{ dataPoint: 'Department', value: 'x' }] },
			'"Journey Data 1: Data Point" must be made of digits only',
		],
		['no starting point reference', { reference: ' ' }, '"Starting Point Reference" is required'],
		['an unknown body format', { bodyFormat: 'xml' }, '"Body Format" must be "nested" or "flat"'],
	])('refuses %s with a clear error, before sending anything', async (_what, change, text) => {
		const failure = await failureOf(run(ctx, CREATE, { ...nested, ...change }));
		expect(failure.name).toBe('AppError');
		expect(failure.message).toContain(text);
		expect(failure.message).toContain('Nothing was sent to Kohomai');
		expect(ctx.sb.log).toHaveLength(0);
	});

	it("turns a 429 into Zapier's ThrottledError with the wait Kohomai asked for; nothing was created", async () => {
		ctx.sb.fault({ kind: '429', path: '/journeys' });
		const failure = await failureOf(run(ctx, CREATE, nested));
		expect(failure.name).toBe('ThrottledError');
		expect(failure.delay).toBe(1);
		expect(ctx.sb.stats().journeysCreated).toBe(0);
		expect(requestsTo(ctx.sb, '/journeys', 'POST')).toHaveLength(1);
	});

	it('reads a Retry-After given as an HTTP date', async () => {
		ctx.sb.fault({ kind: '429-date', path: '/journeys' });
		const failure = await failureOf(run(ctx, CREATE, nested));
		expect(failure.name).toBe('ThrottledError');
		expect(failure.delay).toBeGreaterThanOrEqual(1);
		expect(failure.delay).toBeLessThanOrEqual(3);
	});

	it.each([
		['the connection breaks after Kohomai read the request', 'reset-after-read'],
		['Kohomai answers 500', 'status:500'],
		['Kohomai answers 502 with an HTML page', 'html-502'],
		['Kohomai answers 200 with cut-off JSON', 'malformed-json'],
		['Kohomai answers 200 with nothing', 'empty-200'],
	] as const)('halts, sends once and points at Find User when %s', async (_what, kind) => {
		ctx.sb.fault({ kind, path: '/journeys' });
		const failure = await failureOf(run(ctx, CREATE, nested));
		expect(failure.name).toBe('HaltedError');
		expect(failure.message).toContain('may have been created anyway');
		expect(failure.message).toContain('Find User');
		expect(failure.message).toContain('will not replay this step automatically');
		expect(requestsTo(ctx.sb, '/journeys', 'POST')).toHaveLength(1);
	});

	it("halts when Kohomai is slower than the step's time budget, instead of running into Zapier's 30-second limit", async () => {
		ctx.sb.fault({ kind: 'slow:28000', path: '/journeys' });
		const started = Date.now();
		const failure = await failureOf(run(ctx, CREATE, nested));
		expect(Date.now() - started).toBeLessThan(28_000);
		expect(failure.name).toBe('HaltedError');
		expect(failure.message).toContain('did not answer in time');
		expect(requestsTo(ctx.sb, '/journeys', 'POST')).toHaveLength(1);
	});

	it('reports a 409 (the email exists) as an ordinary error that points at Find User', async () => {
		const failure = await failureOf(run(ctx, CREATE, { ...nested, email: 'johndoe@example.com' }));
		expect(failure.name).toBe('AppError');
		expect(failure.status).toBe(409);
		expect(failure.message).toContain('Kohomai answered 409');
		expect(failure.message).toContain('Find User');
	});
});

describe('Create Journey, flat body format', () => {
	const flat = useSandbox({ registrationFormat: 'flat' });

	it('sends the flat body (email, names, phone, data points by name) and returns the connection', async () => {
		const result = await run(flat, CREATE, {
			reference: flat.sb.keys.references[WORKFLOW],
			bodyFormat: 'flat',
			email: 'grace@example.com',
			firstName: 'Grace',
			phoneNumber: '+44 20 7946 0958',
			journeyData: [{ dataPoint: 'Department', value: 'Navy' }],
		});
		const [sent] = requestsTo(flat.sb, '/journeys', 'POST');
		expect(sent.query).toEqual({ ref: flat.sb.keys.references[WORKFLOW] });
		expect(sent.body).toBe(
			'{"Email":"grace@example.com","Firstname":"Grace","PhoneNumber":"+44 20 7946 0958","JourneyData":[{"Name":"Department","Value":"Navy"}]}',
		);
		expect(typeof result.ConnectionURL).toBe('string');
		expect(typeof result.ValidUntil).toBe('string');
		expect(flat.sb.stats().journeysCreated).toBe(1);
		expect(flat.sb.state.journeys.at(-1)?.WorkflowId).toBe(WORKFLOW);
	});

	it('needs only the email in the flat format', async () => {
		const result = await run(flat, CREATE, {
			reference: flat.sb.keys.references[WORKFLOW],
			bodyFormat: 'flat',
			email: 'min@example.com',
		});
		expect(requestsTo(flat.sb, '/journeys', 'POST')[0].body).toBe('{"Email":"min@example.com"}');
		expect(typeof result.ConnectionURL).toBe('string');
	});
});
