/**
 * Journey Data given by one expression (issue 18, kind 6). n8n replaces an
 * expression set on a whole fixed collection with an empty one before the
 * node runs, so Journey: Create has n8n's usual "Using JSON" mode beside
 * "Using Fields Below" (as the HTTP Request node has for its body). Data that
 * cannot be read fails before anything is sent, naming Journey Data.
 */
import { engine, createdJourneys, requestsTo, SEED_REF, useSandbox } from '../fixtures';

const DEPARTMENT = '90071992547409935';
const MANAGER = '9223372036854775807';

const register = (extra: Record<string, unknown> = {}) => ({
	resource: 'journey',
	operation: 'create',
	startingPointRef: SEED_REF,
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: '={{ $json.email }}',
	...extra,
});
const usingJson = (journeyDataJson: unknown, extra: Record<string, unknown> = {}) =>
	register({ specifyJourneyData: 'json', journeyDataJson, ...extra });
const nestedData = (raw: string | null | undefined) => /"JourneyData":(\[.*?\])\}\}$/.exec(raw ?? '')?.[1] ?? '(none)';

describe('Journey Data "Using JSON"', () => {
	const env = useSandbox();

	async function sent(parameters: Record<string, unknown>, item: Record<string, unknown>) {
		const run = await engine.run({
			nodes: [{ parameters }],
			items: [{ email: 'ada@example.com', ...item }],
			credentials: env.credentials,
		});
		return { run, body: requestsTo(env.sb, '/journeys', 'POST')[0]?.body };
	}

	test.each([
		[
			'a list',
			[
				{ dataPoint: DEPARTMENT, value: 'R&D' },
				{ dataPoint: MANAGER, value: 'boss@example.com' },
			],
		],
		[
			'{ values }, as the fixed collection saves it',
			{
				values: [
					{ dataPoint: DEPARTMENT, value: 'R&D' },
					{ dataPoint: MANAGER, value: 'boss@example.com' },
				],
			},
		],
		['an object of data key id -> value', { [DEPARTMENT]: 'R&D', [MANAGER]: 'boss@example.com' }],
		[
			'JSON text with bare data key ids beyond 2^53',
			`[{"dataPoint": ${DEPARTMENT}, "value": "R&D"}, {"dataPoint": ${MANAGER}, "value": "boss@example.com"}]`,
		],
		[
			'Kohomai’s own nested entries',
			[
				{ StringValue: 'R&D', DataKey: { Id: DEPARTMENT } },
				{ StringValue: 'boss@example.com', DataKey: { Id: MANAGER } },
			],
		],
	])('the example, {{ $json.jd }} holding %s: sent with every data key id exact', async (_name, jd) => {
		const { run, body } = await sent(usingJson('={{ $json.jd }}'), { jd });
		expect(run.error()).toBeUndefined();
		expect(nestedData(body)).toBe(
			`[{"StringValue":"R&D","DataKey":{"Id":${DEPARTMENT}}},{"StringValue":"boss@example.com","DataKey":{"Id":${MANAGER}}}]`,
		);
		expect(createdJourneys(env.sb)[0].JourneyData.map((d) => d.DataKey.Id)).toEqual([DEPARTMENT, MANAGER]);
	});

	test('JSON typed into the field, without an expression, with a number as a value', async () => {
		const { run, body } = await sent(usingJson(`{"values": [{"dataPoint": "${DEPARTMENT}", "value": 52000}]}`), {});
		expect(run.error()).toBeUndefined();
		expect(nestedData(body)).toBe(`[{"StringValue":"52000","DataKey":{"Id":${DEPARTMENT}}}]`);
	});

	test('flat format: data point names from a list, from Kohomai’s own entries, from an object', async () => {
		env.sb.setRegistrationFormat('flat');
		for (const jd of [
			[{ dataPoint: 'Department', value: 'R&D' }],
			[{ Name: 'Department', Value: 'R&D' }],
			{ Department: 'R&D' },
			'[{"name": "Department", "value": "R&D"}]',
		]) {
			env.sb.reset();
			env.sb.setRegistrationFormat('flat');
			const { run, body } = await sent(usingJson('={{ $json.jd }}', { bodyFormat: 'flat' }), { jd });
			expect(run.error()).toBeUndefined();
			expect(JSON.parse(body ?? '{}').JourneyData).toEqual([{ Name: 'Department', Value: 'R&D' }]);
		}
	});

	test('no data given ([] or an empty field): the person is registered without journey data', async () => {
		const { run, body } = await sent(usingJson('={{ $json.jd }}'), { jd: [] });
		expect(run.error()).toBeUndefined();
		expect(body).not.toContain('JourneyData');
	});

	test.each([
		[
			'invalid JSON text',
			usingJson('[{"dataPoint": 1, "value": }]'),
			{},
			/^"Journey Data" in item 0 is not valid JSON/,
		],
		[
			'a number',
			usingJson('={{ $json.jd }}'),
			{ jd: 5 },
			/^"Journey Data" in item 0 must be a list of data points and values, not a number/,
		],
		[
			'a list of text',
			usingJson('={{ $json.jd }}'),
			{ jd: ['R&D'] },
			/^"Journey Data 1" in item 0 must be an object with a data point and a value/,
		],
		[
			'an expression that finds nothing',
			usingJson('={{ $json.missing }}'),
			{},
			/^"Journey Data \(JSON\)" in item 0 is empty: its expression gave nothing/,
		],
		[
			'an entry without a data point',
			usingJson('={{ $json.jd }}'),
			{ jd: [{ value: 'R&D' }] },
			/^"Journey Data 1: Data Point" in item 0 is empty/,
		],
		[
			'a data key id that is not one (nested)',
			usingJson('={{ $json.jd }}'),
			{ jd: { Department: 'R&D' } },
			/^"Journey Data 1: Data Point" in item 0 must be made of digits only/,
		],
	])(
		'data that cannot be read fails before sending, naming Journey Data: %s',
		async (_name, parameters, item, message) => {
			const { run } = await sent(parameters, item);
			expect(run.error().message).toMatch(message);
			expect(env.sb.log).toHaveLength(0);
		},
	);

	test('Using Fields Below with an expression set on the list of values: refused with the way to do it', async () => {
		const { run } = await sent(register({ journeyData: { values: '={{ $json.jd }}' } }), {
			jd: [{ dataPoint: DEPARTMENT, value: 'R&D' }],
		});
		expect(run.error().message).toMatch(/^"Journey Data" in item 0 has 15 empty values: .*"Using JSON"/);
		expect(env.sb.log).toHaveLength(0);
	});

	test('a workflow saved by 0.1.0 (no mode, fields with dataKeyId) keeps sending its data', async () => {
		const { run, body } = await sent(
			register({ journeyData: { values: [{ dataKeyId: DEPARTMENT, value: '={{ $json.dept }}' }] } }),
			{ dept: 'R&D' },
		);
		expect(run.error()).toBeUndefined();
		expect(nestedData(body)).toBe(`[{"StringValue":"R&D","DataKey":{"Id":${DEPARTMENT}}}]`);
	});

	test('Using JSON, 3 items with their own data and Continue On Fail: each item its own data, the unreadable one an error item', async () => {
		const run = await engine.run({
			nodes: [{ parameters: usingJson('={{ $json.jd }}'), continueOnFail: true }],
			items: [
				{ email: 'a@example.com', jd: [{ dataPoint: DEPARTMENT, value: 'A' }] },
				{ email: 'b@example.com', jd: 'not json' },
				{ email: 'c@example.com', jd: `{"${MANAGER}": "C"}` },
			],
			credentials: env.credentials,
		});
		const out = run.output();
		expect(out.map((o: any) => o.pairedItem.item)).toEqual([0, 1, 2]);
		expect(out[1].json.error).toMatch(/^"Journey Data" in item 1 is not valid JSON/);
		const bodies = requestsTo(env.sb, '/journeys', 'POST').map((r) => nestedData(r.body));
		expect(bodies.sort()).toEqual(
			[
				`[{"StringValue":"A","DataKey":{"Id":${DEPARTMENT}}}]`,
				`[{"StringValue":"C","DataKey":{"Id":${MANAGER}}}]`,
			].sort(),
		);
	});
});
