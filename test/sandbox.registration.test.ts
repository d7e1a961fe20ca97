import { createSandbox, type Sandbox } from '../tools/sandbox';

/**
 * The sandbox's registration and session rules, over real HTTP: `?ref=` of an
 * API starting point, each body format checked strictly, sessions by user or
 * by journey, and /funnels beside a /workflows that can be switched off.
 */

const JOHN = '74590868830731162';
const JOHNS_JOURNEY = '58230741923847561';

let sb: Sandbox;
let baseUrl: string;

async function api(path: string, body?: unknown) {
	const init: RequestInit = { headers: { Accept: 'application/json', Authorization: `Bearer ${sb.keys.workspace}` } };
	if (body !== undefined) {
		init.method = 'POST';
		init.body = typeof body === 'string' ? body : JSON.stringify(body);
		(init.headers as Record<string, string>)['Content-Type'] = 'application/json';
	}
	const res = await fetch(`${baseUrl}${path}`, init);
	const text = await res.text();
	return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

const ref = () => Object.values(sb.keys.references)[0];
const nested = (email: string) => ({
	Journey: { User: { Firstname: 'Zoë', Lastname: '李雷', ContactPrefs: { Email: email } } },
});
const flat = (email: string, extra: Record<string, unknown> = {}) => ({ Email: email, ...extra });

beforeAll(async () => {
	sb = createSandbox();
	baseUrl = (await sb.start()).baseUrl;
});
beforeEach(() => sb.reset());
afterAll(async () => await sb.stop());

describe('sandbox: POST /journeys?ref=', () => {
	test('each seeded workflow has its own reference; the journey joins that workflow', async () => {
		const refs = Object.entries(sb.keys.references);
		expect(refs.map(([, r]) => r)).toEqual([
			'sbx_ref_0001',
			'sbx_ref_0002',
			'sbx_ref_0003',
			'sbx_ref_0004',
			'sbx_ref_0005',
		]);
		const [workflowId, third] = refs[2];
		expect((await api(`/journeys?ref=${third}`, nested('third@example.com'))).status).toBe(201);
		expect(sb.state.journeys.at(-1)).toMatchObject({
			WorkflowId: workflowId,
			Format: 'nested',
			Email: 'third@example.com',
		});
		const added = sb.addWorkflows(1)[0];
		expect(sb.keys.references[added.Id]).toBe('sbx_ref_0006');
	});

	test('no ref → 400 naming the parameter; unknown ref → 404 naming it; nothing created', async () => {
		const none = await api('/journeys', nested('a@example.com'));
		expect(none.status).toBe(400);
		expect(none.json.message).toMatch(/"ref"/);
		const unknown = await api('/journeys?ref=zz-top', nested('a@example.com'));
		expect(unknown.status).toBe(404);
		expect(unknown.json.message).toBe('No API starting point has the reference "zz-top"');
		expect(sb.stats().journeysCreated).toBe(0);
	});
});

describe('sandbox: registration formats', () => {
	test('nested (default) refuses a flat body naming the key, and unknown keys anywhere in the nested body', async () => {
		const r = await api(`/journeys?ref=${ref()}`, flat('f@example.com'));
		expect(r.status).toBe(400);
		expect(r.json.message).toMatch(
			/^Unexpected key "Email" in the request body: this workspace registers people in the nested format$/,
		);
		const deep = await api(`/journeys?ref=${ref()}`, {
			Journey: { User: { Firstname: 'A', Lastname: 'B', ContactPrefs: { Email: 'd@example.com', Phone: '1' } } },
		});
		expect(deep.json.errors[0].field).toBe('Journey.User.ContactPrefs.Phone');
		expect(sb.stats().journeysCreated).toBe(0);
	});

	test('nested accepts DataPoint (renamed 2023-06-15) as well as DataKey', async () => {
		const body =
			'{"Journey":{"User":{"Firstname":"A","Lastname":"B","ContactPrefs":{"Email":"dp@example.com"}},"JourneyData":[{"StringValue":"x","DataPoint":{"Id":90071992547409935}}]}}';
		expect((await api(`/journeys?ref=${ref()}`, body)).status).toBe(201);
		expect(sb.state.journeys.at(-1)?.JourneyData).toEqual([{ StringValue: 'x', DataKey: { Id: '90071992547409935' } }]);
	});

	test('flat: only Email required, data points by name, a nested body refused naming "Journey"', async () => {
		sb.setRegistrationFormat('flat');
		expect((await api(`/journeys?ref=${ref()}`, flat('min@example.com'))).status).toBe(201);
		const full = flat('full@example.com', {
			Firstname: 'Zoë',
			PhoneNumber: '+33 1 23',
			JourneyData: [{ Name: 'Department', Value: 'R&D' }],
		});
		expect((await api(`/journeys?ref=${ref()}`, full)).status).toBe(201);
		expect(sb.state.journeys.at(-1)).toMatchObject({
			Format: 'flat',
			PhoneNumber: '+33 1 23',
			JourneyData: [{ StringValue: 'R&D', DataKey: { Id: '90071992547409935' } }],
		});
		const wrong = await api(`/journeys?ref=${ref()}`, nested('n@example.com'));
		expect(wrong.status).toBe(400);
		expect(wrong.json.message).toMatch(/Unexpected key "Journey"/);
		const unknownName = await api(
			`/journeys?ref=${ref()}`,
			flat('u@example.com', { JourneyData: [{ Name: 'Nope', Value: 'x' }] }),
		);
		expect(unknownName.status).toBe(422);
		expect(unknownName.json.errors[0]).toEqual({
			field: 'JourneyData[0].Name',
			message: 'JourneyData[0].Name "Nope" is not a data point of this workspace',
		});
	});

	test('both: told apart by the Journey key; reset goes back to the created setting', async () => {
		sb.setRegistrationFormat('both');
		expect((await api(`/journeys?ref=${ref()}`, flat('b1@example.com'))).status).toBe(201);
		expect((await api(`/journeys?ref=${ref()}`, nested('b2@example.com'))).status).toBe(201);
		sb.reset();
		expect((await api(`/journeys?ref=${ref()}`, flat('b3@example.com'))).status).toBe(400);
		expect(() => sb.setRegistrationFormat('json' as never)).toThrow(/registrationFormat/);
	});
});

describe('sandbox: POST /sessions', () => {
	test('for a journey: the session belongs to its person, the journey is recorded', async () => {
		const r = await api('/sessions', `{"Journey":{"Id":${JOHNS_JOURNEY}}}`);
		expect(r.status).toBe(201);
		expect(r.text).toContain(`"Id":${JOHN}`);
		expect(sb.state.sessions[0]).toMatchObject({ UserId: JOHN, JourneyId: JOHNS_JOURNEY });
	});

	test('unknown journey → 404; both User and Journey → 422; another key → 400', async () => {
		expect((await api('/sessions', '{"Journey":{"Id":11111111111111111}}')).json).toEqual({
			message: 'Journey not found',
		});
		expect((await api('/sessions', `{"Journey":{"Id":${JOHNS_JOURNEY}},"User":{"Id":${JOHN}}}`)).status).toBe(422);
		const extra = await api('/sessions', `{"Lead":{"Id":${JOHN}}}`);
		expect(extra.status).toBe(400);
		expect(extra.json.message).toBe('Unexpected key "Lead" in the request body');
		expect(sb.stats().sessionsCreated).toBe(0);
	});
});

describe('sandbox: GET /funnels and /workflows', () => {
	test('both list the same workflows; with workflowsPath off /workflows answers 404', async () => {
		const workflows = await api('/workflows');
		const funnels = await api('/funnels');
		expect(funnels.text).toBe(workflows.text);
		sb.setWorkflowsPath(false);
		expect((await api('/workflows')).status).toBe(404);
		expect((await api('/funnels')).status).toBe(200);
		sb.reset();
		expect((await api('/workflows')).status).toBe(200);
	});

	test('the option works at creation too', async () => {
		const other = createSandbox({ workflowsPath: false });
		const url = (await other.start()).baseUrl;
		try {
			const r = await fetch(`${url}/workflows`, { headers: { Authorization: `Bearer ${other.keys.workspace}` } });
			expect(r.status).toBe(404);
		} finally {
			await other.stop();
		}
	});
});
