import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { KohomaiApi } from '../../../credentials/KohomaiApi.credentials';
import { KohomaiClient } from '../transport';

/** Short enough for the editor's credential dialog, long enough for a slow API. */
const TEST_TIMEOUT_MS = 15_000;

/**
 * The credential test (`testedBy: 'kohomaiApiTest'`): lists one workflow
 * through the node's own transport, so the test passes exactly when the
 * node's calls would: same Base URL normalisation, same answer checks (an
 * HTML page answered with 200 fails), same /workflows then /funnels rule, same
 * messages (headline, then what to do).
 */
export async function kohomaiApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const type = new KohomaiApi();
	const client = KohomaiClient.forCredentialTest(
		this,
		credential.data ?? {},
		async (data, options) => await type.authenticate(data, options),
		TEST_TIMEOUT_MS,
	);
	try {
		await client.list({ path: '/workflows', limit: 1 });
		return { status: 'OK', message: 'Connection successful!' };
	} catch (error) {
		const { message, description } = error as { message?: string; description?: string };
		const text = [message, description].filter((t) => typeof t === 'string' && t).join('. ');
		return { status: 'Error', message: client.redact(text || 'The connection to Kohomai failed') };
	}
}
