import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workflow'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the workspace’s workflows, to find the one to register end users into',
				action: 'Get many workflows',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
