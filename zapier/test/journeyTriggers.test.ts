import { failureOf, requestsTo, run, useSandbox } from './harness';
import { ACTIVITY_COMPLETED_SAMPLE, JOURNEY_COMPLETED_SAMPLE, MAX_DETAILS } from '../src/triggers/journeyEvents';

const JOURNEY_COMPLETED = 'triggers.journey_completed.operation.perform';
const ACTIVITY_COMPLETED = 'triggers.activity_completed.operation.perform';
const JOHN = '74590868830731162';
const JOHNS_JOURNEY = '58230741923847561';
const ANNS_JOURNEY = '3304958671203948576';
const EMPLOYEE_ONBOARDING = '318274650918273645';

type Result = Record<string, unknown> & { id: string; journey_id: string; event_date: string };
const times = (results: Result[]) => results.map((r) => Date.parse(r.event_date));
const isNewestFirst = (results: Result[]) => times(results).every((t, i, all) => i === 0 || all[i - 1] >= t);

describe.each(['full', 'status', 'bare'] as const)('journey event triggers, list rows "%s"', (journeyListDetail) => {
	const ctx = useSandbox({ journeyListDetail });

	it('Journey Completed: every completed journey once, newest first, id = journey id + event', async () => {
		const a = ctx.sb.addJourney({ UserId: JOHN, WorkflowId: EMPLOYEE_ONBOARDING });
		ctx.sb.completeJourney(JOHNS_JOURNEY);
		ctx.sb.completeActivity(a.Id, 0, '2030-01-01T00:00:00.000Z');
		ctx.sb.completeActivity(a.Id, 1, '2030-01-01T00:00:01.000Z');
		ctx.sb.completeActivity(a.Id, 2, '2030-01-01T00:00:02.000Z');
		const results: Result[] = await run(ctx, JOURNEY_COMPLETED);
		expect(results.map((r) => r.journey_id)).toEqual([a.Id, JOHNS_JOURNEY, ANNS_JOURNEY]);
		expect(results.map((r) => r.id)).toEqual([
			`${a.Id}-completed`,
			`${JOHNS_JOURNEY}-completed`,
			`${ANNS_JOURNEY}-completed`,
		]);
		expect(results[0]).toMatchObject({
			event_type: 'journey_completed',
			event_date: '2030-01-01T00:00:02.000Z',
			Id: a.Id,
			User: { Id: JOHN },
			Workflow: { Id: EMPLOYEE_ONBOARDING },
		});
		expect(isNewestFirst(results)).toBe(true);
		// Unchanged journeys give the same ids on the next poll: Zapier's deduplication triggers each once.
		expect((await run(ctx, JOURNEY_COMPLETED)).map((r: Result) => r.id)).toEqual(results.map((r) => r.id));
	});

	it('Activity Completed: one result per done activity, newest first, id = journey id + activity id', async () => {
		const john = ctx.sb.journey(JOHNS_JOURNEY)!;
		ctx.sb.completeActivity(JOHNS_JOURNEY, 2, '2030-02-02T00:00:00.000Z');
		const results: Result[] = await run(ctx, ACTIVITY_COMPLETED);
		const expected = ctx.sb.state.journeys.flatMap((j) =>
			j.Activities.filter((x) => x.Status === 'Done').map((x) => `${j.Id}-activity-${x.Id}`),
		);
		expect(results.map((r) => r.id).sort()).toEqual(expected.sort());
		expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
		expect(results[0]).toMatchObject({
			id: `${JOHNS_JOURNEY}-activity-${john.Activities[2].Id}`,
			event_type: 'activity_completed',
			event_date: '2030-02-02T00:00:00.000Z',
			journey_id: JOHNS_JOURNEY,
			activity: { id: john.Activities[2].Id, Id: john.Activities[2].Id, Name: 'Meet your buddy', Status: 'Done' },
		});
		expect(isNewestFirst(results)).toBe(true);
	});

	it('the Workflow filter keeps that workflow, compared as exact digits', async () => {
		ctx.sb.completeJourney(JOHNS_JOURNEY);
		const results: Result[] = await run(ctx, JOURNEY_COMPLETED, { workflowId: EMPLOYEE_ONBOARDING });
		expect(results.map((r) => r.journey_id)).toEqual([JOHNS_JOURNEY]);
	});
});

describe('journey event triggers: cost, ids, samples, failures', () => {
	const ctx = useSandbox({ journeyListDetail: 'status' });

	it(`lists once and reads at most ${MAX_DETAILS} single journeys when the list lacks activities`, async () => {
		for (let i = 0; i < 40; i++) ctx.sb.addJourney({ UserId: JOHN, WorkflowId: EMPLOYEE_ONBOARDING });
		await run(ctx, ACTIVITY_COMPLETED);
		expect(requestsTo(ctx.sb, '/journeys', 'GET')).toHaveLength(1);
		expect(ctx.sb.log.filter((r) => /\/journeys\/\d+$/.test(r.path))).toHaveLength(MAX_DETAILS);
	});

	it('Journey Completed on rows with a status needs no single read', async () => {
		ctx.sb.completeJourney(JOHNS_JOURNEY);
		const results: Result[] = await run(ctx, JOURNEY_COMPLETED);
		expect(results.map((r) => r.journey_id)).toEqual([JOHNS_JOURNEY, ANNS_JOURNEY]);
		expect(ctx.sb.log.filter((r) => /\/journeys\/\d+$/.test(r.path))).toHaveLength(0);
	});

	it('19-digit ids stay exact in the event id, the journey and the activity', async () => {
		const user = ctx.sb.addUser({ Id: '9007199254740993123', Firstname: 'Big', Email: 'big@example.com' });
		const j = ctx.sb.addJourney({ Id: '9223372036854775801', UserId: user.Id, WorkflowId: EMPLOYEE_ONBOARDING });
		ctx.sb.completeActivity(j.Id, 0, '2031-01-01T00:00:00.000Z');
		const [first]: Result[] = await run(ctx, ACTIVITY_COMPLETED);
		expect(first.id).toBe(`9223372036854775801-activity-${j.Activities[0].Id}`);
		expect(first.journey_id).toBe('9223372036854775801');
		expect((first.User as { Id: string }).Id).toBe('9007199254740993123');
	});

	it('the samples have the keys a real result has', async () => {
		ctx.sb.setJourneyListDetail('full');
		ctx.sb.completeJourney(JOHNS_JOURNEY);
		const [completed]: Result[] = await run(ctx, JOURNEY_COMPLETED);
		expect(Object.keys(JOURNEY_COMPLETED_SAMPLE).sort()).toEqual(Object.keys(completed).sort());
		const [activity]: Result[] = await run(ctx, ACTIVITY_COMPLETED);
		expect(Object.keys(ACTIVITY_COMPLETED_SAMPLE).sort()).toEqual(Object.keys(activity).sort());
	});

	it('a 429 becomes ThrottledError (Zapier polls again later); a single read too', async () => {
		ctx.sb.fault({ kind: '429', path: '/journeys' });
		expect((await failureOf(run(ctx, JOURNEY_COMPLETED))).name).toBe('ThrottledError');
		ctx.sb.fault({ kind: '429', path: `/journeys/${JOHNS_JOURNEY}` });
		expect((await failureOf(run(ctx, ACTIVITY_COMPLETED))).name).toBe('ThrottledError');
	});

	it('a Workflow filter that is not an id is refused before polling', async () => {
		const failure = await failureOf(run(ctx, ACTIVITY_COMPLETED, { workflowId: 'Employee onboarding' }));
		expect(failure.message).toContain('"Workflow" must be made of digits only');
		expect(requestsTo(ctx.sb, '/journeys')).toHaveLength(0);
	});
});
