import { engine, createdJourneys, requestsTo, SEED_REF, useSandbox } from './fixtures';

const DEPARTMENT_KEY = '90071992547409935';
const MANAGER_KEY = '9223372036854775807';

const person = (extra: Record<string, unknown> = {}) => ({
	resource: 'journey',
	operation: 'create',
	startingPointRef: SEED_REF,
	firstName: 'Zoë',
	lastName: '李雷',
	email: 'zoe.li@example.com',
	redirectUrl: 'https://www.myapp.com/welcome',
	...extra,
});

describe('Journey: Create, nested body (the vendor page, the default)', () => {
	const env = useSandbox();

	test('byte for byte: names in UTF-8, data key ids as bare exact digits', async () => {
		const parameters = person({
			journeyData: {
				values: [
					{ dataPoint: MANAGER_KEY, value: 'chef@example.com' },
					{ dataPoint: DEPARTMENT_KEY, value: 'R&D — Zoë' },
				],
			},
		});
		const run = await engine.run({ nodes: [{ parameters }], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		const [call] = requestsTo(env.sb, '/journeys', 'POST');
		expect(call.body).toBe(
			'{"RedirectURL":"https://www.myapp.com/welcome","Journey":{"User":{"Firstname":"Zoë","Lastname":"李雷","ContactPrefs":{"Email":"zoe.li@example.com"}},' +
				`"JourneyData":[{"StringValue":"chef@example.com","DataKey":{"Id":${MANAGER_KEY}}},{"StringValue":"R&D — Zoë","DataKey":{"Id":${DEPARTMENT_KEY}}}]}}`,
		);
		expect(call.query).toEqual({ ref: SEED_REF });
		const [journey] = createdJourneys(env.sb);
		expect(journey.Format).toBe('nested');
		expect(journey.JourneyData.map((d) => d.DataKey.Id)).toEqual([MANAGER_KEY, DEPARTMENT_KEY]);
		expect(run.output()[0].json.User).toMatchObject({ Firstname: 'Zoë', Lastname: '李雷' });
	});

	test('first and last name are required in the nested format', async () => {
		const run = await engine.run({
			nodes: [{ parameters: person({ lastName: '={{ "" }}' }) }],
			credentials: env.credentials,
		});
		expect(run.error().message).toBe('"Last Name" in item 0 is required');
		expect(env.sb.log).toHaveLength(0);
	});

	test('a workspace that expects the flat format refuses it: the error names the key and suggests the other format', async () => {
		env.sb.setRegistrationFormat('flat');
		const run = await engine.run({ nodes: [{ parameters: person() }], credentials: env.credentials });
		expect(run.error().httpCode).toBe('400');
		expect(run.error().message).toMatch(/Unexpected key "Journey"/);
		expect(run.error().description).toMatch(/set "Body Format" to "Flat"/);
		expect(createdJourneys(env.sb)).toHaveLength(0);
	});
});

describe('Journey: Create, flat body (the later docs)', () => {
	const env = useSandbox({ registrationFormat: 'flat' });
	const flat = (extra: Record<string, unknown> = {}) => person({ bodyFormat: 'flat', ...extra });

	test('byte for byte: top-level keys, phone number, data points by name', async () => {
		const parameters = flat({
			phoneNumber: '+49 30 1234\u20115678',
			journeyData: {
				values: [
					{ dataPoint: 'Department', value: 'Finance 李' },
					{ dataPoint: 'Start date', value: '2025-01-06' },
				],
			},
		});
		const run = await engine.run({ nodes: [{ parameters }], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		const [call] = requestsTo(env.sb, '/journeys', 'POST');
		expect(call.body).toBe(
			'{"Email":"zoe.li@example.com","Firstname":"Zoë","Lastname":"李雷","PhoneNumber":"+49 30 1234\u20115678","RedirectURL":"https://www.myapp.com/welcome",' +
				'"JourneyData":[{"Name":"Department","Value":"Finance 李"},{"Name":"Start date","Value":"2025-01-06"}]}',
		);
		expect(call.query).toEqual({ ref: SEED_REF });
		expect(call.key).toBe('workspace');
		const [journey] = createdJourneys(env.sb);
		expect(journey).toMatchObject({ Format: 'flat', PhoneNumber: '+49 30 1234\u20115678' });
		expect(journey.JourneyData.map((d) => d.DataKey.Id)).toEqual([DEPARTMENT_KEY, '123456789012345678']);
	});

	test('only the email is required', async () => {
		const run = await engine.run({
			nodes: [{ parameters: flat({ firstName: '', lastName: '', redirectUrl: '' }) }],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(requestsTo(env.sb, '/journeys')[0].body).toBe('{"Email":"zoe.li@example.com"}');
	});

	test('a bad phone number is refused before sending, in a sentence', async () => {
		const run = await engine.run({
			nodes: [{ parameters: flat({ phoneNumber: 'call me' }) }],
			credentials: env.credentials,
		});
		expect(run.error().message).toBe(
			'"Phone Number" in item 0 must be a phone number made of digits (with an optional leading +): "call me"',
		);
		expect(env.sb.log).toHaveLength(0);
	});

	test('an unknown data point name: the API refuses with 422 and the error suggests the other format', async () => {
		const parameters = flat({ journeyData: { values: [{ dataPoint: 'Shoe size', value: '42' }] } });
		const run = await engine.run({ nodes: [{ parameters }], credentials: env.credentials });
		expect(run.error().httpCode).toBe('422');
		expect(run.error().message).toMatch(/"Shoe size" is not a data point/);
		expect(run.error().description).toMatch(/set "Body Format" to "Nested \(Vendor Page\)"/);
	});

	test('a workspace that expects the nested format refuses flat bodies naming the key', async () => {
		env.sb.setRegistrationFormat('nested');
		const run = await engine.run({ nodes: [{ parameters: flat() }], credentials: env.credentials });
		expect(run.error().message).toMatch(/Unexpected key "Email"/);
		expect(run.error().description).toMatch(/"Nested \(Vendor Page\)"/);
	});

	test('with both formats accepted, the same workspace takes either body', async () => {
		env.sb.setRegistrationFormat('both');
		const run = await engine.run({
			nodes: [
				{ parameters: flat({ email: 'a@example.com' }) },
				{ name: 'Nested', parameters: person({ email: 'b@example.com' }) },
			],
			credentials: env.credentials,
		});
		expect(run.error('Nested')).toBeUndefined();
		expect(createdJourneys(env.sb).map((j) => j.Format)).toEqual(['flat', 'nested']);
	});
});

describe('Journey: Create, Redirect URL', () => {
	const env = useSandbox();

	test('an n8n resume URL ({{ $execution.resumeUrl }}: http on localhost, a signature in the query) is sent as it is', async () => {
		const resumeUrl = 'http://localhost:5678/webhook-waiting/231?signature=a1b2c3d4e5f6&x=%2F';
		const run = await engine.run({
			nodes: [{ parameters: person({ redirectUrl: resumeUrl }) }],
			credentials: env.credentials,
		});
		expect(run.error()).toBeUndefined();
		expect(JSON.parse(requestsTo(env.sb, '/journeys')[0].body!).RedirectURL).toBe(resumeUrl);
	});

	test.each(['mailto:ann@example.com', 'ftp://files.example.com/x', '/relative/path', 'javascript:alert(1)'])(
		'%s is refused before sending',
		async (redirectUrl) => {
			const run = await engine.run({ nodes: [{ parameters: person({ redirectUrl }) }], credentials: env.credentials });
			expect(run.error().message).toMatch(/^"Redirect URL" in item 0 must be a full http:\/\/ or https:\/\/ address/);
			expect(env.sb.log).toHaveLength(0);
		},
	);
});
