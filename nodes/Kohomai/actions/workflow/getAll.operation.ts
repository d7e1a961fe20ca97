import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../common.descriptions';
import type { RunContext } from '../operation';
import { readLimit } from '../../helpers/parameters';

export const option = {
	name: 'Get Many',
	description: 'List the workspace’s workflows (funnels)',
	action: 'Get many workflows',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['workflow'], operation: ['getAll'] } },
	returnAllAndLimit,
);

/** Throws InputError ("Return All", "Limit"). */
export function prepare(this: IExecuteFunctions, itemIndex: number): { limit?: number } {
	return { limit: readLimit(this, itemIndex) };
}

/** GET /workflows (SDK-A/B; later docs: GET /funnels, handled by the transport). */
export async function send(
	this: IExecuteFunctions,
	{ limit }: { limit?: number },
	itemIndex: number,
	{ client }: RunContext,
): Promise<IDataObject[]> {
	return await client.list({ path: '/workflows', limit, itemIndex });
}
