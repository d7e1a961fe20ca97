/**
 * Generated bad inputs. Every parameter of every operation is
 * fed through an expression from the item (`{{ $json.field }}`), so strings,
 * numbers, objects, arrays, NaN and BigInt reach the node as n8n delivers them.
 * Many cases share one engine run, one item per case, with continue-on-fail:
 * each item yields either a validation error naming the field and the item,
 * with nothing sent for it, or exactly the request the value calls for.
 */
import fc from 'fast-check';

import { parseJsonLossless } from '../../nodes/Kohomai/mapping/json';
import type { OpName, Sb } from './harness';
import { apiLog, engine, PATH, startSandbox } from './harness';
import { SEED_REF } from '../fixtures';
import type { Gen } from './inputs';
import { dataValueField, emailField, fromItem, idField, limitField, textField, urlField, userUrlField } from './inputs';

const BATCH = 250;
const RUNS = 4; // 4 x 250 = 1000 cases per operation
const DATA_KEY = '90071992547409935';

interface Field {
	name: string;
	label: string;
	arb: fc.Arbitrary<Gen>;
	/** Valid value used when another field is under test; `i` makes requests traceable to items. */
	fallback: (i: number) => unknown;
}
interface Scenario {
	title: string;
	op: OpName;
	fields: Field[];
	parameters: Record<string, unknown>;
	/** Which item a request belongs to (undefined: compare as a multiset). */
	itemOf?: (body: any, query: Record<string, unknown>) => number | undefined;
	/** What must be sent for item i, given every field's value to send. */
	expected: (sent: Record<string, unknown>) => unknown;
	/** What was sent, in the same shape. */
	actual: (body: any, query: Record<string, unknown>, raw: string) => unknown;
}

/** Fallback values carry `zq<item>q`, which no generator produces. */
const tag = (i: number) => `zq${i}q`;
const tagOf = (s: unknown) => {
	const m = typeof s === 'string' ? /^zq(\d+)q/.exec(s) : null;
	return m ? Number(m[1]) : undefined;
};
const idDigits = (raw: string, key: string) => new RegExp(`"${key}":\\{"Id":(\\d+)\\}`).exec(raw)?.[1];

const journey: Scenario = {
	title: 'Journey: Create',
	op: 'journey.create',
	fields: [
		{ name: 'firstName', label: 'First Name', arb: textField(255, true), fallback: () => 'Ada' },
		{ name: 'lastName', label: 'Last Name', arb: textField(255, true), fallback: (i) => tag(i) },
		{ name: 'email', label: 'Email', arb: emailField(true), fallback: (i) => `${tag(i)}@corr.example.com` },
		{ name: 'redirectUrl', label: 'Redirect URL', arb: urlField, fallback: () => '' },
		{ name: 'dataKeyId', label: 'Journey Data 1: Data Point', arb: idField, fallback: () => DATA_KEY },
		{ name: 'dataValue', label: 'Journey Data 1: Value', arb: dataValueField, fallback: () => 'x' },
	],
	parameters: {
		resource: 'journey',
		operation: 'create',
		startingPointRef: SEED_REF,
		firstName: fromItem('firstName'),
		lastName: fromItem('lastName'),
		email: fromItem('email'),
		redirectUrl: fromItem('redirectUrl'),
		journeyData: { values: [{ dataPoint: fromItem('dataKeyId'), value: fromItem('dataValue') }] },
	},
	itemOf: (b) => tagOf(b?.Journey?.User?.ContactPrefs?.Email) ?? tagOf(b?.Journey?.User?.Lastname),
	expected: (s) => ({
		RedirectURL: s.redirectUrl,
		Firstname: s.firstName,
		Lastname: s.lastName,
		Email: s.email,
		StringValue: s.dataValue,
		DataKeyId: s.dataKeyId,
	}),
	actual: (b, _q, raw) => ({
		RedirectURL: b.RedirectURL,
		Firstname: b.Journey?.User?.Firstname,
		Lastname: b.Journey?.User?.Lastname,
		Email: b.Journey?.User?.ContactPrefs?.Email,
		StringValue: b.Journey?.JourneyData?.[0]?.StringValue,
		// The raw digits: a JSON number with every digit, never a string or a rounded double.
		DataKeyId: idDigits(raw, 'DataKey'),
	}),
};

const sessionParameters = (mode: string, key: string) => ({
	resource: 'session',
	operation: 'create',
	user: { __rl: true, mode, value: fromItem(key) },
	redirectUrl: fromItem('redirectUrl'),
});
const sessionFields = {
	expected: (s: Record<string, unknown>) => ({ Id: s.userId ?? urlId(s.userUrl), RedirectURL: s.redirectUrl }),
	actual: (b: any, _q: unknown, raw: string) => ({ Id: idDigits(raw, 'User'), RedirectURL: b.RedirectURL }),
	itemOf: (b: any, _q: unknown) => {
		const m = /\/zq(\d+)q$/.exec(String(b?.RedirectURL ?? ''));
		return m ? Number(m[1]) : undefined;
	},
};
const redirectFallback = (i: number) => `https://corr.example.com/${tag(i)}`;

const sessionById: Scenario = {
	title: 'Session: Create (By ID)',
	op: 'session.create',
	fields: [
		{ name: 'userId', label: 'End User', arb: idField, fallback: (i) => String(1_000_000 + i) },
		{ name: 'redirectUrl', label: 'Redirect URL', arb: urlField, fallback: redirectFallback },
	],
	parameters: sessionParameters('id', 'userId'),
	...sessionFields,
	// Without the redirect tag, the id tells the item.
	itemOf: (b, q) => sessionFields.itemOf(b, q) ?? idItem(b),
};
const sessionByUrl: Scenario = {
	title: 'Session: Create (By URL)',
	op: 'session.create',
	fields: [
		{
			name: 'userUrl',
			label: 'End User',
			arb: userUrlField,
			fallback: (i) => `https://app.kohomai.com/p/settings/users/${1_000_000 + i}`,
		},
		{ name: 'redirectUrl', label: 'Redirect URL', arb: urlField, fallback: redirectFallback },
	],
	parameters: sessionParameters('url', 'userUrl'),
	...sessionFields,
	itemOf: (b, q) => sessionFields.itemOf(b, q) ?? idItem(b),
};
function urlId(url: unknown): unknown {
	return typeof url === 'string' && url.includes('/') ? /users\/(\d+)/.exec(url)?.[1] : url;
}
function idItem(b: any): number | undefined {
	const id = Number(b?.User?.Id);
	return id >= 1_000_000 && id < 1_100_000 ? id - 1_000_000 : undefined;
}

const userSearch: Scenario = {
	title: 'User: Search',
	op: 'user.search',
	fields: [
		{ name: 'email', label: 'Email', arb: emailField(false), fallback: () => '' },
		// Unpaired surrogates are covered by their own test below: a query string cannot carry them.
		{ name: 'firstName', label: 'First Name', arb: textField(255, false, true), fallback: (i) => tag(i) },
		{ name: 'lastName', label: 'Last Name', arb: textField(255, false, true), fallback: (i) => tag(i) },
		{ name: 'limit', label: 'Limit', arb: limitField, fallback: () => 10 },
	],
	parameters: {
		resource: 'user',
		operation: 'search',
		filters: { email: fromItem('email'), firstName: fromItem('firstName'), lastName: fromItem('lastName') },
		returnAll: false,
		limit: fromItem('limit'),
	},
	itemOf: (_b, q) => tagOf(q.firstname) ?? tagOf(q.lastname),
	expected: (s) => ({ email: s.email, firstname: s.firstName, lastname: s.lastName }),
	actual: (_b, q) => ({ email: q.email, firstname: q.firstname, lastname: q.lastname }),
};

const workflowGetAll: Scenario = {
	title: 'Workflow: Get many',
	op: 'workflow.getAll',
	fields: [{ name: 'limit', label: 'Limit', arb: limitField, fallback: () => 3 }],
	parameters: { resource: 'workflow', operation: 'getAll', returnAll: false, limit: fromItem('limit') },
	expected: (s) => String(Math.min(100, s.limit as number)),
	actual: (_b, q) => q.limit,
};

const SCENARIOS = [journey, sessionById, sessionByUrl, userSearch, workflowGetAll];

interface Case {
	field: string;
	gen: Gen;
}

function itemFor(s: Scenario, c: Case, i: number): Record<string, unknown> {
	const json: Record<string, unknown> = {};
	for (const f of s.fields) {
		const v = c.gen.huge ? 'x'.repeat(c.gen.huge) : c.gen.v;
		json[f.name] = f.name === c.field ? { v, s: c.gen.special } : { v: f.fallback(i) };
	}
	return json;
}

/** What each field must be sent as for case i (the fallbacks are valid by construction). */
function sentFor(s: Scenario, c: Case, i: number): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const f of s.fields) {
		if (f.name === c.field) out[f.name] = c.gen.sent;
		else {
			const v = f.fallback(i);
			out[f.name] = v === '' ? undefined : typeof v === 'number' ? v : String(v);
		}
	}
	return out;
}

/** Per scenario, how many cases were refused and how many sent: both kinds must be exercised. */
const tally: Record<string, { refused: number; sent: number }> = {};
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let sb: Sb;
let baseUrl: string;
beforeAll(async () => {
	process.on('unhandledRejection', onUnhandled);
	({ sb, baseUrl } = await startSandbox({ duplicateEmail: 'allow' }));
});
afterAll(async () => {
	process.off('unhandledRejection', onUnhandled);
	await sb.stop();
});

async function runBatch(s: Scenario, cases: Case[]): Promise<void> {
	const before = apiLog(sb).length;
	const r = await engine.run({
		nodes: [{ parameters: { ...s.parameters, options: { concurrency: 25 } }, continueOnFail: true }],
		items: cases.map((c, i) => itemFor(s, c, i)),
		credentials: { apiKey: sb.keys.workspace, baseUrl },
	});
	expect(r.error()).toBeUndefined();
	const requests = apiLog(sb)
		.slice(before)
		.filter((l) => l.path.endsWith(PATH[s.op]));
	const parsed = requests.map((l) => ({
		raw: l.body ?? '',
		body: l.body ? parseJsonLossless(l.body) : undefined,
		query: l.query,
	}));
	const outputs = r.output() as Array<{ json: Record<string, unknown>; pairedItem: { item: number } }>;
	const accepted: string[] = [];
	const mix = (tally[s.title] ??= { refused: 0, sent: 0 });
	cases.forEach((c, i) => {
		const label = s.fields.find((f) => f.name === c.field)!.label;
		const outs = outputs.filter((o) => o.pairedItem?.item === i);
		const mine = s.itemOf ? parsed.filter((p) => s.itemOf!(p.body, p.query) === i) : [];
		const refused = outs.find((o) => typeof o.json.error === 'string' && o.json.error.startsWith('"'));
		const context = {
			case: i,
			field: c.field,
			why: c.gen.why,
			value: shorten(c.gen.v ?? c.gen.special),
			outs: outs.map((o) => shorten(o.json)),
		};
		if (refused) {
			// A validation error: names the field and the item, says nothing was sent, and nothing was.
			expect({ ...context, error: refused.json.error }).toEqual({
				...context,
				error: expect.stringMatching(new RegExp(`^"${escape(label)}" in item ${i} \\S`)),
			});
			expect(String(refused.json.details ?? refused.json.description)).toMatch(/Nothing was sent/);
			expect({ ...context, outputs: outs.length, requests: mine.length }).toEqual({
				...context,
				outputs: 1,
				requests: 0,
			});
			expect({ ...context, verdict: c.gen.verdict }).not.toEqual({ ...context, verdict: 'accept' });
			mix.refused++;
			return;
		}
		mix.sent++;
		expect({ ...context, verdict: c.gen.verdict }).not.toEqual({ ...context, verdict: 'reject' });
		// Any other error item is Kohomai's answer to a request that was made.
		for (const o of outs)
			if (o.json.error !== undefined) expect(String(o.json.error)).toMatch(/^Kohomai returned \d{3}/);
		const want = s.expected(sentFor(s, c, i));
		if (!s.itemOf) {
			accepted.push(want as string);
			return;
		}
		expect({ ...context, requests: mine.length }).toEqual({
			...context,
			requests: s.op.endsWith('create') ? 1 : expect.any(Number),
		});
		expect(mine.length).toBeGreaterThanOrEqual(1);
		expect({ ...context, sent: s.actual(mine[0].body, mine[0].query, mine[0].raw) }).toEqual({
			...context,
			sent: want,
		});
	});
	if (!s.itemOf) {
		// Nothing per item to trace: the accepted items' requests, as a multiset.
		expect(parsed.map((p) => s.actual(p.body, p.query, p.raw)).sort()).toEqual(accepted.sort());
	}
}

/** Code units in hex, so a report shows what a broken string became. */
function codes(v: unknown): string {
	return [...String(v)].map((ch) => ch.codePointAt(0)!.toString(16)).join(' ');
}
function shorten(v: unknown): unknown {
	const text = JSON.stringify(v) ?? String(v);
	return text.length > 120 ? `${text.slice(0, 120)}…` : v;
}
function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe.each(SCENARIOS.map((s) => [s.title, s] as const))('%s: generated inputs', (_title, s) => {
	test(`${RUNS * BATCH} cases: a clear error before any request, or exactly the right request`, async () => {
		const caseArb = fc.oneof(...s.fields.map((f) => f.arb.map((gen): Case => ({ field: f.name, gen }))));
		await fc.assert(
			fc.asyncProperty(
				fc.array(caseArb, { minLength: BATCH, maxLength: BATCH }),
				async (cases) => await runBatch(s, cases),
			),
			{ numRuns: RUNS, endOnFailure: true },
		);
		expect(unhandled).toEqual([]);
		const { refused, sent } = tally[s.title];
		expect(refused + sent).toBeGreaterThanOrEqual(RUNS * BATCH);
		expect(Math.min(refused, sent)).toBeGreaterThan((RUNS * BATCH) / 10);
	}, 120_000);
});

/**
 * A string with an unpaired UTF-16 surrogate (a broken emoji from an upstream
 * step) cannot be put in a URL as it is. The node must refuse it, or send
 * it so that the API receives the same characters; it must not silently
 * search for a different name.
 */
test('User: Search: a filter with an unpaired surrogate is refused, or sent unchanged', async () => {
	const names = ['\ud83dX', 'Ann\ud800\u6a36', '\udc00lone', 'end\ud83d'];
	const before = apiLog(sb).length;
	const r = await engine.run({
		nodes: [
			{
				parameters: { resource: 'user', operation: 'search', filters: { firstName: '={{ $json.name }}' }, limit: 5 },
				continueOnFail: true,
			},
		],
		items: names.map((name) => ({ name })),
		credentials: { apiKey: sb.keys.workspace, baseUrl },
	});
	const sent = apiLog(sb)
		.slice(before)
		.map((l) => l.query.firstname);
	const refused = (r.output() as any[]).filter((o) => String(o.json.error ?? '').startsWith('"First Name" in item'));
	// Every name either refused, or received exactly as given.
	const exact = sent.filter((q) => names.includes(q as string));
	expect({ refused: refused.length, exact: exact.length, sent: sent.map(codes) }).toEqual({
		refused: names.length - exact.length,
		exact: exact.length,
		sent: exact.map(codes),
	});
});
