import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Open a new session for an existing end user and get their one-time login link (ConnectionURL)',
				action: 'Create a session',
			},
		],
		default: 'create',
	},
	...create.description,
];
