import type { Bundle, HttpRequestOptions, ZObject } from 'zapier-platform-core';

import { apiKeyOf } from '../../nodes/Kohomai/mapping/apiKey';
import { readListPage } from '../../nodes/Kohomai/mapping/lists';
import { DEFAULT_BASE_URL, baseUrlOf, callKohomai, startDeadline } from './http';

/**
 * The workflows list moved from GET /workflows (SDK-A/B, 2023) to GET /funnels
 * (LR-1 2023-06-27 onward, PUBLIC-DOCS-FACTS §1.3): try the first, and the
 * second when the first is not found.
 */
export async function workflowsPath(z: ZObject, bundle: Bundle): Promise<{ path: string; body: unknown }> {
	const deadline = startDeadline();
	for (const path of ['/workflows', '/funnels']) {
		const answer = await callKohomai(
			z,
			bundle,
			{ method: 'GET', path, query: { offset: 0, limit: 1 }, deadline },
			true,
		);
		if (answer.status !== 404) return { path, body: answer.body };
	}
	throw new z.errors.Error(
		'Kohomai has neither /workflows nor /funnels at this Base URL. Check that the Base URL ends with /api/v1 (for example https://app.kohomai.com/api/v1).',
		'KohomaiNotFound',
		404,
	);
}

/** The connection test: one read of the workflows list with the key; its answer names the connection. */
async function test(z: ZObject, bundle: Bundle) {
	const { path, body } = await workflowsPath(z, bundle);
	if (!readListPage(body)) {
		throw new z.errors.Error(
			`Kohomai answered ${path} with something other than a list. Check that the Base URL ends with /api/v1.`,
			'KohomaiUnreadable',
		);
	}
	return { host: new URL(baseUrlOf(bundle)).host, workflowsPath: path };
}

/**
 * Every call carries `Authorization: Bearer <workspace key>` (AUTH,
 * 2023-06-27 onward), but only to the Base URL's host: the key never travels
 * anywhere else.
 */
export function addBearer(request: HttpRequestOptions, _z: ZObject, bundle: Bundle): HttpRequestOptions {
	// As pasted: a `Bearer ` prefix, a whole header line, quotes, invisible characters (shared apiKey.ts).
	const key = apiKeyOf(bundle.authData?.apiKey);
	if (!key || !request.url) return request;
	let sameHost = false;
	try {
		sameHost = new URL(request.url).origin === new URL(baseUrlOf(bundle)).origin;
	} catch {
		sameHost = false;
	}
	if (sameHost) request.headers = { ...(request.headers ?? {}), Authorization: `Bearer ${key}` };
	return request;
}

export const authentication = {
	type: 'custom' as const,
	fields: [
		{
			key: 'apiKey',
			label: 'API Key',
			required: true,
			type: 'password' as const,
			helpText:
				'The workspace API key from the Kohomai back-office, **Settings > API**. Pasted with its `Bearer ` prefix or as a whole `Authorization: Bearer …` line, it works too.',
		},
		{
			key: 'baseUrl',
			label: 'Base URL',
			required: false,
			type: 'string' as const,
			default: DEFAULT_BASE_URL,
			helpText: `The Kohomai API address, ending with /api/v1. Leave the default (${DEFAULT_BASE_URL}) unless Kohomai gave you another, such as https://app.hyperaktiv.ai/api/v1.`,
		},
	],
	test,
	connectionLabel: (_z: ZObject, bundle: Bundle) =>
		`Kohomai at ${String((bundle.inputData as { host?: string }).host ?? '')}`,
};
