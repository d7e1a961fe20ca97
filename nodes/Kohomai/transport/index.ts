import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	NodeExecutionHint,
} from 'n8n-workflow';

import { Creations } from './creations';
import type { ExecutionContext } from './creations';
import type { FailureContext, Garbled, NetworkFailure, SideEffect } from './errors';
import {
	apiMessageFrom,
	asApiError,
	mayHaveTakenEffect,
	networkError,
	notRepeatedError,
	rateLimitWaitError,
	redirectError,
	statusError,
	stoppedError,
	unreadableError,
} from './errors';
import { backoffMs, realClock, retryAfterMs } from './pacing';
import { AdaptiveLimit } from './adaptiveLimit';
import type { InFlightLimit } from './adaptiveLimit';
import { FlowControl, FlowStopped, FlowWaitExpired, RunQueue, flowKeyOf, flows } from './flowControl';
import type { ListRequest, Walk } from './paging';
import { walkPages } from './paging';
import type { RawResponse, Sender } from './senders';
import { CREDENTIAL_TYPE, authenticatedSender, baseUrlOf, credentialTestSender, ignoresSslIssues } from './senders';
import { apiKeyForms } from '../mapping/apiKey';
import { idsAsStrings } from '../mapping/ids';
import { JsonInteger, parseJsonLossless, stringifyJson } from '../mapping/json';
import { LIST_PATH_FALLBACKS, describeShape } from '../mapping/lists';

export { JsonInteger, CREDENTIAL_TYPE, baseUrlOf };
export type { ListRequest };

/** A node run, an editor lookup, or a poll of the Kohomai Trigger. */
type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Default of Options > Max Wait When Rate Limited: 15 minutes. A burst drains
 * at the API's rate, so the last of N requests waits about N / rate: 15
 * minutes lets 9,000 sign-ups through a 10 req/s limit (or 900 through 1
 * req/s) without losing one, while a workspace that is refused for good still
 * fails within a quarter of an hour, well inside n8n's longest execution
 * timeout (EXECUTIONS_TIMEOUT_MAX, 1 hour by default). See docs/flow-control.md.
 */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;

/** Retry budget. A POST is repeated only when it provably had no effect. 429s are retried for a time (maxRateLimitWaitMs). */
const RETRY = {
	maxRetryAfterMs: 120_000,
	noRetryAfterFirstMs: 1_000,
	refused: 2,
	idempotent: 2,
	backoffFirstMs: 250,
	backoffMaxMs: 4_000,
};

export interface KohomaiRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: unknown;
	itemIndex?: number;
	sideEffect?: SideEffect;
}

/** The node a credential test reports errors for (it runs outside any workflow). */
const CREDENTIAL_TEST_NODE: INode = {
	id: 'kohomai-credential-test',
	name: 'Kohomai',
	type: 'n8n-nodes-kohomai.kohomai',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

interface RunInfo {
	node: INode;
	/** The memory of creations of this node run, scoped to its execution and run index (creations.ts). */
	creations: Creations;
	/** Shows a note beside the node's output (n8n's execution hints), when the context has them. */
	hint?: (hint: NodeExecutionHint) => void;
	/** The execution's cancel signal (n8n 2.x; absent before): Stop or the timeout ends queued work at once. */
	signal?: AbortSignal;
	/** This run's requests in the shared queue, served in turn with other runs'. */
	queue: RunQueue;
	/** False when the user fixed Items in Flight: the run's own pool bounds its requests on the wire. */
	gated: boolean;
	/** How long a request may wait for the API's rate limit, from its first try (ms). */
	maxRateLimitWaitMs: number;
}

/** How a node run sends: Options > Timeout, Items in Flight, Max Wait When Rate Limited. */
export interface ClientOptions {
	/** Milliseconds to wait for each answer. */
	timeoutMs?: number;
	/** A fixed Items in Flight; absent: the API's shared adaptive limit. */
	fixedLimit?: InFlightLimit;
	/** Milliseconds a request may wait for the rate limit (DEFAULT_MAX_RATE_LIMIT_WAIT_MS). */
	maxRateLimitWaitMs?: number;
}

/**
 * Every HTTP detail of the package: base URL, authentication through n8n's
 * helper, lossless JSON both ways, retries, pacing, redirects, pagination and
 * errors. One client per node run: the credential is read once, not per item.
 * Flow control (pacing, learned limits, in-flight limit, the waiting queue) is
 * not the run's: it belongs to the API and is shared by every run in the
 * process (flowControl.ts, docs/flow-control.md).
 * The credential test uses the same client (forCredentialTest), so it
 * normalises the Base URL, checks answers and words errors as the node does.
 */
export class KohomaiClient {
	/** The list path that answered, per path asked for (e.g. /workflows -> /funnels), for the run. */
	private readonly listPaths = new Map<string, Promise<string | undefined>>();
	private readonly hinted = new Set<string>();

	private constructor(
		private readonly send: Sender,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly timeoutMs: number,
		private readonly run: RunInfo,
		private readonly flow: FlowControl,
		/** The credential's Base URL as every request uses it: trimmed, without trailing slashes. */
		readonly baseUrl = baseUrlOf(credentials),
	) {}

	/**
	 * A client for one node run (or editor lookup), on the flow control shared
	 * by every run in this process that uses the same Base URL origin and key.
	 */
	static async create(ctx: Context, options: ClientOptions = {}): Promise<KohomaiClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		const execute = ctx as Partial<IExecuteFunctions>;
		const flow = flows.get(flowKeyOf(baseUrlOf(credentials), credentials.apiKey));
		return new KohomaiClient(
			authenticatedSender(ctx, credentials),
			credentials,
			options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			{
				// getNode() deep-copies the node on every call: taken once per run.
				node: ctx.getNode(),
				creations: Creations.of(ctx as ExecutionContext),
				hint: typeof execute.addExecutionHints === 'function' ? (h) => execute.addExecutionHints!(h) : undefined,
				// Feature-detected: older n8n versions have no cancel signal; then Stop only ends the run between nodes.
				signal: typeof execute.getExecutionCancelSignal === 'function' ? execute.getExecutionCancelSignal() : undefined,
				queue: new RunQueue(),
				gated: options.fixedLimit === undefined,
				maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS,
			},
			flow,
		);
	}

	/** Items in flight for this run's item pool: the fixed Items in Flight, else the API's shared adaptive limit. */
	inFlightLimit(fixed?: InFlightLimit): InFlightLimit {
		return fixed ?? this.flow.limit;
	}

	/**
	 * For n8n's credential test (`testedBy`): the same requests, sent through
	 * the test context's helper, signed by the credential's `authenticate`.
	 */
	static forCredentialTest(
		ctx: ICredentialTestFunctions,
		credentials: ICredentialDataDecryptedObject,
		authenticate: (
			credentials: ICredentialDataDecryptedObject,
			options: IHttpRequestOptions,
		) => Promise<IHttpRequestOptions>,
		timeoutMs = DEFAULT_TIMEOUT_MS,
	): KohomaiClient {
		const send = credentialTestSender(ctx, async (options) => await authenticate(credentials, options));
		return new KohomaiClient(
			send,
			credentials,
			timeoutMs,
			{
				node: CREDENTIAL_TEST_NODE,
				creations: Creations.of({}),
				queue: new RunQueue(),
				gated: true,
				maxRateLimitWaitMs: RETRY.maxRetryAfterMs,
			},
			// Its own: a key under test may not be the one the workflows use.
			new FlowControl(new AdaptiveLimit()),
		);
	}

	/**
	 * Removes the key (at any length, as typed, trimmed, and as sent: without
	 * a pasted `Bearer ` prefix, quotes or invisible characters, apiKey.ts)
	 * and autologin links from any text bound for a message. One pass that
	 * leaves earlier placeholders alone, so redacting twice changes nothing,
	 * even for a key that is a letter of "[key removed]".
	 */
	readonly redact = (text: string): string => {
		const secrets = apiKeyForms(this.credentials.apiKey);
		const escaped = secrets.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
		// Keys are matched with their case; "autologin" in any case.
		const autologin = [...'autologin'].map((c) => `[${c}${c.toUpperCase()}]`).join('');
		const pattern = new RegExp(
			`(\\[(?:key|link) removed\\])|(\\S*${autologin}\\S*)${escaped.map((k) => `|(${k})`).join('')}`,
			'g',
		);
		return text.replace(pattern, (match, placeholder: string | undefined, link: string | undefined) =>
			placeholder ? match : link ? '[link removed]' : '[key removed]',
		);
	};

	/**
	 * One API call: parsed answer (ids as strings), or a NodeApiError. A
	 * creation (POST with a side effect) is sent at most once per node run and
	 * item: on n8n's Retry On Fail, what an earlier try created is returned
	 * again, and what it may have created is not sent again; a new run of the
	 * node (a loop back into it) creates anew (creations.ts).
	 */
	async request(req: KohomaiRequest): Promise<unknown> {
		if (req.method !== 'POST' || !req.sideEffect) return await this.exchange(req);
		const { creations } = this.run;
		const key = creations.key(
			this.run.node.id || this.run.node.name,
			req.itemIndex,
			`${req.method} ${req.path} ${stringifyJson(req.qs ?? {})} ${stringifyJson(req.body ?? null)}`,
		);
		const earlier = creations.recall(key);
		if (earlier?.state === 'created') return earlier.result;
		if (earlier?.state === 'uncertain') throw notRepeatedError(this.failureContext(req));
		try {
			const result = await this.exchange(req);
			creations.remember(key, { state: 'created', result });
			return result;
		} catch (error) {
			if (mayHaveTakenEffect(error)) creations.remember(key, { state: 'uncertain' });
			throw asApiError(this.failureContext(req), error);
		}
	}

	/**
	 * Sends one request until it has an answer to return or an error to throw:
	 * each try waits its turn in the API's shared queue (flowControl.ts). A
	 * 429 pauses everyone using the API for its Retry-After and is tried again
	 * until Max Wait When Rate Limited, counted from the first try, runs out.
	 * The execution's cancel signal ends waiting at once: nothing more is sent.
	 */
	private async exchange(req: KohomaiRequest): Promise<unknown> {
		const failure = this.failureContext(req);
		const idempotent = req.method === 'GET';
		const { signal, queue, gated, maxRateLimitWaitMs } = this.run;
		const since = realClock.now();
		const deadline = since + maxRateLimitWaitMs;
		let rateLimited = 0;
		let refused = 0;
		let failedIdempotent = 0;
		const pause = async (ms: number): Promise<void> => {
			await realClock.sleep(ms, signal);
			if (signal?.aborted) throw stoppedError(failure, false);
		};
		for (;;) {
			try {
				await this.flow.acquire(queue, { gated, deadline, since, signal });
			} catch (error) {
				if (error instanceof FlowStopped) throw stoppedError(failure, false);
				if (error instanceof FlowWaitExpired) throw rateLimitWaitError(failure, error.waitedMs, maxRateLimitWaitMs);
				throw asApiError(failure, error);
			}
			let response: RawResponse;
			const sentAt = this.flow.sent();
			try {
				response = await this.send(this.options(req));
			} catch (error) {
				const { kind, detail } = networkFailure(error);
				this.flow.failed(sentAt, kind);
				// n8n cuts the request on the wire when the execution stops: say so, not "check the network".
				if (signal?.aborted) throw stoppedError(failure, kind !== 'refused' && kind !== 'certificate');
				if (kind === 'refused' && refused++ < RETRY.refused) {
					await pause(backoffMs(refused, RETRY.backoffFirstMs, RETRY.backoffMaxMs));
					continue;
				}
				// A certificate does not get better by asking again.
				if (idempotent && kind !== 'refused' && kind !== 'certificate' && failedIdempotent++ < RETRY.idempotent) {
					await pause(backoffMs(failedIdempotent, RETRY.backoffFirstMs, RETRY.backoffMaxMs));
					continue;
				}
				throw networkError(failure, kind, this.timeoutMs, detail);
			}
			const { statusCode: status, headers } = response;
			this.flow.answered(sentAt, status, headers);
			const text = typeof response.body === 'string' ? response.body : '';
			if (status === 429) {
				// Provably no effect: wait for the API's turn, for a time rather than a count.
				rateLimited += 1;
				const asked = retryAfterMs(headers['retry-after']);
				const wait = asked ?? backoffMs(rateLimited, RETRY.noRetryAfterFirstMs, RETRY.maxRetryAfterMs);
				// Everyone using this API waits, even when this request gives up: the API asked for it.
				this.flow.pause(wait);
				const now = realClock.now();
				if (now + wait > deadline) throw rateLimitWaitError(failure, now - since, maxRateLimitWaitMs);
				continue;
			}
			if (status >= 500 && idempotent && failedIdempotent++ < RETRY.idempotent) {
				await pause(backoffMs(failedIdempotent, RETRY.backoffFirstMs, RETRY.backoffMaxMs));
				continue;
			}
			if (status >= 400) throw statusError(failure, status, apiMessageFrom(tryParse(text)));
			if (status >= 300 && status < 400)
				throw redirectError(failure, status, headerText(headers.location), `${this.baseUrl}${req.path}`);
			if (status < 200 || status >= 300) throw statusError(failure, status, undefined);
			const parsed = text.trim() === '' ? undefined : tryParse(text);
			if (parsed === undefined) {
				// A garbled answer to a read may be a proxy's hiccup; reading again is harmless.
				if (idempotent && failedIdempotent++ < RETRY.idempotent) {
					await pause(backoffMs(failedIdempotent, RETRY.backoffFirstMs, RETRY.backoffMaxMs));
					continue;
				}
				throw unreadableError(failure, status, garbledKind(text));
			}
			return idsAsStrings(parsed);
		}
	}

	/**
	 * Every result of a list (paging.ts walks the pages). A path with known
	 * alternatives (LIST_PATH_FALLBACKS: /workflows, then /funnels) falls back
	 * when it answers 404; the path that answered is kept for the run, and
	 * items in flight meanwhile wait for it rather than probe again. When the
	 * API seems to ignore `offset`, the results are returned and the run shows
	 * a note that the list may be incomplete.
	 */
	async list(req: ListRequest): Promise<IDataObject[]> {
		const candidates = LIST_PATH_FALLBACKS[req.path];
		if (!candidates) return this.finish(req.path, await this.walk(req));
		for (let pending = this.listPaths.get(req.path); pending; pending = this.listPaths.get(req.path)) {
			const path = await pending;
			if (path) return this.finish(path, await this.walk({ ...req, path }));
		}
		let settle: (path: string | undefined) => void = () => undefined;
		this.listPaths.set(req.path, new Promise((resolve) => (settle = resolve)));
		try {
			let walk: Walk = { items: [] };
			let path = candidates[0];
			for (const [i, candidate] of candidates.entries()) {
				path = candidate;
				try {
					walk = await this.walk({ ...req, path });
					break;
				} catch (error) {
					if (i === candidates.length - 1 || (error as { httpCode?: string }).httpCode !== '404')
						throw asApiError(this.listFailure(req), error);
				}
			}
			settle(path);
			return this.finish(path, walk);
		} catch (error) {
			// Not settled: another item may find the path itself.
			this.listPaths.delete(req.path);
			settle(undefined);
			throw asApiError(this.listFailure(req), error);
		}
	}

	private listFailure(req: ListRequest): FailureContext {
		return this.failureContext({ method: 'GET', path: req.path, itemIndex: req.itemIndex });
	}

	private finish(path: string, walk: Walk): IDataObject[] {
		if (walk.incomplete) this.hintIncomplete(path, walk.items.length);
		return walk.items;
	}

	private async walk(req: ListRequest): Promise<Walk> {
		return await walkPages(
			req,
			async (qs) => await this.request({ method: 'GET', path: req.path, qs, itemIndex: req.itemIndex }),
			(body) => unreadableError(this.listFailure(req), 200, 'notList', describeShape(body)),
		);
	}

	private hintIncomplete(path: string, count: number): void {
		if (!this.run.hint || this.hinted.has(path)) return;
		this.hinted.add(path);
		this.run.hint({
			message: `Kohomai answered GET ${path} with the same results whatever the offset asked, so the node stopped after ${count} result(s): the list may be incomplete. Kohomai's paging is undocumented; check the list in the Kohomai back-office.`,
			type: 'warning',
			location: 'outputPane',
		});
	}

	private failureContext(
		req: Pick<KohomaiRequest, 'method' | 'sideEffect' | 'itemIndex'> & { path?: string },
	): FailureContext {
		return {
			node: this.run.node,
			method: req.method,
			path: req.path,
			sideEffect: req.sideEffect,
			itemIndex: req.itemIndex,
			redact: this.redact,
		};
	}

	private options(req: KohomaiRequest): IHttpRequestOptions {
		const hasBody = req.body !== undefined;
		return {
			method: req.method,
			url: `${this.baseUrl}${req.path}`,
			qs: req.qs,
			headers: {
				Accept: 'application/json',
				// A string body without this header would go out form-encoded.
				...(hasBody ? { 'Content-Type': 'application/json' } : {}),
			},
			// Pre-serialised so that ids keep every digit on the way out...
			body: hasBody ? stringifyJson(req.body) : undefined,
			// ...and read as text so that they keep every digit on the way in.
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// n8n's helper follows redirects, with the key, and turns a redirected
			// POST into a GET: every 3xx comes back here instead (redirectError).
			disableFollowRedirect: true,
			skipSslCertificateValidation: ignoresSslIssues(this.credentials),
			timeout: this.timeoutMs,
		};
	}
}

function headerText(value: unknown): string | undefined {
	const v = Array.isArray(value) ? value[0] : value;
	return typeof v === 'string' ? v : undefined;
}

function tryParse(text: string): unknown {
	try {
		return parseJsonLossless(text);
	} catch {
		return undefined;
	}
}

function garbledKind(text: string): Garbled {
	if (text.trim() === '') return 'empty';
	return /^\s*</.test(text) ? 'html' : 'invalid';
}

/** Node's TLS codes for a certificate that was not trusted, in words. */
const CERTIFICATE_CODES: Record<string, string> = {
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
	SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the certificate chain',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate from an unknown authority',
	UNABLE_TO_GET_ISSUER_CERT: 'certificate from an unknown authority',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate from an unknown authority',
	CERT_UNTRUSTED: 'untrusted certificate',
	CERT_HAS_EXPIRED: 'expired certificate',
	CERT_NOT_YET_VALID: 'certificate not yet valid',
	CERT_REVOKED: 'revoked certificate',
	ERR_TLS_CERT_ALTNAME_INVALID: 'certificate issued for another host name',
	HOSTNAME_MISMATCH: 'certificate issued for another host name',
};

/** Reads the cause chain of a failed request; the error itself is never shown. */
function networkFailure(error: unknown): { kind: NetworkFailure; detail?: string } {
	const seen: string[] = [];
	for (
		let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
		e && depth < 6;
		e = e.cause as typeof e, depth++
	) {
		if (typeof e.code === 'string') seen.push(e.code);
		if (typeof e.message === 'string') seen.push(e.message);
	}
	const all = seen.join(' ');
	const certificate = Object.keys(CERTIFICATE_CODES).find((code) => all.includes(code));
	if (certificate) return { kind: 'certificate', detail: CERTIFICATE_CODES[certificate] };
	if (/self[- ]signed certificate/i.test(all)) return { kind: 'certificate', detail: 'self-signed certificate' };
	if (/ECONNREFUSED/.test(all)) return { kind: 'refused' };
	if (/ECONNABORTED|ETIMEDOUT|timeout of \d+ms/i.test(all)) return { kind: 'timeout' };
	if (/ECONNRESET|socket hang up|EPIPE/i.test(all)) return { kind: 'reset' };
	return { kind: 'other' };
}
