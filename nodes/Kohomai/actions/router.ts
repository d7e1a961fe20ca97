import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findOperation } from './node.type';
import { readRunOptions } from '../helpers/parameters';
import { runItems } from '../helpers/runItems';
import { KohomaiClient } from '../transport';
import { FixedLimit } from '../transport/adaptiveLimit';

/**
 * Runs the chosen operation over every input item: the loop, pairing,
 * continue-on-fail and concurrency live in runItems; the operation only
 * prepares and sends one item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const op = findOperation(resource, operation);
	if (!op) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${String(operation)}" is not known for the resource "${String(resource)}"`,
		);
	}
	// Options shape the whole run (one timeout, one pace), so item 0's are used.
	const { timeoutMs, itemsInFlight, maxRateLimitWaitMs } = readRunOptions(this);
	// Items in Flight: 0 adapts to the API (one limit shared by every run using it); a number fixes it for this run.
	const fixedLimit = itemsInFlight > 0 ? new FixedLimit(itemsInFlight) : undefined;
	const client = await KohomaiClient.create(this, { timeoutMs, fixedLimit, maxRateLimitWaitMs });
	const run = { client };
	return [
		await runItems(this, items, client.inFlightLimit(fixedLimit), {
			prepare: (i) => op.prepare.call(this, i),
			send: async (prepared, i) => await op.send.call(this, prepared, i, run),
		}),
	];
}
