/**
 * Lists in Kohomai's own casing, lists that cannot be read, an API that
 * ignores offset, and GET /workflows giving way to GET /funnels: each through
 * the engine against the sandbox.
 */
import { engine, requestsTo, useSandbox } from '../fixtures';
import type { ListShape } from '../../tools/sandbox';
import { describeShape, readListPage } from '../../nodes/Kohomai/mapping/lists';

const workflows = (extra: Record<string, unknown> = {}) => ({
	parameters: { resource: 'workflow', operation: 'getAll', returnAll: true, ...extra },
});
const search = (filters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
	parameters: { resource: 'user', operation: 'search', filters, returnAll: true, ...extra },
});

describe('lists in any casing', () => {
	const env = useSandbox({ pageSizeMax: 2 });
	afterEach(() => env.sb.setListShape('data'));

	test('the example: GET /users answered {"Data":[…],"Total":1} is a list of one user', async () => {
		env.sb.fault({
			kind: 'json-200',
			path: '/users',
			body: '{"Data":[{"Id":1,"Firstname":"A","Lastname":"B"}],"Total":1}',
		});
		const run = await engine.run({ nodes: [search()], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		expect(run.output().map((o: any) => o.json)).toEqual([{ Id: '1', Firstname: 'A', Lastname: 'B' }]);
		expect(requestsTo(env.sb, '/users')).toHaveLength(1);
	});

	test.each<[ListShape, string]>([
		['pascal', '{ Data, Total, Offset, Limit }'],
		['pascalItems', '{ Items, Count } (Count = size of the page)'],
		['pascalHasMore', '{ Results, HasMore }'],
		['items', '{ items, totalCount }'],
		['array', 'a bare array'],
	])('every workflow is read from %s pages capped at 2: %s', async (shape) => {
		env.sb.setListShape(shape);
		const run = await engine.run({ nodes: [workflows()], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		expect(run.output().map((o: any) => o.json.Id)).toEqual(env.sb.state.workflows.map((w) => w.Id));
		expect(run.hints()).toEqual([]);
	});

	test('Limit stops the walk early in PascalCase too', async () => {
		env.sb.setListShape('pascal');
		const run = await engine.run({ nodes: [workflows({ returnAll: false, limit: 3 })], credentials: env.credentials });
		expect(run.output()).toHaveLength(3);
		expect(requestsTo(env.sb, '/workflows').map((r) => r.query.offset)).toEqual(['0', '2']);
	});

	test('an answer that holds no readable list says which keys it saw, and does not blame the Base URL alone', async () => {
		env.sb.setListShape('opaque');
		const run = await engine.run({ nodes: [workflows()], credentials: env.credentials });
		expect(run.error().message).toBe(
			'Kohomai answered 200 with something other than a list (an object with the keys Page, Total)',
		);
		expect(run.error().description).toMatch(/no list under a name this node knows/);
	});

	test('an API that ignores offset ends the walk without duplicates and says the list may be incomplete', async () => {
		env.sb.setListShape('ignoresOffset');
		const run = await engine.run({ nodes: [workflows()], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		const ids = run.output().map((o: any) => o.json.Id);
		expect(ids).toEqual(env.sb.state.workflows.slice(0, 2).map((w) => w.Id));
		expect(requestsTo(env.sb, '/workflows')).toHaveLength(2);
		const hints = run.hints();
		expect(hints).toHaveLength(1);
		expect(hints[0]).toMatchObject({
			type: 'warning',
			message: expect.stringMatching(/same results whatever the offset.*may be incomplete/),
		});
	});

	test('an API that ignores paging altogether (everything, every time) also gets the note, once per run', async () => {
		env.sb.setListShape('ignoresPaging');
		const items = [{}, {}];
		const run = await engine.run({ nodes: [workflows()], items, credentials: env.credentials });
		expect(run.output()).toHaveLength(2 * env.sb.state.workflows.length);
		expect(run.hints()).toHaveLength(1);
	});
});

describe('GET /workflows, then GET /funnels', () => {
	const env = useSandbox({ workflowsPath: false });

	test('Workflow: Get Many falls back to /funnels on 404 and keeps it for the run', async () => {
		const run = await engine.run({ nodes: [workflows()], items: [{}, {}, {}], credentials: env.credentials });
		expect(run.error()).toBeUndefined();
		expect(run.output()).toHaveLength(3 * env.sb.state.workflows.length);
		expect(env.sb.log.map((r) => `${r.path} ${r.status}`)).toEqual([
			'/api/v1/workflows 404',
			'/api/v1/funnels 200',
			'/api/v1/funnels 200',
			'/api/v1/funnels 200',
		]);
	});

	test('the credential test follows the same rule', async () => {
		const result = await engine.testCredential('kohomaiApi', env.credentials);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(env.sb.log.map((r) => r.path)).toEqual(['/api/v1/workflows', '/api/v1/funnels']);
	});
});

describe('envelope reading (mapping/lists)', () => {
	test.each([
		[{ DATA: [{ Id: 1 }], TOTAL_COUNT: 5 }, { total: 5 }],
		[{ items: [{ Id: 1 }], Count: 1 }, { total: undefined }],
		[{ Items: [{ Id: 1 }], Count: 9 }, { total: 9 }],
		[{ Records: [{ Id: 1 }], has_more: false }, { hasMore: false }],
		[{ Funnels: [{ Id: 1 }], Offset: '0' }, { offset: 0 }],
		[{ Whatever: [{ Id: 1 }], errors: [] }, { items: [{ Id: 1 }] }],
	])('%j', (body, expected) => {
		expect(readListPage(body)).toMatchObject(expected);
	});

	test('errors arrays and nested lists are not taken for the list; the shape is described by key names only', () => {
		expect(readListPage({ errors: [{ message: 'x' }] })).toBeUndefined();
		expect(readListPage({ Page: { Entries: [] } })).toBeUndefined();
		expect(describeShape({ Page: { secret: 'value' }, Total: 3 })).toBe('an object with the keys Page, Total');
		expect(describeShape('text')).toBe('a string');
	});
});
