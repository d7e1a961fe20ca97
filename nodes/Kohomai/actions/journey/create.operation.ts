import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { redirectUrlField } from '../common.descriptions';
import { connectionOutput } from '../connection';
import type { RunContext } from '../run.types';
import { fixedCollectionEntries } from '../../helpers/collections';
import { runItems } from '../../helpers/runItems';
import { nestedRegistration } from '../../mapping/payloads';

const show = { resource: ['journey'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		required: true,
		default: '',
		description: 'First name of the new end user',
		displayOptions: { show },
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		required: true,
		default: '',
		description: 'Last name of the new end user',
		displayOptions: { show },
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'Email address of the new end user; Kohomai uses it to contact them',
		displayOptions: { show },
	},
	redirectUrlField(
		'journey',
		'Optional. Where Kohomai sends the end user once every available activity of the journey is done. Must start with http:// or https://.',
	),
	{
		displayName: 'Journey Data',
		name: 'journeyData',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add value',
		default: {},
		description: 'Optional values to store on the journey, each addressed by the ID of a data key defined in Kohomai',
		displayOptions: { show },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Data Key ID',
						name: 'dataKeyId',
						type: 'string',
						default: '',
						placeholder: '123456789',
						description: 'ID of the data key (digits), as shown in Kohomai',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Text stored for this data key',
					},
				],
			},
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	{ client, inFlight }: RunContext,
): Promise<INodeExecutionData[]> {
	return await runItems(this, items, inFlight, {
		prepare: (i) => journeyBody(this, i),
		send: async (body, i) =>
			connectionOutput(await client.request({ method: 'POST', path: '/journeys', body, itemIndex: i, sideEffect: 'journey' })),
	});
}

/** The n8n fields of one item, handed to the shared payload builder. */
function journeyBody(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const param = (name: string) => ctx.getNodeParameter(name, itemIndex, '');
	const collection = ctx.getNodeParameter('journeyData', itemIndex, {}) as unknown;
	return nestedRegistration({
		firstName: param('firstName'),
		lastName: param('lastName'),
		email: param('email'),
		redirectUrl: param('redirectUrl'),
		journeyData: fixedCollectionEntries(collection, 'values', (v) => ({ dataPoint: v.dataKeyId, value: v.value })),
	});
}
