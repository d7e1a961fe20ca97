import type { INodeProperties } from 'n8n-workflow';

import * as search from './search.operation';

export { search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description: 'Find existing end users by email or name; each result’s ID can open a session',
				action: 'Search end users',
			},
		],
		default: 'search',
	},
	...search.description,
];
