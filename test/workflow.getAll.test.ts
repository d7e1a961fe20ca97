import { engine, requestsTo, useSandbox } from './fixtures';

const getMany = (extra: Record<string, unknown>) => ({
	parameters: { resource: 'workflow', operation: 'getAll', ...extra },
});

describe('Workflow: Get many', () => {
	const env = useSandbox({ pageSizeMax: 20 });

	test('Limit returns exactly that many workflows, ids as strings', async () => {
		env.sb.addWorkflows(60);
		const run = await engine.run({ nodes: [getMany({ returnAll: false, limit: 7 })], credentials: env.credentials });
		const out = run.output();
		expect(run.error()).toBeUndefined();
		expect(out).toHaveLength(7);
		expect(out.map((i: any) => i.json.Id)).toEqual(env.sb.state.workflows.slice(0, 7).map((w) => w.Id));
		for (const item of out) {
			expect(typeof item.json.Id).toBe('string');
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	test('a limit above the page size walks pages and stops at the limit', async () => {
		env.sb.addWorkflows(60);
		const run = await engine.run({ nodes: [getMany({ limit: 45 })], credentials: env.credentials });
		expect(run.output()).toHaveLength(45);
		expect(requestsTo(env.sb, '/workflows').length).toBeGreaterThanOrEqual(3);
	});

	test('Return All walks every page, each workflow once', async () => {
		env.sb.addWorkflows(95);
		const total = env.sb.state.workflows.length;
		const run = await engine.run({ nodes: [getMany({ returnAll: true })], credentials: env.credentials });
		const ids = run.output().map((i: any) => i.json.Id);
		expect(ids).toHaveLength(total);
		expect(new Set(ids).size).toBe(total);
		expect(ids).toEqual(env.sb.state.workflows.map((w) => w.Id));
		expect(requestsTo(env.sb, '/workflows').length).toBeGreaterThanOrEqual(Math.ceil(total / 20));
	});

	test('one call per input item, each result paired to its item', async () => {
		const run = await engine.run({ nodes: [getMany({ limit: 2 })], items: [{}, {}, {}], credentials: env.credentials });
		expect(run.output().map((i: any) => i.pairedItem.item)).toEqual([0, 0, 1, 1, 2, 2]);
	});
});

describe.each(['array', 'items', 'ignoresPaging'])(
	'Workflow: Get many when the API answers with shape %s',
	(listShape) => {
		const env = useSandbox({ pageSizeMax: 20, listShape });

		test('Return All gets every workflow exactly once', async () => {
			env.sb.addWorkflows(45);
			const run = await engine.run({ nodes: [getMany({ returnAll: true })], credentials: env.credentials });
			const ids = run.output().map((i: any) => i.json.Id);
			expect(ids).toEqual(env.sb.state.workflows.map((w) => w.Id));
		});

		test('Limit is exact', async () => {
			env.sb.addWorkflows(45);
			const run = await engine.run({ nodes: [getMany({ limit: 23 })], credentials: env.credentials });
			expect(run.output()).toHaveLength(23);
		});
	},
);
