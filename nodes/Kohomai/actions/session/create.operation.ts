import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { redirectUrlField } from '../common.descriptions';
import { connectionOutput } from '../connection';
import type { RunContext } from '../run.types';
import { runItems } from '../../helpers/runItems';
import { idFromLocator } from '../../mapping/backOfficeUrls';
import { userSession } from '../../mapping/payloads';

export const description: INodeProperties[] = [
	{
		displayName: 'End User',
		name: 'user',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The existing end user to open a session for. Their ID comes from User: Search (the ID field).',
		displayOptions: { show: { resource: ['session'], operation: ['create'] } },
		// No editor-side regex validation: n8n runs it under a 250 ms watchdog that
		// can fail a whole run on a busy machine; the node checks the id itself
		// and names the field and item.
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an end user...',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 74590868830731162',
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://app.kohomai.com/p/settings/users/74590868830731162',
			},
		],
	},
	redirectUrlField(
		'session',
		'Optional. Where Kohomai sends the end user once every available activity is done. Must start with http:// or https://.',
	),
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	{ client, inFlight }: RunContext,
): Promise<INodeExecutionData[]> {
	return await runItems(this, items, inFlight, {
		prepare: (i) =>
			userSession(idFromLocator('End User', 'user', this.getNodeParameter('user', i)), this.getNodeParameter('redirectUrl', i, '')),
		send: async (body, i) =>
			connectionOutput(await client.request({ method: 'POST', path: '/sessions', body, itemIndex: i, sideEffect: 'session' })),
	});
}
