import { failureOf, requestsTo, run, useSandbox } from './harness';

const ctx = useSandbox();
const CREATE = 'creates.create_journey.operation.perform';
const DATA_KEY = '9223372036854775807';

const nested = {
	reference: 'ref-employee-0001',
	bodyFormat: 'nested',
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada@example.com',
	redirectUrl: 'https://example.com/welcome?step=2',
	journeyData: [{ dataPoint: DATA_KEY, value: 'Engineering' }],
};

describe('Create Journey', () => {
	it('sends the nested body with the starting-point reference as ?ref= and returns the connection', async () => {
		const result = await run(ctx, CREATE, nested);
		const [sent] = requestsTo(ctx.sb, '/journeys', 'POST');
		expect(sent.query).toEqual({ ref: 'ref-employee-0001' });
		expect(sent.key).toBe('workspace');
		expect(sent.body).toBe(
			`{"RedirectURL":"https://example.com/welcome?step=2","Journey":{"User":{"Firstname":"Ada","Lastname":"Lovelace","ContactPrefs":{"Email":"ada@example.com"}},"JourneyData":[{"StringValue":"Engineering","DataKey":{"Id":${DATA_KEY}}}]}}`,
		);
		expect(ctx.sb.state.journeys.at(-1)?.JourneyData).toEqual([{ StringValue: 'Engineering', DataKey: { Id: DATA_KEY } }]);
		expect(result.ConnectionURL).toMatch(/\/internal\/v1\/autologin\?UUID=/);
		expect(Date.parse(result.ValidUntil)).toBeGreaterThan(Date.now());
		expect(result.id).toBe(result.UUID);
		expect(typeof result.User.Id).toBe('string');
		expect(ctx.sb.stats().journeysCreated).toBe(1);
	});

	it('sends the flat body (email, names, phone, data points by name)', async () => {
		await run(ctx, CREATE, {
			reference: 'ref-employee-0001',
			bodyFormat: 'flat',
			email: 'grace@example.com',
			firstName: 'Grace',
			phoneNumber: '+44 20 7946 0958',
			journeyData: [{ dataPoint: 'Department', value: 'Navy' }],
		}).catch(() => undefined);
		const [sent] = requestsTo(ctx.sb, '/journeys', 'POST');
		expect(sent.query).toEqual({ ref: 'ref-employee-0001' });
		expect(JSON.parse(sent.body ?? '')).toEqual({
			Email: 'grace@example.com',
			Firstname: 'Grace',
			PhoneNumber: '+44 20 7946 0958',
			JourneyData: [{ Name: 'Department', Value: 'Navy' }],
		});
	});

	// The sandbox on this branch speaks the nested body only; this flips to passing (and must be made a plain test) once it accepts the flat one.
	test.failing('creates the journey from the flat body (needs the sandbox with flat registration)', async () => {
		const result = await run(ctx, CREATE, { reference: 'ref-employee-0001', bodyFormat: 'flat', email: 'grace@example.com' });
		expect(typeof result.ConnectionURL).toBe('string');
	});

	it.each([
		['a missing first name (nested)', { firstName: '' }, '"First Name" is required'],
		['a bad email', { email: 'ada@' }, '"Email" is not a valid email address'],
		['a relative redirect URL', { redirectUrl: '/welcome' }, '"Redirect URL" must be a full http:// or https:// address'],
		['an empty data point', { journeyData: [{ dataPoint: '', value: 'x' }] }, '"Journey Data 1: Data Point" is empty'],
		['a data point that is not an id (nested)', { journeyData: [{ dataPoint: 'Department', value: 'x' }] }, '"Journey Data 1: Data Point" must be made of digits only'],
		['no starting point reference', { reference: ' ' }, '"Starting Point Reference" is required'],
		['an unknown body format', { bodyFormat: 'xml' }, '"Body Format" must be "nested" or "flat"'],
	])('refuses %s with a clear error, before sending anything', async (_what, change, text) => {
		const failure = await failureOf(run(ctx, CREATE, { ...nested, ...change }));
		expect(failure.name).toBe('AppError');
		expect(failure.message).toContain(text);
		expect(failure.message).toContain('Nothing was sent to Kohomai');
		expect(ctx.sb.log).toHaveLength(0);
	});

	it('turns a 429 into Zapier\'s ThrottledError with the wait Kohomai asked for; nothing was created', async () => {
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

	it('halts when Kohomai is slower than the step\'s time budget, instead of running into Zapier\'s 30-second limit', async () => {
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
