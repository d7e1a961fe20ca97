import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { apiKeyOf } from '../nodes/Kohomai/mapping/apiKey';

/**
 * One credential per Kohomai workspace. The workspace API key authenticates
 * every call as `Authorization: Bearer <key>` (PUBLIC-DOCS-FACTS §2, every
 * version of the AUTH page, 2023-06-27 to 2024-09). A workflow's API starting
 * point is not a second key: its reference travels as the `ref` query
 * parameter beside the same workspace key (SDK-C 853734e, LR-1 ff7d8e8), so it
 * is a node parameter, and one credential serves every workflow.
 *
 * The credential test runs the node's own code (`testedBy`, in the node's
 * methods.credentialTest): same Base URL normalisation, same checks of the
 * answer, same messages.
 */
export class KohomaiApi implements ICredentialType {
	name = 'kohomaiApi';

	displayName = 'Kohomai API';

	icon: Icon = {
		light: 'file:../nodes/Kohomai/kohomai.svg',
		dark: 'file:../nodes/Kohomai/kohomai.dark.svg',
	};

	documentationUrl = 'https://github.com/kohomai/n8n-nodes-kohomai#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The workspace API key, from Settings > API in the Kohomai back-office. One key serves every workflow of the workspace. Pasted with its "Bearer " prefix or as a whole "Authorization: Bearer …" line, it works too.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.kohomai.com/api/v1',
			description:
				'The API address of your workspace: https://app.kohomai.com/api/v1, or https://app.hyperaktiv.ai/api/v1 since Kohomai became Hyperaktiv. Change it only for another host, such as a local sandbox.',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSSLIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the SSL certificate is not trusted (self-signed, expired, another host name). Only for a self-hosted Kohomai or a network that inspects TLS traffic.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// As pasted: a `Bearer ` prefix, a whole header line, quotes, invisible characters (apiKey.ts).
		const key = apiKeyOf(credentials.apiKey);
		requestOptions.headers = { ...requestOptions.headers, Authorization: `Bearer ${key}` };
		return requestOptions;
	}
}
