import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox } from '../tools/sandbox';
import { completeJourney } from '../tools/sandbox/person';

/**
 * Journeys in the sandbox: GET /journeys and /journeys/{id} with per-activity
 * status, and the person's side of a ConnectionURL (the page, its one-time
 * "complete" form, the redirect to the RedirectURL), driven over real HTTP.
 */

const JOHN = '74590868830731162';
const JANE = '74590868830731170';
const JOHNS_JOURNEY = '58230741923847561';
const EMPLOYEE_ONBOARDING = '318274650918273645';

let sb: Sandbox;
let baseUrl: string;
let origin: string;

async function api(path: string, key: string | null = sb.keys.workspace, init: RequestInit = {}) {
	const headers: Record<string, string> = { Accept: 'application/json', ...(init.headers as Record<string, string>) };
	if (key !== null) headers.Authorization = `Bearer ${key}`;
	const res = await fetch(`${baseUrl}${path}`, { ...init, headers });
	return { status: res.status, text: await res.text() };
}

async function openSession(userId: string, redirect?: string): Promise<string> {
	const body = `{"User":{"Id":${userId}}${redirect ? `,"RedirectURL":${JSON.stringify(redirect)}` : ''}}`;
	const r = await api('/sessions', sb.keys.workspace, {
		method: 'POST',
		body,
		headers: { 'Content-Type': 'application/json' },
	});
	expect(r.status).toBe(201);
	return JSON.parse(r.text).ConnectionURL;
}

/** Where RedirectURL points: /resume redirects on to /final, like n8n's Respond to Webhook does. */
const target = { server: http.createServer(), url: '', hits: [] as string[] };

beforeAll(async () => {
	sb = createSandbox();
	baseUrl = (await sb.start()).baseUrl;
	origin = new URL(baseUrl).origin;
	target.server.on('request', (req, res) => {
		target.hits.push(`${req.method} ${req.url}`);
		if (req.url?.startsWith('/resume')) res.writeHead(307, { Location: '/final' }).end();
		else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('final page');
	});
	await new Promise<void>((resolve) => target.server.listen(0, '127.0.0.1', resolve));
	target.url = `http://127.0.0.1:${(target.server.address() as AddressInfo).port}`;
});
beforeEach(() => {
	sb.reset();
	target.hits.length = 0;
});
afterAll(async () => {
	await sb.stop();
	await new Promise((resolve) => target.server.close(resolve));
});

describe('sandbox: GET /journeys/{id}', () => {
	test(`John's seeded journey: id above 2^53 as raw digits, activities with status`, async () => {
		const r = await api(`/journeys/${JOHNS_JOURNEY}`);
		expect(r.status).toBe(200);
		expect(r.text).toContain(`"Id":${JOHNS_JOURNEY},`);
		expect(r.text).toContain(`"User":{"Id":${JOHN},"Firstname":"John","Lastname":"Doe"}`);
		expect(r.text).toContain(`"Workflow":{"Id":${EMPLOYEE_ONBOARDING},"Name":"Employee onboarding"}`);
		const j = JSON.parse(r.text);
		expect(Object.keys(j)).toEqual([
			'Id',
			'UUID',
			'Status',
			'User',
			'Workflow',
			'RedirectURL',
			'createdDate',
			'changedDate',
			'Activities',
		]);
		expect(j.Status).toBe('InProgress');
		expect(j.Activities.map((a: { Name: string; Status: string }) => [a.Name, a.Status])).toEqual([
			['Sign the employment contract', 'Done'],
			['Upload an ID document', 'Todo'],
			['Meet your buddy', 'Todo'],
		]);
		expect(j.Activities[0].completedDate).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(j.Activities[1].completedDate).toBeNull();
	});

	test('an unknown or malformed id → 404 with a message; no key → 401; a reference as key → 401', async () => {
		for (const id of ['11111111111111111', 'abc', JOHNS_JOURNEY.slice(0, -1)]) {
			const r = await api(`/journeys/${id}`);
			expect(r.status).toBe(404);
			expect(JSON.parse(r.text)).toEqual({ message: 'Journey not found' });
		}
		expect((await api(`/journeys/${JOHNS_JOURNEY}`, null)).status).toBe(401);
		expect((await api(`/journeys/${JOHNS_JOURNEY}`, sb.keys.references[EMPLOYEE_ONBOARDING])).status).toBe(401);
		expect((await api(`/journeys/${JOHNS_JOURNEY}`, sb.keys.workspace, { method: 'DELETE' })).status).toBe(405);
	});
});

describe('sandbox: GET /journeys', () => {
	test('pages with offset/limit in the configured list shape, like /users', async () => {
		for (let i = 0; i < 3; i++) sb.addJourney({ UserId: JANE });
		const first = JSON.parse((await api('/journeys?limit=2')).text);
		expect(first).toMatchObject({ total: 5, offset: 0, limit: 2 });
		const second = JSON.parse((await api('/journeys?offset=2&limit=2')).text);
		const third = JSON.parse((await api('/journeys?offset=4&limit=2')).text);
		const ids = [...first.data, ...second.data, ...third.data].map((j: { UUID: string }) => j.UUID);
		expect(ids).toEqual(sb.state.journeys.map((j) => j.UUID));
		expect((await api('/journeys?limit=x')).status).toBe(400);
	});

	test('userId filters exactly: John is not Jane, whose id is his rounded', async () => {
		sb.addJourney({ UserId: JANE });
		const johns = await api(`/journeys?userId=${JOHN}`);
		expect(johns.status).toBe(200);
		const list = JSON.parse(johns.text);
		expect(list.total).toBe(1);
		expect(johns.text).toContain(`"Id":${JOHNS_JOURNEY},`);
		const janes = JSON.parse((await api(`/journeys?userId=${JANE}`)).text);
		expect(janes.total).toBe(1);
		expect(janes.data[0].User.Firstname).toBe('Jane');
		expect(JSON.parse((await api('/journeys?userId=11111111111111111')).text).total).toBe(0);
		expect((await api('/journeys?userId=7.459e16')).status).toBe(400);
	});

	test('the other list shapes apply too', async () => {
		const other = createSandbox({ listShape: 'items' });
		const url = (await other.start()).baseUrl;
		try {
			const r = await fetch(`${url}/journeys?limit=1`, {
				headers: { Authorization: `Bearer ${other.keys.workspace}` },
			});
			const body = JSON.parse(await r.text());
			expect(body.totalCount).toBe(2);
			expect(body.items).toHaveLength(1);
		} finally {
			await other.stop();
		}
	});
});

describe('sandbox: journeys created by POST /journeys', () => {
	test("get the workflow's activities, all to do, and are found by the new user's id", async () => {
		const ref = sb.keys.references[EMPLOYEE_ONBOARDING];
		const body = {
			Journey: { User: { Firstname: 'Zoë', Lastname: '李雷', ContactPrefs: { Email: 'zoe@example.com' } } },
		};
		const created = await api(`/journeys?ref=${ref}`, sb.keys.workspace, {
			method: 'POST',
			body: JSON.stringify(body),
			headers: { 'Content-Type': 'application/json' },
		});
		expect(created.status).toBe(201);
		const userId = /"User":\{[^}]*"Id":(\d+)/.exec(created.text)![1];
		const list = await api(`/journeys?userId=${userId}`);
		const found = JSON.parse(list.text).data;
		expect(found).toHaveLength(1);
		expect(found[0].Status).toBe('InProgress');
		expect(found[0].UUID).toBe(JSON.parse(created.text).UUID);
		expect(found[0].Activities.map((a: { Status: string }) => a.Status)).toEqual(['Todo', 'Todo', 'Todo']);
		const journeyId = /"data":\[\{"Id":(\d+)/.exec(list.text)![1];
		expect(BigInt(journeyId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		expect(sb.journey(journeyId)?.UserId).toBe(userId);
	});
});

describe('sandbox: the person completes the journey', () => {
	test('link → page → complete → 303 to the RedirectURL (query kept) → on to the final page', async () => {
		const resume = `${target.url}/resume/812?signature=abc.def_1`;
		const journey = sb.addJourney({ UserId: JOHN, WorkflowId: EMPLOYEE_ONBOARDING });
		const link = await openSession(JOHN, resume);
		const person = await completeJourney(link);
		expect(person.hops.map((h) => [h.method, h.status])).toEqual([
			['GET', 200],
			['POST', 303],
			['GET', 307],
			['GET', 200],
		]);
		expect(person.hops[1].location).toBe(resume);
		expect(person.finalUrl).toBe(`${target.url}/final`);
		expect(person.finalBody).toBe('final page');
		expect(person.journeyId).toBe(journey.Id);
		expect(target.hits).toEqual(['GET /resume/812?signature=abc.def_1', 'GET /final']);

		const after = JSON.parse((await api(`/journeys/${journey.Id}`)).text);
		expect(after.Status).toBe('Completed');
		expect(
			after.Activities.every(
				(a: { Status: string; completedDate: string | null }) => a.Status === 'Done' && a.completedDate,
			),
		).toBe(true);
		// The session reached John's latest journey only.
		expect(sb.journey(JOHNS_JOURNEY)?.Status).toBe('InProgress');
	});

	test('a session for a journey opens that journey, not the latest', async () => {
		const newer = sb.addJourney({ UserId: JOHN });
		const body = `{"Journey":{"Id":${JOHNS_JOURNEY}}}`;
		const r = await api('/sessions', sb.keys.workspace, {
			method: 'POST',
			body,
			headers: { 'Content-Type': 'application/json' },
		});
		expect(r.status).toBe(201);
		const person = await completeJourney(JSON.parse(r.text).ConnectionURL);
		expect(person.journeyId).toBe(JOHNS_JOURNEY);
		expect(sb.journey(JOHNS_JOURNEY)?.Status).toBe('Completed');
		expect(sb.journey(newer.Id)?.Status).toBe('InProgress');
	});

	test('a second use of the link, or of the form, is refused with 410', async () => {
		const link = await openSession(JOHN);
		const page = await (await fetch(link)).text();
		expect((await fetch(link)).status).toBe(410);
		const token = /name="token" value="([^"]+)"/.exec(page)![1];
		const post = () =>
			fetch(`${origin}/internal/v1/journey/complete`, {
				method: 'POST',
				body: new URLSearchParams({ token }),
				redirect: 'manual',
			});
		const first = await post();
		expect(first.status).toBe(200);
		expect(await first.text()).toContain('All done');
		expect((await post()).status).toBe(410);
		expect(sb.journey(JOHNS_JOURNEY)?.Status).toBe('Completed');
		await expect(completeJourney(link)).rejects.toThrow('answered 410');
	});

	test('without a RedirectURL the person gets a plain "all done" page', async () => {
		const person = await completeJourney(await openSession(JOHN));
		expect(person.hops.map((h) => h.status)).toEqual([200, 200]);
		expect(person.finalBody).toContain('All done');
	});

	test('a forged or missing token completes nothing', async () => {
		for (const body of ['token=forged', '', 'other=1']) {
			const r = await fetch(`${origin}/internal/v1/journey/complete`, {
				method: 'POST',
				body,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			});
			expect(r.status).toBe(410);
		}
		expect((await fetch(`${origin}/internal/v1/journey/complete`)).status).toBe(405);
		expect(sb.journey(JOHNS_JOURNEY)?.Status).toBe('InProgress');
	});

	test('no journey, or nothing left to do: the page has no complete form', async () => {
		await expect(completeJourney(await openSession(JANE))).rejects.toThrow('no "complete" form');
		const ann = sb.state.journeys.find((j) => j.Status === 'Completed')!;
		await expect(completeJourney(await openSession(ann.UserId))).rejects.toThrow('no "complete" form');
	});

	test('reset brings the seeded journeys back as they were', async () => {
		sb.completeJourney(JOHNS_JOURNEY);
		sb.addJourney({ UserId: JOHN, Activities: ['Only one', { Name: 'Already', Status: 'Done' }] });
		expect(sb.journeysOf(JOHN)).toHaveLength(2);
		sb.reset();
		expect(sb.journeysOf(JOHN)).toHaveLength(1);
		expect(sb.journey(JOHNS_JOURNEY)?.Activities.map((a) => a.Status)).toEqual(['Done', 'Todo', 'Todo']);
	});
});

describe('sandbox: addJourney', () => {
	test('checks the user and the id like addUser does', () => {
		expect(() => sb.addJourney({ UserId: '11111111111111111' })).toThrow('no user');
		expect(() => sb.addJourney({ UserId: JOHN, Id: JOHNS_JOURNEY })).toThrow('already used');
		const j = sb.addJourney({ UserId: JOHN, Id: '9007199254740993001', Activities: [{ Name: 'x', Status: 'Done' }] });
		expect(j).toMatchObject({ Id: '9007199254740993001', Status: 'Completed', WorkflowId: null });
	});
});
