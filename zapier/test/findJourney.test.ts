import { BIG_ID, failureOf, requestsTo, run, useSandbox } from './harness';

const ctx = useSandbox();
const FIND = 'searches.find_journey.operation.perform';
const JOHNS_JOURNEY = '58230741923847561';

describe('Find Journey', () => {
	it("returns the journey with each activity's status and exact ids", async () => {
		const [journey] = await run(ctx, FIND, { journeyId: JOHNS_JOURNEY });
		expect(journey.id).toBe(JOHNS_JOURNEY);
		expect(journey.User.Id).toBe(BIG_ID);
		expect(journey.Workflow).toEqual({ Id: '318274650918273645', Name: 'Employee onboarding' });
		expect(
			journey.Activities.map((a: { Name: string; Status: string; Id: string }) => [a.Id, a.Name, a.Status]),
		).toEqual([
			['58230741923847601', 'Sign the employment contract', 'Done'],
			['58230741923847602', 'Upload an ID document', 'Todo'],
			['58230741923847603', 'Meet your buddy', 'Todo'],
		]);
		expect(journey.Status).toBe('InProgress');
	});

	it("takes the journey's back-office address", async () => {
		const [journey] = await run(ctx, FIND, {
			journeyId: 'https://app.kohomai.com/p/journeys/3304958671203948576?tab=journey',
		});
		expect(journey.id).toBe('3304958671203948576');
		expect(journey.Status).toBe('Completed');
		expect(requestsTo(ctx.sb, '/journeys/3304958671203948576')).toHaveLength(1);
	});

	it('finds nothing (no error) for a journey that does not exist', async () => {
		expect(await run(ctx, FIND, { journeyId: '999' })).toEqual([]);
	});

	it('refuses an id that is not one, before sending anything', async () => {
		const failure = await failureOf(run(ctx, FIND, { journeyId: '12 34' }));
		expect(failure.message).toContain('"Journey" must be made of digits only');
		expect(ctx.sb.log).toHaveLength(0);
	});

	it('reports a 500 on a read as an ordinary error (Autoreplay may retry a read)', async () => {
		ctx.sb.fault({ kind: 'status:500', path: `/journeys/${JOHNS_JOURNEY}` });
		const failure = await failureOf(run(ctx, FIND, { journeyId: JOHNS_JOURNEY }));
		expect(failure.name).toBe('AppError');
		expect(failure.message).toContain('Kohomai had a server error');
	});
});
