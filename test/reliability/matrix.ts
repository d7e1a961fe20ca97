/**
 * The fault matrix: every sandbox fault against every operation, with and
 * without continue-on-fail. Each cell runs in its own sandbox, so cells run
 * concurrently and their counters cannot mix. What each cell must produce is
 * written down here, once, from the API contract (not read back from the node):
 * which faults may be retried for a GET or a POST, and which ones left the
 * resource created behind the failure.
 */
import type { FaultKind } from '../../tools/sandbox';
import type { OpName, Sb } from './harness';
import { createSandbox, createdJourneys } from '../fixtures';
import {
	apiLog,
	closedPort,
	CREATES,
	engine,
	inputItems,
	opParameters,
	pairedIndex,
	PATH,
	secretKey,
	startSandbox,
} from './harness';

export const ITEMS = 3;
/** Short enough to keep the matrix fast, long enough for a loaded CI machine. */
export const TIMEOUT_MS = 2500;
const SLOW_MS = 5000;

export type Method = 'GET' | 'POST';
export interface FaultCase {
	/** Name in the report. */
	name: string;
	/** Sandbox fault kind; 'none' for the control row; 'refused*' are network setups. */
	kind: string;
	/** GET and POST behaviour: 'retry' = succeeds after one retried request. */
	get: 'retry' | 'fail' | 'ok';
	post: 'retry' | 'fail' | 'ok';
	/** The sandbox performed the operation before the client saw the fault. */
	effect: boolean;
	/** What the error message must say (a failing cell). */
	message?: RegExp;
	/** Must a failing POST warn that the resource may exist? */
	mayExist?: boolean;
	/** Every attempt fails before reaching the sandbox (it sees nothing), for every item. */
	everyAttempt?: boolean;
	/** The sandbox serves HTTPS with a self-signed certificate. */
	https?: boolean;
	/** The node's Timeout, when the row needs no slow answer (a busy machine can be slow to shake hands). */
	timeoutMs?: number;
	/** n8n's node setting Retry On Fail (2 tries): the engine runs the node again after a failure. */
	retryOnFail?: boolean;
	/** Behaviour that differs for one operation (e.g. /workflows falls back to /funnels on 404). */
	byOp?: Partial<Record<OpName, 'retry' | 'fail' | 'ok'>>;
	/** Requests when they do not follow from the behaviour (n8n re-running a whole node). */
	requests?: (method: Method, continueOnFail: boolean) => number;
}

const RETRY_ON_FAIL = { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 };

const rateLimit = (kind: string, name: string): FaultCase => ({
	name,
	kind,
	get: 'retry',
	post: 'retry',
	effect: false,
});
const serverError = (code: number): FaultCase => ({
	name: `${code}`,
	kind: `status:${code}`,
	get: 'retry',
	post: 'fail',
	effect: false,
	message: new RegExp(`Kohomai returned ${code}`),
	mayExist: true,
});
const clientError = (code: number, extra: Partial<FaultCase> = {}): FaultCase => ({
	name: `${code}`,
	kind: `status:${code}`,
	get: 'fail',
	post: 'fail',
	effect: false,
	message: code === 401 ? /Kohomai refused the API key \(401\): \S/ : new RegExp(`Kohomai returned ${code}: \\S`),
	mayExist: false,
	...extra,
});
const moved = (code: number): FaultCase => ({
	name: `redirect ${code} to https (API moved)`,
	kind: `redirect:${code}`,
	get: 'fail',
	post: 'fail',
	effect: false,
	message: new RegExp(`redirected the request to https://127\\.0\\.0\\.1:\\d+ \\(${code}\\)$`),
	mayExist: false,
});
const garbled = (kind: string, what: RegExp): FaultCase => ({
	name: kind,
	kind,
	// A read is repeated after a garbled answer; a create is not (it may have taken effect).
	get: 'retry',
	post: 'fail',
	effect: true,
	message: what,
	mayExist: true,
});

export const FAULTS: FaultCase[] = [
	{ name: 'none (control)', kind: 'none', get: 'ok', post: 'ok', effect: false },
	rateLimit('429', '429 Retry-After seconds'),
	rateLimit('429-date', '429 Retry-After HTTP date'),
	rateLimit('429-none', '429 no Retry-After'),
	serverError(500),
	serverError(502),
	serverError(503),
	serverError(504),
	{
		name: `html-502`,
		kind: 'html-502',
		get: 'retry',
		post: 'fail',
		effect: false,
		message: /Kohomai returned 502/,
		mayExist: true,
	},
	{
		name: `slower than timeout (${SLOW_MS} ms > ${TIMEOUT_MS} ms)`,
		kind: `slow:${SLOW_MS}`,
		get: 'retry',
		post: 'fail',
		effect: true,
		message: new RegExp(`did not answer within ${TIMEOUT_MS} ms`),
		mayExist: true,
	},
	{
		name: 'reset before request read',
		kind: 'reset-before-read',
		get: 'retry',
		post: 'fail',
		effect: false,
		message: /connection to Kohomai failed/i,
		mayExist: true,
	},
	{
		name: 'reset after request read',
		kind: 'reset-after-read',
		get: 'retry',
		post: 'fail',
		effect: true,
		message: /connection to Kohomai failed/i,
		mayExist: true,
	},
	{
		name: 'connection refused (always)',
		kind: 'refused',
		get: 'fail',
		post: 'fail',
		effect: false,
		message: /Could not connect to Kohomai/,
		mayExist: false,
	},
	{ name: 'connection refused, then up (retried)', kind: 'refused-then-up', get: 'ok', post: 'ok', effect: false },
	garbled('malformed-json', /answered 200 with truncated or invalid JSON/),
	garbled('html-200', /answered 200 with an HTML page/),
	garbled('empty-200', /answered 200 with an empty body/),
	clientError(401),
	clientError(403),
	// Workflow: Get Many reads GET /funnels where GET /workflows answers 404.
	clientError(404, { byOp: { 'workflow.getAll': 'retry' } }),
	clientError(409),
	clientError(422),
	moved(301),
	moved(307),
	moved(308),
	{
		name: 'redirect 303 See Other (to the ConnectionURL for a creation)',
		kind: 'redirect:303',
		get: 'fail',
		post: 'fail',
		effect: true,
		message: /redirected the request to http:\/\/127\.0\.0\.1:\d+ \(303\)$/,
		mayExist: true,
	},
	{
		name: 'self-signed certificate (HTTPS)',
		kind: 'self-signed',
		get: 'fail',
		post: 'fail',
		effect: false,
		everyAttempt: true,
		https: true,
		timeoutMs: 15_000,
		message: /certificate was not accepted: self-signed certificate/,
		mayExist: false,
	},
	{
		name: `slower than timeout, n8n Retry On Fail (2 tries)`,
		kind: `slow:${SLOW_MS}`,
		retryOnFail: true,
		get: 'retry',
		post: 'fail',
		effect: true,
		// The last try's error: the creation is not sent again.
		message: /not sent again: an earlier try of this execution may have created it/,
		mayExist: true,
	},
	{
		name: '500, n8n Retry On Fail (2 tries)',
		kind: 'status:500',
		retryOnFail: true,
		get: 'retry',
		post: 'fail',
		effect: false,
		message: /not sent again: an earlier try of this execution may have created it/,
		mayExist: true,
	},
	{
		name: '422 once, n8n Retry On Fail (2 tries)',
		kind: 'status:422',
		retryOnFail: true,
		get: 'retry',
		post: 'retry',
		effect: false,
		// Try 1 stops at item 0 (or, with continue-on-fail, sends all three);
		// try 2 sends what is not known to exist: every read, one creation.
		requests: (method, cof) => (cof ? (method === 'GET' ? 6 : 4) : 4),
	},
];

export interface CellResult {
	fault: string;
	kind: string;
	op: OpName;
	continueOnFail: boolean;
	expected: 'ok' | 'ok after retry' | 'error';
	outcome: string;
	/** Error message of the failing item (or the node error), for the report. */
	error?: string;
	errorDescription?: string;
	requests: number;
	expectedRequests: number;
	created: number;
	expectedCreated: number;
	duplicated: number;
	lostItems: number;
	outputs: Array<{ item: number; error?: string; description?: string }>;
	nodeError?: { message?: string; description?: string; httpCode?: string };
	/** Everything the node produced that is not a success result: scanned for secrets. */
	errorTexts: string[];
	/** ConnectionURLs the sandbox issued in this cell: must never show up in errors or logs. */
	issuedLinks: string[];
	secrets: string[];
	/** Times a key occurs anywhere in the execution data (outputs, errors, metadata). */
	keyHitsInRunData: number;
	ms: number;
}

const METHOD: Record<OpName, Method> = {
	'workflow.getAll': 'GET',
	'user.search': 'GET',
	'journey.create': 'POST',
	'session.create': 'POST',
};

/**
 * n8n checks resource-locator regexes in a vm with a 250 ms wall-clock limit
 * before the workflow starts; on a loaded machine that check itself can time
 * out. Such a run never reached the node (the sandbox saw nothing), so it is
 * repeated, and counted, rather than reported as a node failure.
 */
export const harnessRetries = { count: 0 };

export async function runCell(fault: FaultCase, op: OpName, continueOnFail: boolean): Promise<CellResult> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await runCellOnce(fault, op, continueOnFail);
		} catch (error) {
			if (attempt >= 5 || !/Regular expression execution timed out/.test(String((error as Error)?.message)))
				throw error;
			harnessRetries.count++;
		}
	}
}

/** Runs one cell. Items run one at a time (Items in Flight = 1) so counts are exact. */
async function runCellOnce(fault: FaultCase, op: OpName, continueOnFail: boolean): Promise<CellResult> {
	const started = Date.now();
	const behaviour = behaviourOf(fault, op);
	const { sb, baseUrl, port, up } = await sandboxFor(fault);
	try {
		const credentials = { apiKey: sb.keys.workspace, baseUrl };
		if (!fault.kind.startsWith('refused') && !fault.everyAttempt && fault.kind !== 'none')
			sb.fault({ kind: fault.kind as FaultKind, times: 1, path: PATH[op] });
		const parameters = opParameters(op, { timeout: fault.timeoutMs ?? TIMEOUT_MS, concurrency: 1 });
		const items = inputItems(ITEMS, `${fault.kind.replace(/\W/g, '')}.${port}`);
		const node = {
			parameters,
			...(continueOnFail ? { continueOnFail: true } : {}),
			...(fault.retryOnFail ? RETRY_ON_FAIL : {}),
		};
		const run = engine.run({ nodes: [node], items, credentials });
		await up?.();
		const r = await run.catch((error: Error) => {
			if (apiLog(sb).length > 0)
				(error as Error & { reachedSandbox?: boolean }).message += ' (after requests reached the sandbox)';
			throw error;
		});
		return summarise({ fault, op, continueOnFail, behaviour, sb, r, started, credentials });
	} finally {
		await sb.stop();
	}
}

export function behaviourOf(fault: FaultCase, op: OpName): 'retry' | 'fail' | 'ok' {
	return fault.byOp?.[op] ?? (METHOD[op] === 'GET' ? fault.get : fault.post);
}

async function sandboxFor(
	fault: FaultCase,
): Promise<{ sb: Sb; baseUrl: string; port: number; up?: () => Promise<void> }> {
	if (fault.https) return await startSandbox({ https: true });
	if (!fault.kind.startsWith('refused')) return await startSandbox();
	// Nothing listens on the port; for 'refused-then-up' the sandbox starts on
	// it between the node's first attempt and its second retry (250 + 500 ms).
	const port = await closedPort();
	const sb = createSandbox({ port, workspaceKey: secretKey() }) as Sb;
	const baseUrl = `http://127.0.0.1:${port}/api/v1`;
	if (fault.kind === 'refused') return { sb, baseUrl, port };
	const up = async () => {
		await new Promise((resolve) => setTimeout(resolve, 300));
		await sb.start();
	};
	return { sb, baseUrl, port, up };
}

interface Summary {
	fault: FaultCase;
	op: OpName;
	continueOnFail: boolean;
	behaviour: 'retry' | 'fail' | 'ok';
	sb: Sb;
	r: any;
	started: number;
	credentials: { apiKey: string };
}

function summarise({ fault, op, continueOnFail, behaviour, sb, r, started, credentials }: Summary): CellResult {
	const log = apiLog(sb);
	const resource = CREATES[op];
	const records: any[] = resource === 'journeys' ? createdJourneys(sb) : resource ? sb.state[resource] : [];
	const created = records.length;
	// Journeys carry the item's email, sessions the item's redirect URL: two
	// records with the same value are the same input created twice.
	const dedupKey = (x: any) => (resource === 'journeys' ? x.Email : x.RedirectURL);
	const seen = new Map<string, number>();
	for (const x of records) seen.set(dedupKey(x), (seen.get(dedupKey(x)) ?? 0) + 1);
	const duplicated = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);

	const fails = behaviour === 'fail';
	// The failing item count: one (fault times 1) or all (refused always).
	const unreachable = fault.kind === 'refused' || fault.everyAttempt === true;
	const failing = !fails ? 0 : unreachable ? ITEMS : 1;
	// Without continue-on-fail the first failure (item 0) ends the run.
	const attempted = !fails || continueOnFail ? ITEMS : 1;
	const reached = unreachable ? 0 : attempted;
	const expectedRequests = fault.requests?.(METHOD[op], continueOnFail) ?? reached + (behaviour === 'retry' ? 1 : 0);
	const succeeded = attempted - Math.min(failing, attempted);
	const expectedCreated = resource ? succeeded + (fails && fault.effect ? 1 : 0) : 0;

	const outputs = (r.output() as any[]).map((o) => ({
		item: pairedIndex(o),
		// Error items carry the advice as `details` (n8n's shape) or `description`.
		...(o.json.error !== undefined
			? { error: String(o.json.error), description: o.json.details ?? o.json.description }
			: {}),
	}));
	const nodeError = r.error();
	const perItem = Array.from({ length: ITEMS }, (_, i) => outputs.filter((o) => o.item === i).length);
	// An item is lost when nothing accounts for it: no paired output and no node error.
	const lostItems = nodeError ? 0 : perItem.filter((n) => n !== 1).length;
	const firstError =
		outputs.find((o) => o.error) ??
		(nodeError ? { error: nodeError.message, description: nodeError.description } : undefined);
	const errorTexts = [
		...outputs.filter((o) => o.error).map((o) => JSON.stringify(o)),
		...(nodeError ? [JSON.stringify(nodeError)] : []),
		...(r.runError ? [JSON.stringify(r.runError)] : []),
	];
	const issuedLinks = [...sb.state.journeys, ...sb.state.sessions].map((x) => `autologin?UUID=${x.UUID}`);
	return {
		fault: fault.name,
		kind: fault.kind,
		op,
		continueOnFail,
		expected: behaviour === 'fail' ? 'error' : behaviour === 'retry' ? 'ok after retry' : 'ok',
		outcome: nodeError
			? 'node error'
			: outputs.some((o) => o.error)
				? `${outputs.filter((o) => o.error).length} error item(s)`
				: 'ok',
		error: firstError?.error,
		errorDescription: firstError?.description,
		requests: log.length,
		expectedRequests,
		created,
		expectedCreated,
		duplicated,
		lostItems,
		outputs,
		nodeError: nodeError && {
			message: nodeError.message,
			description: nodeError.description,
			httpCode: nodeError.httpCode,
		},
		errorTexts,
		issuedLinks,
		secrets: [credentials.apiKey],
		keyHitsInRunData: countIn(JSON.stringify(r.raw), [credentials.apiKey]),
		ms: Date.now() - started,
	};
}

/** Total occurrences of any needle in the text. */
export function countIn(text: string, needles: string[]): number {
	return needles.filter(Boolean).reduce((sum, n) => sum + text.split(n).length - 1, 0);
}
