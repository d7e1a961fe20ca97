import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../common.descriptions';
import type { RunContext } from '../operation';
import { readLimit } from '../../helpers/parameters';
import { journeyUserId } from '../../mapping/records';
import { positiveId } from '../../mapping/validate';

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		description: 'Conditions every returned journey meets; without any, all journeys are returned',
		options: [
			{
				displayName: 'End User ID',
				name: 'userId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 74590868830731162',
				description: 'Only the journeys of this person (the ID field of User: Search)',
			},
		],
	},
];

export const option = {
	name: 'Get Many',
	description: 'List journeys, with their status, to find the journey of a person',
	action: 'Get many journeys',
};

export const description = updateDisplayOptions({ show: { resource: ['journey'], operation: ['getAll'] } }, properties);

interface JourneySearch {
	userId?: string;
	limit?: number;
}

/** Throws InputError ("End User ID", "Return All", "Limit"). */
export function prepare(this: IExecuteFunctions, itemIndex: number): JourneySearch {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const given = filters.userId;
	const userId = given === undefined || given === '' ? undefined : positiveId('End User ID', given);
	return { userId, limit: readLimit(this, itemIndex) };
}

/**
 * GET /journeys (FOS 2023-06-27; filters undocumented): `userId` is sent, and
 * checked again here in case Kohomai ignores it.
 */
export async function send(
	this: IExecuteFunctions,
	search: JourneySearch,
	itemIndex: number,
	{ client }: RunContext,
): Promise<IDataObject[]> {
	const { userId, limit } = search;
	return await client.list({
		path: '/journeys',
		qs: userId ? { userId } : {},
		limit,
		itemIndex,
		keep: userId ? (journey) => journeyUserId(journey) === userId : undefined,
	});
}
