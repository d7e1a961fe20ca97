import {
	AT_HWM_CAP,
	WATCH_CAP,
	baseline,
	chooseDetails,
	detect,
	isJourneyCompleted,
} from '../../nodes/Kohomai/mapping/events';

const activity = (Id: string, Status: string, completedDate: string | null = null) => ({ Id, Status, completedDate });

describe('the completion rule (mapping/events.ts)', () => {
	test.each([
		[
			'every activity done, status still InProgress',
			{ Status: 'InProgress', Activities: [activity('1', 'Done')] },
			true,
		],
		['the status says so, an activity still to do', { Status: 'Completed', Activities: [activity('1', 'Todo')] }, true],
		['status in another case and spelling', { status: 'completed' }, true],
		['one activity to do', { Status: 'InProgress', Activities: [activity('1', 'Done'), activity('2', 'Todo')] }, false],
		['no activities yet, status open', { Status: 'InProgress', Activities: [] }, false],
		['neither status nor activities: unknown', {}, undefined],
		[
			'activities without status words count by completion date',
			{ Activities: [activity('1', '', '2024-01-01')] },
			true,
		],
	])('%s', (_label, record, expected) => {
		expect(isJourneyCompleted({ Id: '1', ...record })).toBe(expected);
	});
});

describe('bounds of the state', () => {
	const row = (id: string, createdDate: string, open = true) => ({
		Id: id,
		Status: open ? 'InProgress' : 'Completed',
		createdDate,
		Activities: [activity(`${id}1`, open ? 'Todo' : 'Done')],
	});

	test(`at most ${WATCH_CAP} journeys watched: those with the latest progress stay`, () => {
		const rows = Array.from({ length: WATCH_CAP + 10 }, (_, i) =>
			row(String(10_000_000 + i), new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()),
		);
		const state = baseline(rows, 's', Date.UTC(2024, 6, 1), 0);
		const watched = Object.keys(state.open);
		expect(watched).toHaveLength(WATCH_CAP);
		expect(watched).not.toContain('10000000');
		expect(watched).toContain(String(10_000_000 + WATCH_CAP + 9));
	});

	test(`thousands of finished journeys created in one millisecond: a flag instead of ${AT_HWM_CAP}+ ids, and none is "new" later`, () => {
		const at = '2024-01-01T00:00:00.000Z';
		const rows = Array.from({ length: AT_HWM_CAP * 3 }, (_, i) => row(String(20_000_000 + i), at, false));
		const state = baseline(rows, 's', Date.UTC(2024, 6, 1), 0);
		expect(state.full).toBe(1);
		expect(state.atHwm).toEqual([]);
		const { events } = detect(state, rows, new Map(), { now: Date.UTC(2024, 6, 1), stalledDays: 0 });
		expect(events).toEqual([]);
		const later = row('30000000', '2024-01-01T00:00:00.001Z');
		expect(detect(state, [...rows, later], new Map(), { now: Date.UTC(2024, 6, 1), stalledDays: 0 }).events).toEqual([
			expect.objectContaining({ kind: 'journeyStarted', journeyId: '30000000' }),
		]);
	});

	test('round-robin: every candidate is chosen within ceil(n / perPoll) polls, finished ones first', () => {
		const rows = Array.from({ length: 23 }, (_, i) => ({ Id: String(100 + i), Status: 'InProgress' }));
		let state = baseline(rows, 's', 0, 0);
		const seen = new Set<string>();
		for (let poll = 0; poll < 3; poll++) {
			const { ids, next } = chooseDetails(state, rows, true, 10);
			expect(ids.length).toBeLessThanOrEqual(10);
			ids.forEach((id) => seen.add(id));
			state = { ...state, next };
		}
		expect(seen.size).toBe(23);
		const finishing = rows.map((r, i) => (i === 20 ? { ...r, Status: 'Completed' } : r));
		expect(chooseDetails(state, finishing, true, 10).ids[0]).toBe('120');
	});
});
