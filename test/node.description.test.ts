import { Kohomai } from '../nodes/Kohomai/Kohomai.node';
import { RESOURCES } from '../nodes/Kohomai/actions/node.type';

/**
 * The resource map is the one registration: the dropdowns and every
 * operation's parameters come from it, so they cannot disagree.
 */
const node = new Kohomai().description;

describe('node description from the resource map', () => {
	test('each resource offers exactly the operations its index exports, with n8n names', () => {
		const offered = Object.fromEntries(
			node.properties
				.filter((p) => p.name === 'operation')
				.map((p) => [
					p.displayOptions!.show!.resource![0],
					(p.options as Array<{ name: string; value: string }>).map((o) => `${o.value}:${o.name}`),
				]),
		);
		expect(offered).toEqual({
			journey: ['create:Create', 'get:Get', 'getAll:Get Many'],
			session: ['create:Create'],
			user: ['search:Search'],
			workflow: ['getAll:Get Many'],
		});
		for (const [resource, operations] of Object.entries(RESOURCES)) {
			expect(offered[resource].map((o: string) => o.split(':')[0]).sort()).toEqual(Object.keys(operations).sort());
		}
	});

	test("every operation's parameters show only for that resource and operation", () => {
		for (const [resource, operations] of Object.entries(RESOURCES)) {
			for (const [operation, op] of Object.entries(operations)) {
				for (const p of op.description) {
					expect(p.displayOptions?.show?.resource).toEqual([resource]);
					expect(p.displayOptions?.show?.operation).toEqual([operation]);
				}
			}
		}
	});

	test('Journey: Create names its new parameters as the API does', () => {
		const create = RESOURCES.journey.create.description;
		const byName = (name: string) => create.filter((p) => p.name === name);
		expect(byName('startingPointRef')[0]).toMatchObject({
			displayName: 'API Starting Point Reference',
			required: true,
			type: 'string',
		});
		expect(byName('startingPointRef')[0].description).toMatch(
			/open the workflow \(funnel\) and click its API starting point/,
		);
		expect(byName('bodyFormat')[0]).toMatchObject({
			default: 'nested',
			options: [
				{ value: 'nested', name: 'Nested (Vendor Page)' },
				{ value: 'flat', name: 'Flat' },
			],
		});
		expect(byName('phoneNumber')[0].displayOptions?.show?.bodyFormat).toEqual(['flat']);
		expect(byName('firstName').map((p) => [p.displayOptions?.show?.bodyFormat, p.required])).toEqual([
			[['nested'], true],
			[['flat'], false],
		]);
		expect(byName('redirectUrl')[0].description).toContain('{{ $execution.resumeUrl }}');
		const values = (
			byName('journeyData')[0].options as Array<{ values: Array<{ name: string; displayName: string }> }>
		)[0].values;
		expect(values.map((v) => v.name)).toEqual(['dataPoint', 'dataKeyId', 'value']);
		expect(values[0].displayName).toBe('Data Point');
	});

	test('Session: Create offers a journey locator beside the end user one', () => {
		const create = RESOURCES.session.create.description;
		expect(create.find((p) => p.name === 'sessionFor')).toMatchObject({ default: 'user' });
		const journey = create.find((p) => p.name === 'journey')!;
		expect(journey.displayOptions?.show?.sessionFor).toEqual(['journey']);
		expect(journey.modes!.map((m) => m.name)).toEqual(['list', 'id', 'url']);
		expect(journey.modes![0].typeOptions?.searchListMethod).toBe('searchJourneys');
		expect(Object.keys(new Kohomai().methods.listSearch)).toEqual(
			expect.arrayContaining(['searchUsers', 'searchJourneys']),
		);
	});
});
