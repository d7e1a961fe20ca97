import { DETAILS_PER_POLL } from '../../nodes/Kohomai/mapping/events';
import {
	ANNS_JOURNEY,
	DAY_MS,
	EMPLOYEE_ONBOARDING,
	JOHN,
	JOHNS_JOURNEY,
	TriggerWorkflow,
	useTriggerSandbox,
} from './harness';

const on = (event: string, extra: Record<string, unknown> = {}) => ({ event, ...extra });
const ids = (items: Array<{ json: Record<string, unknown> }>) => items.map((i) => i.json.Id);
const openIds = (wf: TriggerWorkflow) =>
	Object.keys(((wf.savedState() ?? {}) as { open?: Record<string, unknown> }).open ?? {}).sort();

describe('Kohomai Trigger: poll() in n8n-core against the sandbox', () => {
	const env = useTriggerSandbox();
	const workflow = (parameters: Record<string, unknown>) => new TriggerWorkflow(env.sb, env.credentials, parameters);
	const newJourney = (extra: Record<string, unknown> = {}) =>
		env.sb.addJourney({ UserId: JOHN, WorkflowId: EMPLOYEE_ONBOARDING, ...extra });

	test('activation records a baseline and emits nothing for the journeys that exist', async () => {
		newJourney();
		env.sb.completeJourney(newJourney().Id);
		for (const event of ['journeyCompleted', 'activityCompleted', 'journeyStarted', 'journeyStalled']) {
			const wf = workflow(on(event, { stalledDays: 1 }));
			const first = await wf.poll('activate');
			expect(first.error).toBeUndefined();
			expect(first.emitted).toBe(false);
			expect(first.requests).toBe(1);
			// Only open journeys are watched: John's seeded one and the new open one.
			expect(openIds(wf)).toHaveLength(2);
			expect(openIds(wf)).toContain(JOHNS_JOURNEY);
			expect(openIds(wf)).not.toContain(ANNS_JOURNEY);
			const second = await wf.poll();
			expect(second.error).toBeUndefined();
			expect(second.emitted).toBe(false);
		}
	});

	test('Journey Completed: each completion once, with the journey and when; finished journeys leave the state', async () => {
		const wf = workflow(on('journeyCompleted'));
		const other = newJourney();
		await wf.poll('activate');
		env.sb.completeJourney(JOHNS_JOURNEY);
		const first = await wf.poll();
		expect(first.error).toBeUndefined();
		expect(first.items).toHaveLength(1);
		const { json } = first.items[0];
		expect(json).toMatchObject({
			event: 'journeyCompleted',
			eventId: `${JOHNS_JOURNEY}-completed`,
			Id: JOHNS_JOURNEY,
			Status: 'Completed',
			User: { Id: JOHN, Firstname: 'John', Lastname: 'Doe' },
		});
		expect(json.eventDate).toBe(env.sb.journey(JOHNS_JOURNEY)!.changedDate);
		expect(openIds(wf)).toEqual([other.Id]);
		for (let i = 0; i < 3; i++) expect((await wf.poll()).emitted).toBe(false);
		env.sb.completeJourney(other.Id);
		const second = await wf.poll();
		expect(ids(second.items)).toEqual([other.Id]);
		expect((await wf.poll()).emitted).toBe(false);
		expect(openIds(wf)).toEqual([]);
	});

	test('Activity Completed: one item per activity, each once, in the order they were completed', async () => {
		const wf = workflow(on('activityCompleted'));
		await wf.poll('activate');
		const activities = env.sb.journey(JOHNS_JOURNEY)!.Activities;
		env.sb.completeActivity(JOHNS_JOURNEY, activities[2].Id, new Date(Date.now() - 60_000).toISOString());
		env.sb.completeActivity(JOHNS_JOURNEY, activities[1].Id);
		const first = await wf.poll();
		expect(first.items.map((i) => (i.json.activity as { Id: string }).Id)).toEqual([
			activities[2].Id,
			activities[1].Id,
		]);
		expect(first.items.map((i) => i.json.eventId)).toEqual([
			`${JOHNS_JOURNEY}-activity-${activities[2].Id}`,
			`${JOHNS_JOURNEY}-activity-${activities[1].Id}`,
		]);
		expect(first.items[0].json).toMatchObject({ event: 'activityCompleted', Id: JOHNS_JOURNEY });
		// The first activity was done before activation: never emitted.
		expect((await wf.poll()).emitted).toBe(false);
	});

	test('Journey Started: each new journey once, including two created in the same millisecond', async () => {
		const wf = workflow(on('journeyStarted'));
		await wf.poll('activate');
		const at = new Date().toISOString();
		const a = newJourney({ createdDate: at });
		const first = await wf.poll();
		expect(ids(first.items)).toEqual([a.Id]);
		const b = newJourney({ createdDate: at });
		const second = await wf.poll();
		expect(ids(second.items)).toEqual([b.Id]);
		expect(second.items[0].json).toMatchObject({ event: 'journeyStarted', eventId: `${b.Id}-started`, eventDate: at });
		expect((await wf.poll()).emitted).toBe(false);
	});

	test('a journey started and completed between two polls gives each event once', async () => {
		const started = workflow(on('journeyStarted'));
		const completed = workflow(on('journeyCompleted'));
		const activity = workflow(on('activityCompleted'));
		for (const wf of [started, completed, activity]) await wf.poll('activate');
		const j = newJourney();
		env.sb.completeJourney(j.Id);
		expect(ids((await started.poll()).items)).toEqual([j.Id]);
		expect(ids((await completed.poll()).items)).toEqual([j.Id]);
		expect((await activity.poll()).items).toHaveLength(j.Activities.length);
		for (const wf of [started, completed, activity]) expect((await wf.poll()).emitted).toBe(false);
	});

	test('Journey Stalled: once per stall after N days without progress, re-armed by progress', async () => {
		const j = newJourney();
		const wf = workflow(on('journeyStalled', { stalledDays: 3 }));
		// John's seeded journey has had no progress since 2024: stalled before activation, never emitted.
		await wf.poll('activate');
		env.sb.ageJourney(j.Id, 2 * DAY_MS);
		expect((await wf.poll()).emitted).toBe(false);
		env.sb.ageJourney(j.Id, 1 * DAY_MS + 60_000);
		const stalled = await wf.poll();
		expect(ids(stalled.items)).toEqual([j.Id]);
		expect(stalled.items[0].json).toMatchObject({ event: 'journeyStalled', stalledDays: 3 });
		expect((await wf.poll()).emitted).toBe(false);
		env.sb.completeActivity(j.Id, 0);
		expect((await wf.poll()).emitted).toBe(false);
		env.sb.ageJourney(j.Id, 3 * DAY_MS + 60_000);
		const again = await wf.poll();
		expect(ids(again.items)).toEqual([j.Id]);
		expect(again.items[0].json.eventId).not.toBe(stalled.items[0].json.eventId);
		expect((await wf.poll()).emitted).toBe(false);
	});

	test('Fetch Test Event returns the newest matching event and leaves the state untouched', async () => {
		const wf = workflow(on('journeyCompleted'));
		await wf.poll('activate');
		const saved = wf.saved;
		const memory = wf.memoryState();
		// Before anything happens: Ann's journey (seeded, completed in 2024) is the newest completion.
		const sample = await wf.manual();
		expect(sample.error).toBeUndefined();
		expect(ids(sample.items)).toEqual([ANNS_JOURNEY]);
		env.sb.completeJourney(JOHNS_JOURNEY);
		const newer = await wf.manual();
		expect(ids(newer.items)).toEqual([JOHNS_JOURNEY]);
		expect(newer.run.data.resultData.runData['Kohomai Trigger'][0].executionStatus).toBe('success');
		expect(wf.saved).toBe(saved);
		expect(wf.memoryState()).toEqual(memory);
		// The sample consumed nothing: the scheduled poll still emits the completion, once.
		expect(ids((await wf.poll()).items)).toEqual([JOHNS_JOURNEY]);
		expect((await wf.poll()).emitted).toBe(false);
	});

	test('Fetch Test Event with nothing to show says what it looked for', async () => {
		const wf = workflow(on('journeyCompleted', { workflow: { __rl: true, mode: 'id', value: EMPLOYEE_ONBOARDING } }));
		const result = await wf.manual();
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toContain('No Journey Completed event to show');
		expect(result.error?.message).toContain(EMPLOYEE_ONBOARDING);
		expect(wf.saved).toBe('{}');
	});

	test('restart: the saved state carries over; nothing is emitted again, nothing is missed', async () => {
		const wf = workflow(on('journeyCompleted'));
		const other = newJourney();
		await wf.poll('activate');
		wf.restart();
		env.sb.completeJourney(JOHNS_JOURNEY);
		// n8n runs a poll when it starts (activation mode "init"): not a new baseline.
		expect(ids((await wf.poll('init')).items)).toEqual([JOHNS_JOURNEY]);
		wf.restart();
		expect((await wf.poll('init')).emitted).toBe(false);
		// A change of leader re-adds the poller the same way.
		wf.restart();
		expect((await wf.poll('leadershipChange')).emitted).toBe(false);
		env.sb.completeJourney(other.Id);
		wf.restart();
		expect(ids((await wf.poll()).items)).toEqual([other.Id]);
		wf.restart();
		expect((await wf.poll()).emitted).toBe(false);
	});

	test('a renamed node or changed settings start from a new baseline instead of a flood', async () => {
		const wf = workflow(on('journeyCompleted'));
		await wf.poll('activate');
		env.sb.completeJourney(JOHNS_JOURNEY);
		wf.parameters = on('journeyCompleted', { workflow: { __rl: true, mode: 'id', value: EMPLOYEE_ONBOARDING } });
		wf.restart();
		expect((await wf.poll('update')).emitted).toBe(false);
		const j = newJourney();
		env.sb.completeJourney(j.Id);
		expect(ids((await wf.poll()).items)).toEqual([j.Id]);
	});

	test('the Workflow filter: only journeys of that workflow, compared as exact ids', async () => {
		const wf = workflow(on('journeyStarted', { workflow: { __rl: true, mode: 'list', value: EMPLOYEE_ONBOARDING } }));
		await wf.poll('activate');
		const mine = newJourney();
		newJourney({ WorkflowId: '4410293847561029384' });
		expect(ids((await wf.poll()).items)).toEqual([mine.Id]);
		const bad = workflow(on('journeyStarted', { workflow: { __rl: true, mode: 'id', value: 'Employee onboarding' } }));
		const refused = await bad.poll('activate');
		expect(refused.error?.message).toContain('"Workflow"');
		expect(refused.requests).toBe(0);
	});

	test('a poll that overlaps a slow one of the same node skips: the completion is emitted once', async () => {
		const wf = workflow(on('journeyCompleted'));
		await wf.poll('activate');
		env.sb.completeJourney(JOHNS_JOURNEY);
		env.sb.setLatency(300);
		try {
			const [a, b] = await Promise.all([wf.poll(), wf.poll()]);
			expect([...ids(a.items), ...ids(b.items)]).toEqual([JOHNS_JOURNEY]);
		} finally {
			env.sb.setLatency(0);
		}
		expect((await wf.poll()).emitted).toBe(false);
	});

	test('exact 19-digit ids: journey, person, activity and the state key keep every digit', async () => {
		const user = env.sb.addUser({
			Id: '9007199254740993123',
			Firstname: 'Big',
			Lastname: 'Id',
			Email: 'big@example.com',
		});
		const journeyId = '9223372036854775801';
		const wf = workflow(on('activityCompleted'));
		const j = env.sb.addJourney({ Id: journeyId, UserId: user.Id, WorkflowId: EMPLOYEE_ONBOARDING });
		await wf.poll('activate');
		expect(openIds(wf)).toContain(journeyId);
		env.sb.completeActivity(journeyId, 0);
		const out = await wf.poll();
		expect(out.items).toHaveLength(1);
		const { json } = out.items[0];
		expect(json.Id).toBe(journeyId);
		expect((json.User as { Id: string }).Id).toBe('9007199254740993123');
		expect((json.activity as { Id: string }).Id).toBe(j.Activities[0].Id);
		expect(json.eventId).toBe(`${journeyId}-activity-${j.Activities[0].Id}`);
		expect(JSON.stringify(out.items)).not.toMatch(/e\+\d/);
	});
});

describe('Kohomai Trigger: API errors fail the poll and never advance the state', () => {
	const env = useTriggerSandbox();
	const workflow = (parameters: Record<string, unknown>) => new TriggerWorkflow(env.sb, env.credentials, parameters);

	test('a 429 during a poll is waited out as Kohomai asks; the event is emitted once', async () => {
		const wf = workflow(on('journeyCompleted'));
		await wf.poll('activate');
		env.sb.completeJourney(JOHNS_JOURNEY);
		env.sb.fault({ kind: '429', method: 'GET', path: '/journeys' });
		const out = await wf.poll();
		expect(out.error).toBeUndefined();
		expect(ids(out.items)).toEqual([JOHNS_JOURNEY]);
		expect(env.sb.log.filter((r) => r.status === 429)).toHaveLength(1);
		expect((await wf.poll()).emitted).toBe(false);
	});

	test.each([
		['a 500 that does not go away', 'status:500'],
		['a 401 (key revoked)', 'status:401'],
		['an HTML page instead of JSON', 'html-200'],
		['429 after every retry', '429'],
	])(
		'%s: the poll throws a NodeApiError, nothing is saved, the next good poll emits once',
		async (_label, kind) => {
			// A 429 that never ends fails the poll once Max Wait When Rate Limited (here 3 s) runs out.
			const wf = workflow(on('journeyCompleted', { options: { maxRateLimitWait: 0.05 } }));
			await wf.poll('activate');
			const saved = wf.saved;
			const memory = wf.memoryState();
			env.sb.completeJourney(JOHNS_JOURNEY);
			env.sb.fault({ kind: kind as never, times: Infinity, path: '/journeys' });
			const failed = await wf.poll();
			expect(failed.error?.constructor.name).toBe('NodeApiError');
			expect(failed.error?.message).not.toContain(env.credentials.apiKey);
			expect(failed.emitted).toBe(false);
			expect(wf.saved).toBe(saved);
			expect(wf.memoryState()).toEqual(memory);
			env.sb.clearFaults();
			expect(ids((await wf.poll()).items)).toEqual([JOHNS_JOURNEY]);
			expect((await wf.poll()).emitted).toBe(false);
		},
		120_000,
	);

	test('a failure on a single-journey read after the list was read: nothing advances, nothing is lost', async () => {
		env.sb.setJourneyListDetail('status');
		const wf = workflow(on('activityCompleted'));
		await wf.poll('activate');
		await wf.poll(); // learns the activities of the watched journeys
		const memory = wf.memoryState();
		const activities = env.sb.journey(JOHNS_JOURNEY)!.Activities;
		env.sb.completeActivity(JOHNS_JOURNEY, 1);
		env.sb.fault({ kind: 'status:503', times: Infinity, path: `/journeys/${JOHNS_JOURNEY}` });
		const failed = await wf.poll();
		expect(failed.error?.constructor.name).toBe('NodeApiError');
		expect(wf.memoryState()).toEqual(memory);
		env.sb.clearFaults();
		const out = await wf.poll();
		expect(out.items.map((i) => (i.json.activity as { Id: string }).Id)).toEqual([activities[1].Id]);
	});
});

describe('Kohomai Trigger: cost and size', () => {
	const env = useTriggerSandbox();
	const workflow = (parameters: Record<string, unknown>) => new TriggerWorkflow(env.sb, env.credentials, parameters);

	/** `total` journeys of which `open` still open, all created a week ago. */
	function population(total: number, open: number): string[] {
		const createdDate = new Date(Date.now() - 7 * DAY_MS).toISOString();
		const openIds: string[] = [];
		for (let i = 0; i < total; i++) {
			const isOpen = i < open;
			const j = env.sb.addJourney({
				UserId: JOHN,
				WorkflowId: EMPLOYEE_ONBOARDING,
				createdDate,
				Activities: [
					{ Name: 'Sign the contract', Status: 'Done' },
					{ Name: 'Meet your buddy', Status: isOpen ? 'Todo' : 'Done' },
				],
			});
			if (isOpen) openIds.push(j.Id);
		}
		return openIds;
	}

	test('10,000 journeys of which 500 open: the state holds the open ones only and stays small', async () => {
		const open = population(10_000, 500);
		const wf = workflow(on('journeyCompleted'));
		const first = await wf.poll('activate');
		expect(first.emitted).toBe(false);
		const pages = Math.ceil(env.sb.state.journeys.length / 100);
		expect(first.requests).toBe(pages);
		expect(openIds(wf)).toEqual([...open, JOHNS_JOURNEY].sort());
		const size = JSON.stringify(wf.savedState()).length;
		// About 80 bytes per open journey (its id, the done activity's id, a time), nothing for the 9,500 finished.
		expect(size).toBeLessThan(501 * 100);
		for (const id of open.slice(0, 20)) env.sb.completeJourney(id);
		const next = await wf.poll();
		expect(ids(next.items).sort()).toEqual(open.slice(0, 20).sort());
		expect(next.requests).toBe(pages);
		expect(openIds(wf)).toHaveLength(481);
		expect((await wf.poll()).emitted).toBe(false);
	}, 120_000);

	test(`requests per poll: the list once, and at most ${DETAILS_PER_POLL} single journeys only when the list lacks statuses; round-robin loses nothing`, async () => {
		const open = population(200, 120);
		const listPages = Math.ceil(env.sb.state.journeys.length / 100);
		// Full rows: statuses and activities come with the list.
		const full = workflow(on('activityCompleted'));
		await full.poll('activate');
		env.sb.completeActivity(open[7], 1);
		const cheap = await full.poll();
		expect(cheap.requests).toBe(listPages);
		expect(cheap.items).toHaveLength(1);

		// Rows with a status but no activities: the open journeys are read one by one, at most DETAILS_PER_POLL a poll.
		env.sb.setJourneyListDetail('status');
		const wf = workflow(on('activityCompleted'));
		await wf.poll('activate');
		const watched = openIds(wf).length;
		const polls = Math.ceil(watched / DETAILS_PER_POLL);
		const fetched = new Set<string>();
		for (let i = 0; i < polls; i++) {
			const before = env.sb.log.length;
			const out = await wf.poll();
			expect(out.error).toBeUndefined();
			expect(out.emitted).toBe(false); // learning the activities emits nothing
			const details = env.sb.log.slice(before).filter((r) => /\/journeys\/\d+$/.test(r.path));
			expect(out.requests).toBe(listPages + details.length);
			expect(details.length).toBeLessThanOrEqual(DETAILS_PER_POLL);
			for (const r of details) fetched.add(r.path.split('/').pop()!);
		}
		expect(fetched.size).toBe(watched);
		// One activity completed in each of three journeys: every one is emitted exactly once within a full round.
		const done = [open[0], open[60], open[119]];
		for (const id of done) env.sb.completeActivity(id, 1);
		const seen: string[] = [];
		for (let i = 0; i < polls + 1; i++) {
			const out = await wf.poll();
			expect(out.requests).toBeLessThanOrEqual(listPages + DETAILS_PER_POLL);
			seen.push(...(ids(out.items) as string[]));
		}
		expect(seen.sort()).toEqual([...done].sort());

		// Status-only rows and Journey Completed: the list's statuses suffice, no single reads.
		const completed = workflow(on('journeyCompleted'));
		await completed.poll('activate');
		env.sb.completeJourney(open[5]);
		const out = await completed.poll();
		expect(out.requests).toBe(listPages);
		expect(ids(out.items)).toEqual([open[5]]);
	}, 120_000);

	test('rows without statuses: the watch learns them without emitting, then reports completions once', async () => {
		env.sb.setJourneyListDetail('bare');
		const wf = workflow(on('journeyCompleted'));
		await wf.poll('activate');
		// Not knowing which are finished, it watches both seeded journeys until it has read them.
		expect(openIds(wf)).toEqual([JOHNS_JOURNEY, ANNS_JOURNEY].sort());
		expect((await wf.poll()).emitted).toBe(false);
		// n8n keeps a poll's state in memory when it emits nothing (and saves it with the next emit).
		expect(Object.keys((wf.memoryState() as { open: object }).open)).toEqual([JOHNS_JOURNEY]);
		env.sb.completeJourney(JOHNS_JOURNEY);
		expect(ids((await wf.poll()).items)).toEqual([JOHNS_JOURNEY]);
		expect((await wf.poll()).emitted).toBe(false);
	});
});
