import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../common.descriptions';
import type { RunContext } from '../operation';
import { readLimit } from '../../helpers/parameters';
import { firstName, lastName, userEmail } from '../../mapping/records';
import { optionalEmail, optionalText } from '../../mapping/validate';

const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		description: 'Conditions every returned end user meets; without any, all end users are returned',
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
	...returnAllAndLimit,
];

export const option = {
	name: 'Search',
	description: 'Find existing end users by email or name; each result’s ID can open a session',
	action: 'Search end users',
};

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['search'] } }, properties);

interface Search {
	email?: string;
	firstName?: string;
	lastName?: string;
	limit?: number;
}

/** Throws InputError naming the filter. */
export function prepare(this: IExecuteFunctions, itemIndex: number): Search {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return {
		email: optionalEmail('Email', filters.email),
		firstName: optionalText('First Name', filters.firstName, 255),
		lastName: optionalText('Last Name', filters.lastName, 255),
		limit: readLimit(this, itemIndex),
	};
}

/** GET /users with the filters (names undocumented); results checked again here. */
export async function send(
	this: IExecuteFunctions,
	search: Search,
	itemIndex: number,
	{ client }: RunContext,
): Promise<IDataObject[]> {
	return await client.list({
		path: '/users',
		qs: { email: search.email, firstname: search.firstName, lastname: search.lastName },
		limit: search.limit,
		itemIndex,
		keep: matcher(search),
	});
}

/**
 * Kohomai's search may match loosely (an email filter returning "joann@…" for
 * "ann@…"), so results are checked again here. Undefined filters match all.
 */
function matcher(search: Search): (user: IDataObject) => boolean {
	const email = search.email?.toLowerCase();
	const first = search.firstName?.toLowerCase();
	const last = search.lastName?.toLowerCase();
	return (user) => {
		if (email && userEmail(user).toLowerCase() !== email) return false;
		if (first && !firstName(user).toLowerCase().includes(first)) return false;
		if (last && !lastName(user).toLowerCase().includes(last)) return false;
		return true;
	};
}
