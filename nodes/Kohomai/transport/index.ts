import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { FailureContext, Garbled, NetworkFailure, SideEffect } from './errors';
import { apiMessageFrom, networkError, statusError, unreadableError } from './errors';
import { RateGate, backoffMs, retryAfterMs } from './pacing';
import { idsAsStrings } from '../mapping/ids';
import { JsonInteger, parseJsonLossless, stringifyJson } from '../mapping/json';
import { PAGE_SIZE, isLastPage, pageQuery, readListPage } from '../mapping/lists';

export { JsonInteger };

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export const DEFAULT_TIMEOUT_MS = 30_000;
export const CREDENTIAL_TYPE = 'kohomaiApi';

/** Retry budget. A POST is repeated only when it provably had no effect. */
const RETRY = {
	rateLimited: 8,
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

export interface ListRequest {
	path: string;
	qs?: IDataObject;
	itemIndex?: number;
	/** Max results; undefined returns all. */
	limit?: number;
	/** Client-side check for results the API's search may return too loosely. */
	keep?: (item: IDataObject) => boolean;
	/** Stop after this many pages, for interactive lookups that must answer quickly. */
	maxPages?: number;
}

/**
 * Every HTTP detail of the package: base URL, authentication through n8n's
 * helper, lossless JSON both ways, retries, pacing, pagination and errors.
 * One client per node run: the credential is read once, not per item.
 */
export class KohomaiClient {
	private readonly gate = new RateGate();

	private constructor(
		private readonly ctx: Context,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly baseUrl: string,
		private readonly timeoutMs: number,
		// getNode() deep-copies the node on every call: taken once per run.
		private readonly node = ctx.getNode(),
	) {}

	static async create(ctx: Context, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<KohomaiClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		const baseUrl = String(credentials.baseUrl || 'https://app.kohomai.com/api/v1').trim().replace(/\/+$/, '');
		return new KohomaiClient(ctx, credentials, baseUrl, timeoutMs);
	}

	/** Removes the keys (and autologin links) from any text bound for a message. */
	readonly redact = (text: string): string => {
		let out = text.replace(/\S*autologin\S*/gi, '[link removed]');
		for (const secret of [this.credentials.apiKey, this.credentials.endpointApiKey]) {
			if (typeof secret === 'string' && secret.length >= 4) out = out.split(secret).join('[key removed]');
		}
		return out;
	};

	async request(req: KohomaiRequest): Promise<unknown> {
		const failure = this.failureContext(req);
		const idempotent = req.method === 'GET';
		let rateLimited = 0;
		let refused = 0;
		let failedIdempotent = 0;
		for (;;) {
			await this.gate.ready();
			let response: { statusCode: number; headers: IDataObject; body: unknown };
			try {
				response = await this.send(req);
			} catch (error) {
				const kind = networkFailure(error);
				if (kind === 'refused' && refused++ < RETRY.refused) {
					await sleep(backoffMs(refused, RETRY.backoffFirstMs, RETRY.backoffMaxMs));
					continue;
				}
				if (idempotent && kind !== 'refused' && failedIdempotent++ < RETRY.idempotent) {
					await sleep(backoffMs(failedIdempotent, RETRY.backoffFirstMs, RETRY.backoffMaxMs));
					continue;
				}
				throw networkError(failure, kind, this.timeoutMs);
			}
			const { statusCode: status, headers } = response;
			const text = typeof response.body === 'string' ? response.body : '';
			if (status === 429 && rateLimited++ < RETRY.rateLimited) {
				const asked = retryAfterMs(headers['retry-after']);
				const wait = asked ?? backoffMs(rateLimited, RETRY.noRetryAfterFirstMs, RETRY.maxRetryAfterMs);
				if (wait <= RETRY.maxRetryAfterMs) {
					this.gate.pause(wait);
					continue;
				}
			}
			if (status >= 500 && idempotent && failedIdempotent++ < RETRY.idempotent) {
				await sleep(backoffMs(failedIdempotent, RETRY.backoffFirstMs, RETRY.backoffMaxMs));
				continue;
			}
			if (status >= 400) throw statusError(failure, status, apiMessageFrom(tryParse(text)));
			if (status < 200 || status >= 300) throw statusError(failure, status, undefined);
			const parsed = text.trim() === '' ? undefined : tryParse(text);
			if (parsed === undefined) {
				// A garbled answer to a read may be a proxy's hiccup; reading again is harmless.
				if (idempotent && failedIdempotent++ < RETRY.idempotent) {
					await sleep(backoffMs(failedIdempotent, RETRY.backoffFirstMs, RETRY.backoffMaxMs));
					continue;
				}
				throw unreadableError(failure, status, garbledKind(text));
			}
			return idsAsStrings(parsed);
		}
	}

	/** Walks pages until `limit` results are kept or the list ends. */
	async list(req: ListRequest): Promise<IDataObject[]> {
		const results: IDataObject[] = [];
		let offset = 0;
		let previousFirst: string | undefined;
		for (let pages = 1; ; pages++) {
			const wanted = req.limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, req.limit - results.length);
			const asked = req.keep ? PAGE_SIZE : Math.max(wanted, 1);
			const body = await this.request({ method: 'GET', path: req.path, qs: { ...req.qs, ...pageQuery(offset, asked) } as IDataObject, itemIndex: req.itemIndex });
			const page = readListPage(body);
			if (!page) {
				throw unreadableError(
					this.failureContext({ method: 'GET', itemIndex: req.itemIndex }),
					200,
					'notList',
				);
			}
			const first = page.items.length ? JSON.stringify(page.items[0]) : undefined;
			if (offset > 0 && first !== undefined && first === previousFirst) break;
			previousFirst = first;
			for (const item of page.items as IDataObject[]) {
				if (req.keep && !req.keep(item)) continue;
				results.push(item);
				if (req.limit !== undefined && results.length >= req.limit) return results;
			}
			offset += page.items.length;
			if (isLastPage(page, offset) || pages === req.maxPages) return results;
		}
		return results;
	}

	private failureContext(req: Pick<KohomaiRequest, 'method' | 'sideEffect' | 'itemIndex'>): FailureContext {
		return { node: this.node, method: req.method, sideEffect: req.sideEffect, itemIndex: req.itemIndex, redact: this.redact };
	}

	private async send(req: KohomaiRequest): Promise<{ statusCode: number; headers: IDataObject; body: unknown }> {
		const hasBody = req.body !== undefined;
		const options: IHttpRequestOptions = {
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
			timeout: this.timeoutMs,
		};
		return (await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, options, {
			credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data: this.credentials },
		})) as { statusCode: number; headers: IDataObject; body: unknown };
	}
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

/** Reads the cause chain of a failed request; the error itself is never shown. */
function networkFailure(error: unknown): NetworkFailure {
	const seen: string[] = [];
	for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
		if (typeof e.code === 'string') seen.push(e.code);
		if (typeof e.message === 'string') seen.push(e.message);
	}
	const all = seen.join(' ');
	if (/ECONNREFUSED/.test(all)) return 'refused';
	if (/ECONNABORTED|ETIMEDOUT|timeout of \d+ms/i.test(all)) return 'timeout';
	if (/ECONNRESET|socket hang up|EPIPE/i.test(all)) return 'reset';
	return 'other';
}
