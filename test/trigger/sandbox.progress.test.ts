import { useTriggerSandbox, JOHNS_JOURNEY, DAY_MS } from './harness';

async function getJson(url: string, key: string) {
	const res = await fetch(url, { headers: { Authorization: `Bearer ${key}` } });
	return (await res.json()) as Record<string, unknown>;
}

describe('sandbox: journeys progress for tests', () => {
	const env = useTriggerSandbox();

	test('completeActivity marks one activity done; the journey completes with the last', async () => {
		const before = env.sb.journey(JOHNS_JOURNEY)!;
		expect(before.Status).toBe('InProgress');
		env.sb.completeActivity(JOHNS_JOURNEY, before.Activities[1].Id, '2026-01-02T03:04:05.000Z');
		let j = env.sb.journey(JOHNS_JOURNEY)!;
		expect(j.Activities.map((a) => a.Status)).toEqual(['Done', 'Done', 'Todo']);
		expect(j.Activities[1].completedDate).toBe('2026-01-02T03:04:05.000Z');
		expect(j.Status).toBe('InProgress');
		env.sb.completeActivity(JOHNS_JOURNEY, 2);
		j = env.sb.journey(JOHNS_JOURNEY)!;
		expect(j.Status).toBe('Completed');
		const read = await getJson(`${env.credentials.baseUrl}/journeys/${JOHNS_JOURNEY}`, env.credentials.apiKey);
		expect(read.Status).toBe('Completed');
		expect(() => env.sb.completeActivity(JOHNS_JOURNEY, 7)).toThrow('has no activity');
		expect(() => env.sb.completeActivity('1', 0)).toThrow('no journey');
	});

	test('ageJourney moves every timestamp of the journey back', () => {
		const j = env.sb.journey(JOHNS_JOURNEY)!;
		const created = Date.parse(j.createdDate);
		const done = Date.parse(j.Activities[0].completedDate!);
		env.sb.ageJourney(JOHNS_JOURNEY, 3 * DAY_MS);
		expect(Date.parse(j.createdDate)).toBe(created - 3 * DAY_MS);
		expect(Date.parse(j.Activities[0].completedDate!)).toBe(done - 3 * DAY_MS);
		expect(j.Activities[1].completedDate).toBeNull();
	});

	test.each([
		['full', ['Status', 'Activities']],
		['status', ['Status']],
		['bare', []],
	] as const)('journeyListDetail %s: list rows carry %j; the single read carries both', async (detail, carried) => {
		env.sb.setJourneyListDetail(detail);
		const list = (await getJson(`${env.credentials.baseUrl}/journeys`, env.credentials.apiKey)).data as Array<
			Record<string, unknown>
		>;
		for (const row of list) {
			expect('Status' in row).toBe(carried.includes('Status' as never));
			expect('Activities' in row).toBe(carried.includes('Activities' as never));
		}
		const one = await getJson(`${env.credentials.baseUrl}/journeys/${JOHNS_JOURNEY}`, env.credentials.apiKey);
		expect(Object.keys(one)).toEqual(expect.arrayContaining(['Status', 'Activities']));
	});

	test('reset returns the list detail to the option', async () => {
		env.sb.setJourneyListDetail('bare');
		env.sb.reset();
		const list = (await getJson(`${env.credentials.baseUrl}/journeys`, env.credentials.apiKey)).data as Array<
			Record<string, unknown>
		>;
		expect(list.every((row) => 'Activities' in row && 'Status' in row)).toBe(true);
		expect(() => env.sb.setJourneyListDetail('nope' as never)).toThrow("'full', 'status' or 'bare'");
	});
});
