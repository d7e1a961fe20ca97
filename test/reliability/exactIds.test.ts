/**
 * Generated ids, most above 2^53 where JSON.parse would round
 * them, go from the sandbox through User: Search, an expression and Session:
 * Create (or into journey data key ids) and must arrive digit for digit.
 */
import fc from 'fast-check';

import { parseJsonLossless } from '../../nodes/Kohomai/mapping/json';
import { apiLog, engine, startSandbox } from './harness';
import { createdJourneys, SEED_REF } from '../fixtures';

const PER_RUN = 100;
const RUNS = 3;

/** 16-19 digit ids (mostly unsafe as doubles) and small safe ones. */
const idArb = fc.oneof(
	{
		weight: 4,
		arbitrary: fc
			.integer({ min: 16, max: 19 })
			.chain((n) => fc.bigInt({ min: 10n ** BigInt(n - 1), max: 10n ** BigInt(n) - 1n }))
			.map(String),
	},
	{ weight: 1, arbitrary: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }).map(String) },
);
const idsArb = fc.uniqueArray(idArb, { minLength: PER_RUN, maxLength: PER_RUN });

const digitsIn = (raw: string | null, key: 'User' | 'DataKey') =>
	new RegExp(`"${key}":\\{"Id":(\\d+)\\}`).exec(raw ?? '')?.[1];

test(`User: Search -> {{ $json.Id }} -> Session: Create keeps every digit (${RUNS * PER_RUN} generated ids)`, async () => {
	await fc.assert(
		fc.asyncProperty(idsArb, async (ids) => {
			const { sb, baseUrl } = await startSandbox();
			try {
				ids.forEach((Id, k) =>
					sb.addUser({ Id, Firstname: 'Exact', Lastname: `N${k}`, Email: `exact${k}@ids.example.com` }),
				);
				const r = await engine.run({
					nodes: [
						{
							name: 'Search',
							parameters: {
								resource: 'user',
								operation: 'search',
								filters: { email: '={{ $json.email }}' },
								limit: 1,
								options: { concurrency: 20 },
							},
						},
						{
							name: 'Session',
							parameters: {
								resource: 'session',
								operation: 'create',
								user: { __rl: true, mode: 'id', value: '={{ $json.Id }}' },
								options: { concurrency: 20 },
							},
						},
					],
					items: ids.map((_, k) => ({ email: `exact${k}@ids.example.com` })),
					credentials: { apiKey: sb.keys.workspace, baseUrl },
				});
				expect(r.error('Search')).toBeUndefined();
				expect(r.error('Session')).toBeUndefined();
				// Search outputs the ids as strings with every digit, in input order.
				expect(r.output('Search').map((o: any) => o.json.Id)).toEqual(ids);
				// The raw request bodies carry the same digits as JSON numbers.
				const sent = apiLog(sb)
					.filter((l) => l.path.endsWith('/sessions'))
					.map((l) => digitsIn(l.body, 'User'));
				expect([...sent].sort()).toEqual([...ids].sort());
				expect(sb.state.sessions.map((s) => s.UserId).sort()).toEqual([...ids].sort());
				expect(r.output('Session').map((o: any) => o.json.User.Id)).toEqual(ids);
			} finally {
				await sb.stop();
			}
		}),
		{ numRuns: RUNS },
	);
});

test(`Journey: Create sends generated data key ids digit for digit (${RUNS * PER_RUN} ids)`, async () => {
	await fc.assert(
		fc.asyncProperty(idsArb, async (ids) => {
			const { sb, baseUrl } = await startSandbox();
			try {
				ids.forEach((Id, k) => sb.addDataKey({ Id, Name: `Generated key ${k}` }));
				const r = await engine.run({
					nodes: [
						{
							continueOnFail: true,
							parameters: {
								resource: 'journey',
								operation: 'create',
								startingPointRef: SEED_REF,
								firstName: 'Exact',
								lastName: 'Ids',
								email: '={{ $json.email }}',
								journeyData: { values: [{ dataKeyId: '={{ $json.keyId }}', value: 'v' }] },
								options: { concurrency: 20 },
							},
						},
					],
					// Small ids also travel as JSON numbers from the item, as an upstream node may hand them over.
					items: ids.map((keyId, k) => ({
						email: `key${k}@ids.example.com`,
						keyId: Number.isSafeInteger(Number(keyId)) && k % 2 ? Number(keyId) : keyId,
					})),
					credentials: { apiKey: sb.keys.workspace, baseUrl },
				});
				expect((r.output() as any[]).filter((o) => o.json.error)).toEqual([]);
				const sent = apiLog(sb)
					.filter((l) => l.path.endsWith('/journeys'))
					.map((l) => digitsIn(l.body, 'DataKey'));
				expect([...sent].sort()).toEqual([...ids].sort());
				expect(
					createdJourneys(sb)
						.map((j) => j.JourneyData[0].DataKey.Id)
						.sort(),
				).toEqual([...ids].sort());
			} finally {
				await sb.stop();
			}
		}),
		{ numRuns: RUNS },
	);
});

/** Integers a double cannot hold, as JSON.stringify writes them (digits, no exponent). */
function hasBigInteger(v: unknown): boolean {
	if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v) && Math.abs(v) < 1e21;
	if (Array.isArray(v)) return v.some(hasBigInteger);
	if (v !== null && typeof v === 'object') return Object.values(v).some(hasBigInteger);
	return false;
}

test('the lossless parser agrees with JSON.parse on every generated document without big numbers', () => {
	const docs = fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'binary' }));
	fc.assert(
		fc.property(docs, fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
			fc.pre(!hasBigInteger(value));
			const text = JSON.stringify(value, null, indent);
			expect(parseJsonLossless(text)).toStrictEqual(JSON.parse(text));
		}),
		{ numRuns: 3000 },
	);
	// fc.json() writes its own texts, strings with digits and escapes included.
	fc.assert(
		fc.property(fc.json(), (text) => {
			fc.pre(!hasBigInteger(JSON.parse(text)));
			expect(parseJsonLossless(text)).toStrictEqual(JSON.parse(text));
		}),
		{ numRuns: 3000 },
	);
});

test('the lossless parser keeps every digit of big integers wherever they sit, and leaves strings alone', () => {
	const big = fc.bigInt({ min: 2n ** 53n, max: 10n ** 19n }).map(String);
	fc.assert(
		fc.property(big, fc.string(), (digits, s) => {
			const text = `{"Id":${digits},"list":[-${digits},${digits}],"s":${JSON.stringify(s + digits)},"n":{"UserId":${digits}}}`;
			expect(parseJsonLossless(text)).toEqual({
				Id: digits,
				list: [`-${digits}`, digits],
				s: s + digits,
				n: { UserId: digits },
			});
		}),
		{ numRuns: 1000 },
	);
});
