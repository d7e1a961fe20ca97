import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeDescription } from './actions/node.description';
import { router } from './actions/router';
import { listSearch } from './methods';

export class Kohomai implements INodeType {
	description: INodeTypeDescription = nodeDescription;

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
