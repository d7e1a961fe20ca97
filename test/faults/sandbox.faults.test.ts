/**
 * The sandbox's fault switches that the fault tests rely on, pinned with
 * plain fetch (and node:https for the certificate), without the node.
 */
import * as https from 'node:https';

import { createSandbox, type Sandbox } from '../../tools/sandbox';

let sb: Sandbox;
let baseUrl: string;
beforeAll(async () => {
	sb = createSandbox();
	({ baseUrl } = await sb.start());
});
beforeEach(() => sb.reset());
afterAll(async () => await sb.stop());

const auth = () => ({ Authorization: `Bearer ${sb.keys.workspace}`, 'Content-Type': 'application/json' });
const post = async (path: string, body: unknown) =>
	await fetch(`${baseUrl}${path}`, { method: 'POST', headers: auth(), body: JSON.stringify(body), redirect: 'manual' });
const get = async (path: string) => await fetch(`${baseUrl}${path}`, { headers: auth(), redirect: 'manual' });

test('redirect:301 answers before doing anything, pointing at the same URL on https', async () => {
	sb.fault({ kind: 'redirect:301', path: '/journeys' });
	const res = await post('/journeys?ref=x', {
		Journey: { User: { Firstname: 'A', Lastname: 'B', ContactPrefs: { Email: 'a@example.com' } } },
	});
	expect(res.status).toBe(301);
	expect(res.headers.get('location')).toBe(`${baseUrl.replace('http:', 'https:')}/journeys?ref=x`);
	expect(sb.stats().journeysCreated).toBe(0);
});

test('redirect:303 creates, then points at the ConnectionURL it created', async () => {
	sb.fault({ kind: 'redirect:303', path: '/sessions' });
	const res = await post('/sessions', { User: { Id: '74590868830731162' } });
	expect(res.status).toBe(303);
	expect(res.headers.get('location')).toBe(
		`${new URL(baseUrl).origin}/internal/v1/autologin?UUID=${sb.state.sessions[0].UUID}`,
	);
});

test('a redirect fault may name its Location', async () => {
	sb.fault({ kind: 'redirect:308', location: 'https://elsewhere.invalid/x' });
	expect((await get('/workflows')).headers.get('location')).toBe('https://elsewhere.invalid/x');
});

test('json-200 and json:<status> answer a recorded body', async () => {
	sb.fault({ kind: 'json-200', body: '{"Data":[]}' });
	sb.fault({ kind: 'json:401', body: '' });
	const first = await get('/users');
	expect([first.status, await first.text()]).toEqual([200, '{"Data":[]}']);
	const second = await get('/users');
	expect([second.status, await second.text()]).toEqual([401, '']);
});

test.each([
	['pascal', { Data: expect.any(Array), Total: 5, Offset: 2, Limit: 2 }],
	['pascalItems', { Items: expect.any(Array), Count: 2 }],
	['pascalHasMore', { Results: expect.any(Array), HasMore: true }],
	['opaque', { Page: { Entries: expect.any(Array) }, Total: 5 }],
] as const)('list shape %s', async (shape, expected) => {
	sb.setListShape(shape);
	const res = await get('/workflows?offset=2&limit=2');
	expect(await res.json()).toEqual(expected);
	sb.setListShape('data');
});

test('ignoresOffset answers the first page whatever the offset', async () => {
	sb.setListShape('ignoresOffset');
	const a = await (await get('/workflows?offset=0&limit=2')).text();
	const b = await (await get('/workflows?offset=2&limit=2')).text();
	expect(a).toBe(b);
	sb.setListShape('data');
});

test('/funnels lists workflows; the switch makes /workflows answer 404', async () => {
	expect((await get('/funnels')).status).toBe(200);
	sb.setWorkflowsPath(false);
	expect((await get('/workflows')).status).toBe(404);
	expect((await get('/funnels')).status).toBe(200);
	sb.setWorkflowsPath(true);
});

test('https: true serves a self-signed certificate that a checking client refuses and counts', async () => {
	const tls = createSandbox({ https: true });
	const { baseUrl: url } = await tls.start();
	try {
		const fetchOnce = (rejectUnauthorized: boolean) =>
			new Promise<number | string>((resolve) => {
				https
					.get(
						`${url}/workflows`,
						{ rejectUnauthorized, headers: { Authorization: `Bearer ${tls.keys.workspace}` } },
						(res) => {
							res.resume();
							resolve(res.statusCode ?? 0);
						},
					)
					.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
			});
		expect(await fetchOnce(true)).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
		expect(await fetchOnce(false)).toBe(200);
		for (let i = 0; i < 50 && tls.stats().tlsHandshakeFailures === 0; i++) await new Promise((r) => setTimeout(r, 20));
		expect(tls.stats().tlsHandshakeFailures).toBe(1);
	} finally {
		await tls.stop();
	}
});
