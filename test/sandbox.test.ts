import * as http from 'node:http';
import { createSandbox, type Sandbox, type SandboxOptions } from '../tools/sandbox';

/**
 * The local Kohomai API sandbox itself: every other suite trusts it, so its
 * contract (auth, shapes, lossless ids, switches, faults) is pinned here with
 * plain fetch, without the node or n8n in between.
 */

const BIG_ID = '74590868830731162';
const DATA_KEY = '90071992547409935';
// The seeded journeys (John's and Ann's); the journeys a test created come after them.
const SEED_JOURNEY_IDS = ['58230741923847561', '3304958671203948576'];
const createdJourneys = (sb: Sandbox) => sb.state.journeys.filter((j) => !SEED_JOURNEY_IDS.includes(j.Id));

interface Reply {
	status: number;
	headers: Headers;
	text: string;
	ms: number;
}

interface CallOptions {
	method?: string;
	key?: string | null;
	body?: string | object;
	contentType?: string;
}

function client(baseUrl: string, defaultKey: () => string, defaultRef?: () => string) {
	return async function call(path: string, opts: CallOptions = {}): Promise<Reply> {
		const headers: Record<string, string> = { Accept: 'application/json' };
		const key = opts.key === undefined ? defaultKey() : opts.key;
		if (key !== null) headers.Authorization = `Bearer ${key}`;
		let body: string | undefined;
		if (opts.body !== undefined) {
			body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
			headers['Content-Type'] = opts.contentType ?? 'application/json';
		}
		const started = Date.now();
		const method = opts.method ?? (body === undefined ? 'GET' : 'POST');
		// Registrations go through the first workflow's API starting point unless the path says otherwise.
		const target =
			path === '/journeys' && method === 'POST' && defaultRef
				? `${path}?ref=${encodeURIComponent(defaultRef())}`
				: path;
		const res = await fetch(`${baseUrl}${target}`, { method, headers, body });
		const text = await res.text();
		return { status: res.status, headers: res.headers, text, ms: Date.now() - started };
	};
}

/** One sandbox for a describe block, reset before each test. */
function useSandbox(options: SandboxOptions = {}) {
	const env = {} as { sb: Sandbox; baseUrl: string; call: ReturnType<typeof client> };
	beforeAll(async () => {
		env.sb = createSandbox(options);
		env.baseUrl = (await env.sb.start()).baseUrl;
		env.call = client(
			env.baseUrl,
			() => env.sb.keys.workspace,
			() => Object.values(env.sb.keys.references)[0],
		);
	});
	beforeEach(() => {
		env.sb.reset();
		env.sb.setLatency(0);
		env.sb.setRateLimit(null);
	});
	afterAll(async () => env.sb.stop());
	return env;
}

const journey = (email: string, extra: Record<string, unknown> = {}) => ({
	RedirectURL: 'https://www.myapp.com',
	Journey: { User: { Firstname: 'Ada', Lastname: 'Lovelace', ContactPrefs: { Email: email } }, ...extra },
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a burst at the beginning of a fixed one-second rate window. */
async function atWindowStart() {
	await sleep(1000 - (Date.now() % 1000) + 5);
}

describe('sandbox: seed data and programmatic API', () => {
	const env = useSandbox();

	test('listens on 127.0.0.1 with the /api/v1 base URL', () => {
		expect(env.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
	});

	test('ids are 17-19 digit strings, all distinct, most of them beyond 2^53', () => {
		const { workflows, users, dataKeys } = env.sb.state;
		const ids = [...workflows, ...users, ...dataKeys].map((x) => x.Id);
		for (const id of ids) {
			expect(typeof id).toBe('string');
			expect(id).toMatch(/^[1-9]\d{16,18}$/);
			expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		}
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.filter((id) => String(Number(id)) !== id).length).toBeGreaterThan(ids.length / 2);
		expect(workflows.length).toBeGreaterThanOrEqual(5);
		expect(dataKeys.length).toBeGreaterThanOrEqual(3);
		for (const w of workflows) expect(env.sb.keys.references[w.Id]).toMatch(/^sbx_ref_/);
		expect(env.sb.keys.workspace).toMatch(/^sbx_ws_/);
	});

	test('exactly one John Doe with the documented id', () => {
		const johns = env.sb.state.users.filter((u) => u.Id === BIG_ID);
		expect(johns).toHaveLength(1);
		expect(johns[0]).toMatchObject({
			Firstname: 'John',
			Lastname: 'Doe',
			ContactPrefs: { Email: 'johndoe@example.com' },
		});
	});

	test('addUser keeps a given id, generates 17-19 digits otherwise, refuses a used id', () => {
		const given = env.sb.addUser({ Id: '9007199254740993123', Firstname: 'Big', Lastname: 'Id', Email: 'big@id.test' });
		expect(given.Id).toBe('9007199254740993123');
		const generated = env.sb.addUser({ Firstname: 'Gen', Lastname: 'Erated', Email: 'gen@id.test' });
		expect(generated.Id).toMatch(/^[1-9]\d{16,18}$/);
		expect(generated.ContactPrefs.Email).toBe('gen@id.test');
		expect(() => env.sb.addUser({ Id: BIG_ID, Firstname: 'X', Lastname: 'Y', Email: 'x@y.test' })).toThrow();
	});

	test('reset restores the seed and clears log, faults, journeys, sessions and counters', async () => {
		const usersBefore = env.sb.state.users.length;
		env.sb.addUser({ Firstname: 'Tmp', Lastname: 'User', Email: 'tmp@user.test' });
		env.sb.addWorkflows(3);
		expect((await env.call('/journeys', { body: journey('reset@example.com') })).status).toBe(201);
		env.sb.fault({ kind: 'status:500', times: 5 });
		env.sb.reset();
		expect(env.sb.state.users).toHaveLength(usersBefore);
		expect(env.sb.state.workflows).toHaveLength(5);
		expect(createdJourneys(env.sb)).toHaveLength(0);
		expect(env.sb.log).toHaveLength(0);
		expect(env.sb.stats()).toEqual({
			requests: 0,
			journeysCreated: 0,
			sessionsCreated: 0,
			duplicateJourneys: 0,
			rateLimited: 0,
			tlsHandshakeFailures: 0,
		});
		expect((await env.call('/workflows')).status).toBe(200);
	});

	test('invalid fault specs and options are refused up front', () => {
		expect(() => env.sb.fault({ kind: 'explode' as never })).toThrow(/fault kind/);
		expect(() => env.sb.fault({ kind: 'status:418' as never })).toThrow(/fault kind/);
		expect(() => env.sb.fault({ kind: '429', times: 0 })).toThrow();
		expect(() => createSandbox({ listShape: 'weird' as never })).toThrow();
		expect(() => createSandbox({ host: '0.0.0.0' })).toThrow(/loopback/);
	});

	test('seed: false starts empty', () => {
		const empty = createSandbox({ seed: false });
		expect(empty.state.users).toHaveLength(0);
		expect(empty.keys.references).toEqual({});
	});
});

describe('sandbox: auth and routing', () => {
	const env = useSandbox();

	test('missing, malformed or unknown key → 401, logged without the key', async () => {
		for (const key of [null, 'nope-123']) {
			const r = await env.call('/workflows', { key });
			expect(r.status).toBe(401);
			expect(JSON.parse(r.text)).toEqual({ message: 'Invalid or missing API key' });
		}
		const basic = await fetch(`${env.baseUrl}/workflows`, {
			headers: { Authorization: `Basic ${env.sb.keys.workspace}` },
		});
		expect(basic.status).toBe(401);
		expect(env.sb.log.map((r) => r.key)).toEqual(['none', 'invalid', 'invalid']);
	});

	test('POST /journeys needs ?ref= of a known API starting point; the journey records its workflow', async () => {
		const [workflowId, ref] = Object.entries(env.sb.keys.references)[2];
		const missing = await env.call('/journeys?', { body: journey('noref@example.com') });
		expect(missing.status).toBe(400);
		expect(JSON.parse(missing.text).message).toMatch(/"ref"/);
		const unknown = await env.call('/journeys?ref=nope-42', { body: journey('unknown@example.com') });
		expect(unknown.status).toBe(404);
		expect(JSON.parse(unknown.text)).toEqual({ message: 'No API starting point has the reference "nope-42"' });
		// A reference is not a key: as a Bearer token it is refused.
		expect((await env.call(`/journeys?ref=${ref}`, { key: ref, body: journey('asbearer@example.com') })).status).toBe(
			401,
		);
		expect((await env.call(`/journeys?ref=${ref}`, { body: journey('ref@example.com') })).status).toBe(201);
		expect(createdJourneys(env.sb).map((j) => j.WorkflowId)).toEqual([workflowId]);
		expect(env.sb.log.map((r) => r.query.ref ?? null)).toEqual([null, 'nope-42', ref, ref]);
	});

	test('unknown route → 404, wrong method → 405', async () => {
		const notFound = await env.call('/nothing');
		expect(notFound.status).toBe(404);
		expect(JSON.parse(notFound.text)).toEqual({ message: 'Not found' });
		expect((await env.call('/workflows', { method: 'DELETE' })).status).toBe(405);
		expect((await env.call('/journeys', { method: 'DELETE' })).status).toBe(405);
	});

	test('the log never holds a key, whatever was sent', async () => {
		const secrets = [env.sb.keys.workspace];
		for (const [i, key] of secrets.entries()) {
			await env.call('/workflows', { key });
			await env.call('/journeys', { key, body: journey(`secret${i}@example.com`) });
		}
		await env.call('/users', { key: 'sbx_ws_wrong_key' });
		const dump = JSON.stringify(env.sb.log);
		for (const s of [...secrets, 'sbx_ws_wrong_key', 'Bearer']) expect(dump).not.toContain(s);
		expect(env.sb.log[0]).toEqual({
			seq: 1,
			time: expect.any(String),
			method: 'GET',
			path: '/api/v1/workflows',
			query: {},
			key: 'workspace',
			contentType: null,
			body: '',
			status: 200,
			fault: null,
		});
	});

	test('a custom workspace key works and is not logged either', async () => {
		const sb = createSandbox({ workspaceKey: 'my-own-secret-key-42' });
		const { baseUrl } = await sb.start();
		try {
			const ok = await fetch(`${baseUrl}/workflows`, { headers: { Authorization: 'Bearer my-own-secret-key-42' } });
			expect(ok.status).toBe(200);
			expect(JSON.stringify(sb.log)).not.toContain('my-own-secret-key-42');
		} finally {
			await sb.stop();
		}
	});

	test('keep-alive sockets are reused, and stop() closes them promptly', async () => {
		const sb = createSandbox();
		const { port } = await sb.start();
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		const get = () =>
			new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
				const req = http.get(
					{
						host: '127.0.0.1',
						port,
						path: '/api/v1/workflows',
						agent,
						headers: { Authorization: `Bearer ${sb.keys.workspace}` },
					},
					(res) => {
						res.resume();
						res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
					},
				);
				req.on('error', reject);
			});
		try {
			const first = await get();
			const second = await get();
			const third = await get();
			expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
			expect([first.reused, second.reused, third.reused]).toEqual([false, true, true]);
		} finally {
			const started = Date.now();
			await sb.stop();
			// Idle keep-alive sockets are dropped, not waited for (Node keeps them 5 s).
			expect(Date.now() - started).toBeLessThan(4000);
			agent.destroy();
		}
	});
});

describe('sandbox: listing and paging', () => {
	const env = useSandbox({ pageSizeMax: 30 });

	test('default shape {data,total,offset,limit}, ids written as raw digits', async () => {
		const r = await env.call('/workflows');
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^application\/json/);
		const body = JSON.parse(r.text);
		expect(body).toMatchObject({ total: 5, offset: 0, limit: 20 });
		expect(body.data).toHaveLength(5);
		for (const w of env.sb.state.workflows) expect(r.text).toContain(`"Id":${w.Id},"Name":${JSON.stringify(w.Name)}`);
	});

	test('paging walks every record exactly once; limit is capped at pageSizeMax', async () => {
		env.sb.addWorkflows(70);
		const seen: string[] = [];
		for (let offset = 0; ; offset += 20) {
			const r = await env.call(`/workflows?offset=${offset}&limit=20`);
			const body = JSON.parse(r.text);
			expect(body.total).toBe(75);
			const ids = [...r.text.matchAll(/"Id":(\d+)/g)].map((m) => m[1]);
			seen.push(...ids);
			if (ids.length < 20) break;
		}
		expect(seen).toEqual(env.sb.state.workflows.map((w) => w.Id));
		const capped = JSON.parse((await env.call('/workflows?limit=1000')).text);
		expect(capped.limit).toBe(30);
		expect(capped.data).toHaveLength(30);
		const past = JSON.parse((await env.call('/workflows?offset=500')).text);
		expect(past.data).toEqual([]);
	});

	test.each(['-1', '1.5', 'abc', '1e3'])('invalid offset or limit %s → 400', async (bad) => {
		for (const param of ['offset', 'limit']) {
			const r = await env.call(`/users?${param}=${bad}`);
			expect(r.status).toBe(400);
			expect(JSON.parse(r.text).message).toContain(param);
		}
	});

	test('users search is a fuzzy, case-insensitive substring match per filter', async () => {
		const emails = async (q: string) =>
			JSON.parse((await env.call(`/users?${q}`)).text).data.map(
				(u: { ContactPrefs: { Email: string } }) => u.ContactPrefs.Email,
			);
		expect(await emails('email=ann@example.com')).toEqual(['ann@example.com', 'joann@example.com']);
		expect(await emails('email=ANN%40Example.COM')).toEqual(['ann@example.com', 'joann@example.com']);
		expect(await emails('firstname=ann')).toEqual(['ann@example.com', 'joann@example.com', 'annabel.lee@example.org']);
		expect(await emails('firstname=ann&lastname=mill')).toEqual(['joann@example.com']);
		expect(await emails('email=johndoe@example.com')).toEqual(['johndoe@example.com']);
		expect(await emails('email=nobody@nowhere.test')).toEqual([]);
		const all = JSON.parse((await env.call('/users')).text);
		expect(all.total).toBe(env.sb.state.users.length);
		expect((await env.call('/users?email=ann')).text).toContain('"Id":183746501928374650,');
	});
});

describe.each([
	['array', (b: any) => b, (b: any) => b.length],
	['items', (b: any) => b.items, (b: any) => b.totalCount],
])('sandbox: listShape %s', (listShape, items, total) => {
	const env = useSandbox({ listShape: listShape as 'array' | 'items' });

	test('pages with offset/limit in that shape', async () => {
		env.sb.addWorkflows(25);
		const body = JSON.parse((await env.call('/workflows?offset=20&limit=10')).text);
		expect(items(body)).toHaveLength(10);
		expect(items(body)[0].Name).toBe(env.sb.state.workflows[20].Name);
		if (listShape === 'items') expect(total(body)).toBe(30);
	});
});

describe('sandbox: listShape ignoresPaging', () => {
	const env = useSandbox({ listShape: 'ignoresPaging' });

	test('returns every record as a bare array whatever offset/limit say', async () => {
		env.sb.addWorkflows(45);
		const body = JSON.parse((await env.call('/workflows?offset=10&limit=5')).text);
		expect(Array.isArray(body)).toBe(true);
		expect(body).toHaveLength(50);
	});
});

describe('sandbox: POST /journeys', () => {
	const env = useSandbox();

	test('201 with a connection; ids in the body keep every digit, as numbers or strings', async () => {
		const raw = `{"RedirectURL":"https://www.myapp.com","Journey":{"User":{"Firstname":"Ada","Lastname":"Lovelace","ContactPrefs":{"Email":"ada@example.com"}},
			"JourneyData":[{"StringValue":"R&D","DataKey":{"Id":${DATA_KEY}}},{"StringValue":"2025-01-06","DataKey":{"Id":"123456789012345678"}}]}}`;
		const r = await env.call('/journeys', { body: raw });
		expect(r.status).toBe(201);
		const created = createdJourneys(env.sb)[0];
		expect(created.JourneyData).toEqual([
			{ StringValue: 'R&D', DataKey: { Id: DATA_KEY } },
			{ StringValue: '2025-01-06', DataKey: { Id: '123456789012345678' } },
		]);
		const user = env.sb.state.users.find((u) => u.ContactPrefs.Email === 'ada@example.com');
		expect(user).toBeDefined();
		expect(created).toMatchObject({
			UserId: user!.Id,
			Email: 'ada@example.com',
			WorkflowId: env.sb.state.workflows[0].Id,
		});
		expect(r.text).toContain(`"User":{"Firstname":"Ada","Lastname":"Lovelace","Id":${user!.Id}}`);
		expect(env.sb.log[0].body).toBe(raw);
		expect(env.sb.stats().journeysCreated).toBe(1);
	});

	const invalid: Array<[string, unknown, string]> = [
		[
			'missing first name',
			{ Journey: { User: { Lastname: 'L', ContactPrefs: { Email: 'a@b.co' } } } },
			'Journey.User.Firstname',
		],
		[
			'blank last name',
			{ Journey: { User: { Firstname: 'F', Lastname: ' ', ContactPrefs: { Email: 'a@b.co' } } } },
			'Journey.User.Lastname',
		],
		['missing email', { Journey: { User: { Firstname: 'F', Lastname: 'L' } } }, 'Journey.User.ContactPrefs.Email'],
		['invalid email', journey('not-an-email'), 'Journey.User.ContactPrefs.Email'],
		['non-http RedirectURL', { ...journey('a@b.co'), RedirectURL: 'javascript:alert(1)' }, 'RedirectURL'],
		[
			'unknown DataKey',
			journey('a@b.co', { JourneyData: [{ StringValue: 'x', DataKey: { Id: 123456789 } }] }),
			'Journey.JourneyData[0].DataKey.Id',
		],
		[
			'non-string StringValue',
			journey('a@b.co', { JourneyData: [{ StringValue: 42, DataKey: { Id: DATA_KEY } }] }),
			'Journey.JourneyData[0].StringValue',
		],
		['no Journey at all', {}, 'Journey.User.Firstname'],
	];

	test.each(invalid)('%s → 422 naming the field, nothing created', async (_name, body, field) => {
		const r = await env.call('/journeys', { body: body as object });
		expect(r.status).toBe(422);
		const parsed = JSON.parse(r.text);
		expect(typeof parsed.message).toBe('string');
		expect(parsed.errors.map((e: { field: string }) => e.field)).toContain(field);
		expect(createdJourneys(env.sb)).toHaveLength(0);
		expect(env.sb.stats().journeysCreated).toBe(0);
	});

	test('a long integer literal is not mistaken for a string StringValue', async () => {
		const r = await env.call('/journeys', {
			body: `{"Journey":{"User":{"Firstname":"F","Lastname":"L","ContactPrefs":{"Email":"a@b.co"}},"JourneyData":[{"StringValue":12345678901234567890,"DataKey":{"Id":${DATA_KEY}}}]}}`,
		});
		expect(r.status).toBe(422);
	});

	test('invalid JSON or a wrong Content-Type → 400', async () => {
		const bad = await env.call('/journeys', { body: '{"Journey": {' });
		expect(bad.status).toBe(400);
		expect(JSON.parse(bad.text).message).toMatch(/JSON/);
		const form = await env.call('/journeys', {
			body: JSON.stringify(journey('a@b.co')),
			contentType: 'application/x-www-form-urlencoded',
		});
		expect(form.status).toBe(400);
		expect(JSON.parse(form.text).message).toMatch(/Content-Type/);
		expect(
			(
				await env.call('/journeys', {
					body: JSON.stringify(journey('a@b.co')),
					contentType: 'application/json; charset=utf-8',
				})
			).status,
		).toBe(201);
	});

	test('an existing email (any case) → 409 and nothing created', async () => {
		const r = await env.call('/journeys', { body: journey('JohnDoe@Example.com') });
		expect(r.status).toBe(409);
		expect(JSON.parse(r.text)).toEqual({ message: 'An end user with this email already exists' });
		expect(env.sb.stats().journeysCreated).toBe(0);
	});
});

describe('sandbox: duplicateEmail allow', () => {
	const env = useSandbox({ duplicateEmail: 'allow' });

	test('creates again and counts the duplicates', async () => {
		for (let i = 0; i < 3; i++)
			expect((await env.call('/journeys', { body: journey('twice@example.com') })).status).toBe(201);
		expect((await env.call('/journeys', { body: journey('johndoe@example.com') })).status).toBe(201);
		expect(env.sb.stats()).toMatchObject({ journeysCreated: 4, duplicateJourneys: 3 });
		expect(env.sb.state.users.filter((u) => u.ContactPrefs.Email === 'twice@example.com')).toHaveLength(3);
	});
});

describe('sandbox: POST /sessions and the autologin link', () => {
	const env = useSandbox();

	test(`round trip for ${BIG_ID}: raw digits in, raw digits out, one-time link`, async () => {
		const r = await env.call('/sessions', { body: `{"User":{"Id":${BIG_ID}},"RedirectURL":"https://www.myapp.com"}` });
		expect(r.status).toBe(201);
		expect(r.text).toContain(`"Id":${BIG_ID}`);
		expect(r.text).toContain(`"User":{"Firstname":"John","Lastname":"Doe","Id":${BIG_ID}}`);
		const c = JSON.parse(r.text);
		expect(Object.keys(c)).toEqual([
			'UUID',
			'RedirectURL',
			'ConnectionURL',
			'ValidUntil',
			'changedDate',
			'createdDate',
			'User',
		]);
		expect(c.UUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(c.RedirectURL).toBe('https://www.myapp.com');
		expect(c.ConnectionURL).toBe(`${new URL(env.baseUrl).origin}/internal/v1/autologin?UUID=${c.UUID}`);
		const validFor = Date.parse(c.ValidUntil) - Date.parse(c.createdDate);
		expect(validFor).toBe(5 * 60 * 1000);
		expect(env.sb.state.sessions).toHaveLength(1);
		expect(env.sb.state.sessions[0]).toMatchObject({ UserId: BIG_ID, UUID: c.UUID });
		expect(env.sb.stats().sessionsCreated).toBe(1);

		const first = await fetch(c.ConnectionURL);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await first.text()).toContain('John Doe');
		expect((await fetch(c.ConnectionURL)).status).toBe(410);
		expect((await fetch(`${new URL(env.baseUrl).origin}/internal/v1/autologin?UUID=nope`)).status).toBe(410);
	});

	test('the id as a string works too', async () => {
		const r = await env.call('/sessions', { body: { User: { Id: BIG_ID } } });
		expect(r.status).toBe(201);
		expect(JSON.parse(r.text).RedirectURL).toBeNull();
		expect(env.sb.state.sessions[0].UserId).toBe(BIG_ID);
	});

	test('a client that rounded the id through a JS number gets someone else (the trap)', async () => {
		const r = await env.call('/sessions', { body: `{"User":{"Id":${JSON.stringify(Number(BIG_ID))}}}` });
		expect(r.status).toBe(201);
		expect(JSON.parse(r.text).User.Firstname).not.toBe('John');
	});

	test('unknown user → 404; missing or invalid id, bad RedirectURL → 422; nothing created', async () => {
		const unknown = await env.call('/sessions', { body: { User: { Id: '11111111111111111' } } });
		expect(unknown.status).toBe(404);
		expect(JSON.parse(unknown.text)).toEqual({ message: 'End user not found' });
		for (const body of [
			'{"User":{}}',
			'{"User":{"Id":"abc"}}',
			'{"User":{"Id":7.4590868830731162e16}}',
			'{"User":{"Id":-5}}',
			`{"User":{"Id":"${BIG_ID}"},"RedirectURL":"ftp://files.example.com"}`,
		]) {
			const r = await env.call('/sessions', { body });
			expect(r.status).toBe(422);
			expect(JSON.parse(r.text).errors.length).toBeGreaterThan(0);
		}
		expect(env.sb.stats().sessionsCreated).toBe(0);
	});
});

describe('sandbox: latency and rate limit', () => {
	const env = useSandbox();

	test('latency delays every API response, and 1000 concurrent requests are all served', async () => {
		env.sb.setLatency(300);
		const started = Date.now();
		const replies = await Promise.all(Array.from({ length: 1000 }, () => env.call('/workflows?limit=1')));
		const elapsed = Date.now() - started;
		expect(replies.every((r) => r.status === 200)).toBe(true);
		expect(Math.min(...replies.map((r) => r.ms))).toBeGreaterThanOrEqual(290);
		// Served side by side: one at a time would take 1000 x 300 ms = 300 s.
		expect(elapsed).toBeLessThan(100_000);
		expect(env.sb.stats().requests).toBe(1000);
	}, 120_000);

	test('requests beyond the limit get 429 + Retry-After: 1, have no effect, are logged and counted', async () => {
		env.sb.setRateLimit(3);
		await atWindowStart();
		const replies = await Promise.all(
			Array.from({ length: 6 }, (_, i) => env.call('/journeys', { body: journey(`rate${i}@example.com`) })),
		);
		const limited = replies.filter((r) => r.status === 429);
		expect(replies.filter((r) => r.status === 201)).toHaveLength(3);
		expect(limited).toHaveLength(3);
		for (const r of limited) {
			expect(r.headers.get('retry-after')).toBe('1');
			expect(JSON.parse(r.text)).toEqual({ message: 'Rate limit exceeded' });
		}
		expect(env.sb.stats()).toMatchObject({ journeysCreated: 3, rateLimited: 3, requests: 6 });
		expect(createdJourneys(env.sb)).toHaveLength(3);
		expect(env.sb.log.filter((r) => r.status === 429)).toHaveLength(3);
		// The next window admits requests again.
		await atWindowStart();
		expect((await env.call('/workflows')).status).toBe(200);
		env.sb.setRateLimit(null);
		const burst = await Promise.all(Array.from({ length: 10 }, () => env.call('/workflows')));
		expect(burst.every((r) => r.status === 200)).toBe(true);
	});
});

describe('sandbox: faults', () => {
	const env = useSandbox();
	const post = (email = 'fault@example.com') => env.call('/journeys', { body: journey(email) });

	test.each(['429', '429-date', '429-none'])('%s: 429 with its Retry-After variant, no effect', async (kind) => {
		env.sb.fault({ kind: kind as '429', path: '/journeys' });
		const r = await post();
		expect(r.status).toBe(429);
		const retryAfter = r.headers.get('retry-after');
		if (kind === '429') expect(retryAfter).toBe('1');
		if (kind === '429-none') expect(retryAfter).toBeNull();
		if (kind === '429-date') {
			const ahead = Date.parse(retryAfter ?? '') - Date.now();
			expect(ahead).toBeGreaterThan(0);
			expect(ahead).toBeLessThanOrEqual(2000);
		}
		expect(env.sb.stats().journeysCreated).toBe(0);
		expect(env.sb.log[0].fault).toBe(kind);
		expect((await post()).status).toBe(201);
	});

	test.each([400, 401, 403, 404, 409, 422, 500, 502, 503, 504])(
		'status:%i answers JSON with a message, no effect',
		async (code) => {
			env.sb.fault({ kind: `status:${code}` as 'status:500', method: 'POST', path: '/journeys' });
			const r = await post();
			expect(r.status).toBe(code);
			expect(r.headers.get('content-type')).toMatch(/^application\/json/);
			expect(typeof JSON.parse(r.text).message).toBe('string');
			expect(env.sb.stats().journeysCreated).toBe(0);
			expect(env.sb.log[0]).toMatchObject({ status: code, fault: `status:${code}` });
		},
	);

	test('slow:<ms> creates on arrival and answers late', async () => {
		env.sb.fault({ kind: 'slow:400', path: '/journeys' });
		const pending = post();
		await sleep(150);
		expect(env.sb.stats().journeysCreated).toBe(1);
		const r = await pending;
		expect(r.status).toBe(201);
		expect(r.ms).toBeGreaterThanOrEqual(390);
		expect(env.sb.log[0].fault).toBe('slow:400');
	});

	test('slow on a session also creates it', async () => {
		env.sb.fault({ kind: 'slow:50', path: '/sessions' });
		expect((await env.call('/sessions', { body: { User: { Id: BIG_ID } } })).status).toBe(201);
		expect(env.sb.stats().sessionsCreated).toBe(1);
	});

	test('reset-before-read: socket destroyed, body never read, nothing created', async () => {
		env.sb.fault({ kind: 'reset-before-read', path: '/journeys' });
		await expect(post()).rejects.toThrow();
		expect(env.sb.stats().journeysCreated).toBe(0);
		expect(env.sb.log[0]).toMatchObject({ fault: 'reset-before-read', status: null, body: null });
		expect((await post()).status).toBe(201);
	});

	test('reset-after-read: created, then the socket is destroyed without an answer', async () => {
		env.sb.fault({ kind: 'reset-after-read', path: '/journeys' });
		await expect(post()).rejects.toThrow();
		expect(env.sb.stats().journeysCreated).toBe(1);
		expect(createdJourneys(env.sb)).toHaveLength(1);
		expect(env.sb.log[0]).toMatchObject({ fault: 'reset-after-read', status: null });
		expect(env.sb.log[0].body).toContain('fault@example.com');
		// A blind retry now hits the duplicate.
		expect((await post()).status).toBe(409);
	});

	test('malformed-json: created, 200 with truncated JSON', async () => {
		env.sb.fault({ kind: 'malformed-json', path: '/journeys' });
		const r = await post();
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^application\/json/);
		expect(r.text.startsWith('{"UUID":')).toBe(true);
		expect(() => JSON.parse(r.text)).toThrow();
		expect(env.sb.stats().journeysCreated).toBe(1);
	});

	test('html-200: created, 200 text/html', async () => {
		env.sb.fault({ kind: 'html-200', path: '/journeys' });
		const r = await post();
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^text\/html/);
		expect(r.text).toMatch(/<html/i);
		expect(env.sb.stats().journeysCreated).toBe(1);
	});

	test('html-502: a proxy page, nothing created', async () => {
		env.sb.fault({ kind: 'html-502', path: '/journeys' });
		const r = await post();
		expect(r.status).toBe(502);
		expect(r.headers.get('content-type')).toMatch(/^text\/html/);
		expect(r.text).toContain('502 Bad Gateway');
		expect(env.sb.stats().journeysCreated).toBe(0);
	});

	test('empty-200: created, 200 with an empty body', async () => {
		env.sb.fault({ kind: 'empty-200', path: '/journeys' });
		const r = await post();
		expect(r.status).toBe(200);
		expect(r.text).toBe('');
		expect(env.sb.stats().journeysCreated).toBe(1);
	});

	test('faults match method and path, apply `times` times in order, and can be cleared', async () => {
		env.sb.fault({ kind: 'status:503', times: 2, method: 'POST', path: '/journeys' });
		env.sb.fault({ kind: 'status:500', times: 1 });
		expect((await env.call('/workflows')).status).toBe(500);
		expect((await env.call('/workflows')).status).toBe(200);
		expect((await post('a1@example.com')).status).toBe(503);
		expect((await post('a2@example.com')).status).toBe(503);
		expect((await post('a3@example.com')).status).toBe(201);
		env.sb.fault({ kind: 'status:500', times: 10 });
		env.sb.clearFaults();
		expect((await env.call('/workflows')).status).toBe(200);
		expect(env.sb.log.map((r) => r.fault)).toEqual(['status:500', null, 'status:503', 'status:503', null, null]);
	});

	test('faults never touch the autologin page', async () => {
		const c = JSON.parse((await env.call('/sessions', { body: { User: { Id: BIG_ID } } })).text);
		env.sb.fault({ kind: 'status:500' });
		expect((await fetch(c.ConnectionURL)).status).toBe(200);
		expect((await env.call('/workflows')).status).toBe(500);
	});
});
