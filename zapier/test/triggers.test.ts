import { BIG_ID, failureOf, requestsTo, run, useSandbox } from './harness';

const NEW_USER = 'triggers.new_user.operation.perform';
const NEW_JOURNEY = 'triggers.new_journey.operation.perform';
const WORKFLOWS = 'triggers.workflow.operation.perform';

describe.each(['data', 'array', 'items', 'ignoresPaging'] as const)(
	'polling triggers, lists shaped "%s"',
	(listShape) => {
		const ctx = useSandbox({ listShape, pageSizeMax: 2 });

		it('New User: every user once, newest first, ids as exact strings', async () => {
			const users = await run(ctx, NEW_USER);
			const expected = [...ctx.sb.state.users]
				.sort((a, b) => Date.parse(b.createdDate) - Date.parse(a.createdDate))
				.map((u) => u.Id);
			expect(users.map((u: { id: string }) => u.id)).toEqual(expected);
			expect(users.every((u: { id: unknown; Id: unknown }) => typeof u.id === 'string' && u.id === u.Id)).toBe(true);
			expect(users.map((u: { id: string }) => u.id)).toContain(BIG_ID);
		});

		it("New Journey: every journey, newest first; the Workflow filter keeps that workflow's only", async () => {
			const all = await run(ctx, NEW_JOURNEY);
			expect(all.map((j: { id: string }) => j.id).sort()).toEqual(ctx.sb.state.journeys.map((j) => j.Id).sort());
			const employee = await run(ctx, NEW_JOURNEY, { workflowId: '318274650918273645' });
			expect(employee.map((j: { id: string }) => j.id)).toEqual(['58230741923847561']);
		});

		it('Workflows dropdown: every workflow with its exact id and name', async () => {
			const workflows = await run(ctx, WORKFLOWS);
			expect(workflows.map((w: { id: string; Name: string }) => [w.id, w.Name])).toEqual(
				ctx.sb.state.workflows.map((w) => [w.Id, w.Name]),
			);
		});
	},
);

describe('polling triggers on failures', () => {
	const ctx = useSandbox();

	it('a rate-limited poll becomes ThrottledError', async () => {
		ctx.sb.fault({ kind: '429', path: '/users' });
		expect((await failureOf(run(ctx, NEW_USER))).name).toBe('ThrottledError');
	});

	it('an HTML page instead of a list is explained in terms of the Base URL', async () => {
		ctx.sb.fault({ kind: 'html-200', path: '/journeys' });
		const failure = await failureOf(run(ctx, NEW_JOURNEY));
		expect(failure.name).toBe('AppError');
		expect(failure.message).toContain('a web page instead of data');
		expect(failure.message).toContain('/api/v1');
	});

	it('a Workflow filter that is not an id is refused before polling', async () => {
		const failure = await failureOf(run(ctx, NEW_JOURNEY, { workflowId: 'Employee onboarding' }));
		expect(failure.message).toContain('"Workflow" must be made of digits only');
		expect(requestsTo(ctx.sb, '/journeys')).toHaveLength(0);
	});
});
