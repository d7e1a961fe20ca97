import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as journey from './journey/Journey.resource';
import type { OperationExecute } from './run.types';
import * as session from './session/Session.resource';
import * as user from './user/User.resource';
import * as workflow from './workflow/Workflow.resource';
import { DEFAULT_TIMEOUT_MS, KohomaiClient } from '../transport';
import { AdaptiveLimit, FixedLimit } from '../transport/adaptiveLimit';

const operations: Record<string, Record<string, OperationExecute>> = {
	workflow: { getAll: workflow.getAll.execute },
	user: { search: user.search.execute },
	journey: { create: journey.create.execute },
	session: { create: session.create.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = operations[resource]?.[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for "${resource}"`);
	}
	// Options are read once: they shape the whole run (one timeout, one pace).
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const timeout = positiveOr(options.timeout, DEFAULT_TIMEOUT_MS);
	// Items in Flight: empty or 0 adapts to the API; a number fixes it.
	const fixed = positiveOr(options.concurrency, 0);
	const inFlight = fixed > 0 ? new FixedLimit(fixed) : new AdaptiveLimit();
	const client = await KohomaiClient.create(this, timeout, inFlight);
	return [await execute.call(this, items, { client, inFlight })];
}

function positiveOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}
