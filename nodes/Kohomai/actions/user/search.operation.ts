import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../common.descriptions';
import type { RunContext } from '../run.types';
import { runItems } from '../../helpers/runItems';
import { readLimit } from '../../helpers/parameters';
import { optionalEmail, optionalText } from '../../mapping/validate';

export const description: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		description: 'Conditions every returned end user meets; without any, all end users are returned',
		displayOptions: { show: { resource: ['user'], operation: ['search'] } },
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Only the end user whose email is exactly this (letter case ignored)',
			},
			{
				displayName: 'First Name',
				name: 'firstName',
				type: 'string',
				default: '',
				description: 'Only end users whose first name contains this (letter case ignored)',
			},
			{
				displayName: 'Last Name',
				name: 'lastName',
				type: 'string',
				default: '',
				description: 'Only end users whose last name contains this (letter case ignored)',
			},
		],
	},
	...returnAllAndLimit('user', 'search'),
];

interface Search {
	email?: string;
	firstName?: string;
	lastName?: string;
	limit?: number;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	{ client, inFlight }: RunContext,
): Promise<INodeExecutionData[]> {
	return await runItems(this, items, inFlight, {
		prepare: (i) => readSearch(this, i),
		send: async (search, i) =>
			await client.list({
				path: '/users',
				qs: { email: search.email, firstname: search.firstName, lastname: search.lastName },
				limit: search.limit,
				itemIndex: i,
				keep: matcher(search),
			}),
	});
}

function readSearch(ctx: IExecuteFunctions, itemIndex: number): Search {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return {
		email: optionalEmail('Email', filters.email),
		firstName: optionalText('First Name', filters.firstName, 255),
		lastName: optionalText('Last Name', filters.lastName, 255),
		limit: readLimit(ctx, itemIndex),
	};
}

/**
 * Kohomai's search may match loosely (an email filter returning "joann@…" for
 * "ann@…"), so results are checked again here. Undefined filters match all.
 */
function matcher(search: Search): (user: IDataObject) => boolean {
	const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');
	const email = lower(search.email);
	const firstName = lower(search.firstName);
	const lastName = lower(search.lastName);
	return (user) => {
		if (email && lower((user.ContactPrefs as IDataObject | undefined)?.Email ?? user.Email ?? user.email) !== email) return false;
		if (firstName && !lower(user.Firstname ?? user.firstName).includes(firstName)) return false;
		if (lastName && !lower(user.Lastname ?? user.lastName).includes(lastName)) return false;
		return true;
	};
}
