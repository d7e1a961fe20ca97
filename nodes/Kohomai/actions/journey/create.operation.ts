import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { redirectUrlField } from '../common.descriptions';
import { connectionOutput } from '../connection';
import type { RunContext } from '../run.types';
import { runItems } from '../../helpers/runItems';
import type { Field } from '../../helpers/validate';
import { email, invalid, optionalHttpUrl, positiveId, requiredText } from '../../helpers/validate';
import { JsonInteger } from '../../transport';

const show = { resource: ['journey'], operation: ['create'] };
const MAX_DATA_VALUE = 10_000;

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

/** The documented POST /journeys payload, checked field by field. */
function journeyBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const field = (label: string): Field => ({ ctx, itemIndex, label });
	const param = (name: string) => ctx.getNodeParameter(name, itemIndex, '');
	const user = {
		Firstname: requiredText(field('First Name'), param('firstName'), 255),
		Lastname: requiredText(field('Last Name'), param('lastName'), 255),
		ContactPrefs: { Email: email(field('Email'), param('email')) },
	};
	const data = journeyData(ctx, itemIndex);
	const redirect = optionalHttpUrl(field('Redirect URL'), param('redirectUrl'));
	return {
		...(redirect ? { RedirectURL: redirect } : {}),
		Journey: { User: user, ...(data.length ? { JourneyData: data } : {}) },
	};
}

function journeyData(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const collection = ctx.getNodeParameter('journeyData', itemIndex, {}) as unknown;
	if (collection === null || collection === undefined || collection === '') return [];
	if (typeof collection !== 'object' || Array.isArray(collection)) {
		throw invalid({ ctx, itemIndex, label: 'Journey Data' }, 'must be a list of data key IDs and values');
	}
	const values = (collection as IDataObject).values ?? [];
	if (!Array.isArray(values)) throw invalid({ ctx, itemIndex, label: 'Journey Data' }, 'must be a list of values');
	return values.map((entry: IDataObject, n) => {
		const field = (label: string): Field => ({ ctx, itemIndex, label: `Journey Data ${n + 1}: ${label}` });
		const keyId = entry?.dataKeyId;
		if (keyId === undefined || keyId === null || (typeof keyId === 'string' && keyId.trim() === '')) {
			throw invalid(field('Data Key ID'), 'is empty; give the ID of a data key, or remove this value');
		}
		const value = entry?.value ?? '';
		if (typeof value !== 'string') throw invalid(field('Value'), 'must be text');
		if (value.length > MAX_DATA_VALUE) throw invalid(field('Value'), `is too long (at most ${MAX_DATA_VALUE} characters)`);
		return { StringValue: value, DataKey: { Id: new JsonInteger(positiveId(field('Data Key ID'), keyId)) } };
	});
}
