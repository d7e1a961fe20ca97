import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'kohomaiApi';

/** One HTTP answer, whatever its status; the body is text (lossless ids are parsed later). */
export interface RawResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

/** Sends one request exactly once: no redirect followed, no status turned into an error. */
export type Sender = (options: IHttpRequestOptions) => Promise<RawResponse>;

/** Where to send, normalised the same way for the node and its credential test. */
export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.baseUrl || 'https://app.kohomai.com/api/v1')
		.trim()
		.replace(/\/+$/, '');
}

/** The credential's "Ignore SSL Issues (Insecure)" switch. */
export function ignoresSslIssues(credentials: ICredentialDataDecryptedObject): boolean {
	return credentials.ignoreSSLIssues === true;
}

/** A node run or an editor lookup: n8n's helper adds the key through the credential's `authenticate`. */
export function authenticatedSender(
	ctx: IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions,
	credentials: ICredentialDataDecryptedObject,
): Sender {
	return async (options) =>
		(await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options, {
			credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data: credentials },
		})) as RawResponse;
}

/**
 * A credential test: n8n gives it only the legacy `request` helper
 * (ICredentialTestFunctions), so the same request is translated to that
 * helper's options, and the key is added by the credential's own
 * `authenticate`, exactly as for the node.
 */
export function credentialTestSender(
	ctx: ICredentialTestFunctions,
	authenticate: (options: IHttpRequestOptions) => Promise<IHttpRequestOptions>,
): Sender {
	return async (options) => {
		const signed = await authenticate({ ...options, headers: { ...options.headers } });
		const response = (await ctx.helpers.request({
			uri: signed.url,
			method: signed.method,
			qs: signed.qs,
			headers: signed.headers,
			body: signed.body,
			json: false,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			followAllRedirects: false,
			rejectUnauthorized: signed.skipSslCertificateValidation !== true,
			timeout: signed.timeout,
		})) as { statusCode: number; headers?: IDataObject; body?: unknown };
		return { statusCode: response.statusCode, headers: { ...(response.headers ?? {}) }, body: response.body ?? '' };
	};
}
