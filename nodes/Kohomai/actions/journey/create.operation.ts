import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { redirectUrlField } from '../common.descriptions';
import { connectionOutput } from '../connection';
import type { RunContext } from '../operation';
import { fixedCollectionEntries } from '../../helpers/collections';
import type { BodyFormat } from '../../mapping/payloads';
import { registrationBody } from '../../mapping/payloads';
import { InputError, startingPointReference } from '../../mapping/validate';
import type { ItemParameterReader } from '../../helpers/itemParameters';
import { parameterReaderFor } from '../../helpers/itemParameters';

const FORMAT_NAMES: Record<BodyFormat, string> = { nested: 'Nested (Vendor Page)', flat: 'Flat' };

const nameField = (displayName: string, name: string, required: boolean): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	required,
	default: '',
	description: `${displayName} of the person${required ? '' : ' (optional in the flat format)'}`,
	displayOptions: { show: { bodyFormat: [required ? 'nested' : 'flat'] } },
});

const properties: INodeProperties[] = [
	{
		displayName: 'API Starting Point Reference',
		name: 'startingPointRef',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7f3a9c2e',
		description:
			'The reference of the workflow’s API starting point, sent as the "ref" query parameter: it decides which workflow the person joins. In the Kohomai back-office, open the workflow (funnel) and click its API starting point to read it. One credential serves every workflow.',
	},
	{
		displayName: 'Body Format',
		name: 'bodyFormat',
		type: 'options',
		options: [
			{
				name: FORMAT_NAMES.nested,
				value: 'nested',
				description: 'Journey.User.ContactPrefs.Email with data key IDs, as on the vendor page of May 2023',
			},
			{
				name: FORMAT_NAMES.flat,
				value: 'flat',
				description:
					'Email, Firstname, Lastname, PhoneNumber at the top level with data point names, as in Kohomai’s later docs',
			},
		],
		default: 'nested',
		description: 'How the registration is written. Keep the default unless Kohomai refuses it; then try the other one.',
	},
	nameField('First Name', 'firstName', true),
	nameField('First Name', 'firstName', false),
	nameField('Last Name', 'lastName', true),
	nameField('Last Name', 'lastName', false),
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'Email address of the person; Kohomai uses it to contact them',
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		placeholder: '+49 30 1234567',
		description: 'Optional. Digits with an optional leading +; spaces, dots, dashes and parentheses allowed.',
		displayOptions: { show: { bodyFormat: ['flat'] } },
	},
	redirectUrlField,
	{
		displayName: 'Specify Journey Data',
		name: 'specifyJourneyData',
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'keypair' },
			{ name: 'Using JSON', value: 'json' },
		],
		// Workflows saved by 0.1.0 have no such parameter: they keep their fields.
		default: 'keypair',
		description:
			'Whether to give the journey data one value at a time, or all at once as JSON (a list, or data from an earlier node through one expression)',
	},
	{
		displayName: 'Journey Data (JSON)',
		name: 'journeyDataJson',
		type: 'json',
		default: '',
		placeholder: '[{ "dataPoint": "Department", "value": "R&D" }]',
		description:
			'A list of { "dataPoint", "value" }, { "values": [...] }, or an object of data point → value: typed as JSON, or from one expression that reads it from the input item. Nested format: data points are data key IDs; flat format: data point names.',
		displayOptions: { show: { specifyJourneyData: ['json'] } },
	},
	{
		displayName: 'Journey Data',
		name: 'journeyData',
		type: 'fixedCollection',
		displayOptions: { show: { specifyJourneyData: ['keypair'] } },
		typeOptions: { multipleValues: true },
		placeholder: 'Add value',
		default: {},
		description:
			'Optional values stored on the journey, each for a data point that already exists in the Kohomai workspace. To set them all with one expression, choose "Using JSON" above: n8n does not read an expression set on this whole list.',
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Data Point',
						name: 'dataPoint',
						type: 'string',
						default: '',
						placeholder: '123456789 (nested) or Department (flat)',
						description:
							'Nested format: the ID of the data key (digits), as shown in Kohomai. Flat format: the name of the data point.',
					},
					{
						// Kept hidden so that workflows saved before data points keep their value.
						displayName: 'Data Key ID',
						name: 'dataKeyId',
						type: 'hidden',
						default: '',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Text stored for this data point',
					},
				],
			},
		],
	},
];

export const option = {
	name: 'Create',
	description:
		'Register a person into a Kohomai workflow through its API starting point and get their one-time login link (ConnectionURL)',
	action: 'Create a journey',
};

export const description = updateDisplayOptions({ show: { resource: ['journey'], operation: ['create'] } }, properties);

interface Registration {
	ref: string;
	format: BodyFormat;
	body: Record<string, unknown>;
}

/** Reads the item's fields and builds the body in the chosen format. Throws InputError. */
export function prepare(this: IExecuteFunctions, itemIndex: number): Registration {
	const read = parameterReaderFor(this);
	const param = (name: string) => read(name, itemIndex, '');
	const format = read('bodyFormat', itemIndex, 'nested') as BodyFormat;
	const ref = startingPointReference('API Starting Point Reference', param('startingPointRef'));
	const body = registrationBody(format, {
		firstName: param('firstName'),
		lastName: param('lastName'),
		email: param('email'),
		phoneNumber: format === 'flat' ? param('phoneNumber') : undefined,
		redirectUrl: param('redirectUrl'),
		journeyData: journeyDataOf(read, itemIndex),
	});
	return { ref, format, body };
}

/**
 * The item's journey data, however it was given, for the payload builders
 * (mapping/payloads.ts reads every form and refuses what it cannot read,
 * naming Journey Data). "Using JSON": the JSON field, which must give
 * something when it is an expression. "Using Fields Below": the entries.
 * n8n replaces an expression set on the whole collection with an empty one
 * before the node runs (Workflow's parameter normalisation, n8n-workflow
 * 2.x), so that case cannot be seen here: the field's description points to
 * "Using JSON". An expression set on the list of values becomes one empty
 * entry per character of the expression: refused with the same advice.
 * Throws InputError.
 */
function journeyDataOf(read: ItemParameterReader, itemIndex: number): unknown {
	if (read('specifyJourneyData', itemIndex, 'keypair') === 'json') {
		const given = read('journeyDataJson', itemIndex, '');
		// A literal field gives '' at worst: nothing means an expression that found nothing.
		if (given === undefined || given === null)
			throw new InputError(
				'Journey Data (JSON)',
				'is empty: its expression gave nothing. Check the field it reads, or give [] for no journey data',
			);
		return given;
	}
	const collection = read('journeyData', itemIndex, {});
	const values = (collection as { values?: unknown } | null)?.values;
	if (Array.isArray(values) && values.length > 1 && values.every(isBlankEntry))
		throw new InputError(
			'Journey Data',
			`has ${values.length} empty values: an expression set on the whole list is not read by n8n. Set "Specify Journey Data" to "Using JSON" and put the expression there`,
		);
	// `dataKeyId` is the field's name in workflows saved before data points
	// (n8n fills the new field with its empty default there).
	return fixedCollectionEntries(collection, 'values', (v) => ({
		dataPoint: v.dataPoint === undefined || v.dataPoint === '' ? (v.dataKeyId ?? v.dataPoint) : v.dataPoint,
		value: v.value,
	}));
}

const isBlankEntry = (entry: unknown) =>
	entry === null ||
	entry === undefined ||
	(typeof entry === 'object' && Object.values(entry).every((v) => v === '' || v === undefined || v === null));

/** POST /journeys?ref=<reference> with the workspace key (LR-1 2023-06-27, SDK-C 853734e). */
export async function send(
	this: IExecuteFunctions,
	{ ref, format, body }: Registration,
	itemIndex: number,
	{ client }: RunContext,
): Promise<IDataObject[]> {
	try {
		return connectionOutput(
			await client.request({ method: 'POST', path: '/journeys', qs: { ref }, body, itemIndex, sideEffect: 'journey' }),
		);
	} catch (error) {
		throw withFormatHint(this, error, format, itemIndex);
	}
}

/**
 * The transport's error, with a hint about the other body format added to a
 * 400 or 422 (Kohomai refusing the body); anything else as an n8n error.
 */
function withFormatHint(
	ctx: IExecuteFunctions,
	error: unknown,
	format: BodyFormat,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) {
		if (error.httpCode === '400' || error.httpCode === '422')
			error.description = `${error.description ?? ''} ${otherFormatHint(format)}`.trim();
		return error;
	}
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** Which generation a workspace accepts is unknown (PUBLIC-DOCS-FACTS §1.1), so a refusal may mean the other one. */
function otherFormatHint(format: BodyFormat): string {
	const other: BodyFormat = format === 'nested' ? 'flat' : 'nested';
	return `This workspace may expect the other registration format: set "Body Format" to "${FORMAT_NAMES[other]}" and try again.`;
}
