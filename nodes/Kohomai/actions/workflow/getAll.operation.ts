import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../common.descriptions';
import type { RunContext } from '../run.types';
import { runItems } from '../../helpers/runItems';
import { readLimit } from '../../helpers/parameters';

export const description: INodeProperties[] = [...returnAllAndLimit('workflow', 'getAll')];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	{ client, inFlight }: RunContext,
): Promise<INodeExecutionData[]> {
	return await runItems(this, items, inFlight, {
		prepare: (i) => ({ limit: readLimit(this, i) }),
		send: async ({ limit }, i) => await client.list({ path: '/workflows', limit, itemIndex: i }),
	});
}
