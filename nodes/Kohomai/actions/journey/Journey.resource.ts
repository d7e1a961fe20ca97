import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['journey'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Register a new end user into a Kohomai workflow and get their one-time login link (ConnectionURL)',
				action: 'Create a journey',
			},
		],
		default: 'create',
	},
	...create.description,
];
