import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../transport';
import { DEFAULT_ITEMS_IN_FLIGHT } from '../helpers/runItems';
import { INITIAL_ITEMS_IN_FLIGHT, MAX_ITEMS_IN_FLIGHT } from '../transport/adaptiveLimit';

export function redirectUrlField(resource: string, description: string): INodeProperties {
	return {
		displayName: 'Redirect URL',
		name: 'redirectUrl',
		type: 'string',
		default: '',
		placeholder: 'https://www.myapp.com/welcome',
		description,
		displayOptions: { show: { resource: [resource], operation: ['create'] } },
	};
}

export function returnAllAndLimit(resource: string, operation: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show: { resource: [resource], operation: [operation] } },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { resource: [resource], operation: [operation], returnAll: [false] } },
		},
	];
}

/** Options every operation shares: how long to wait, and how many items at once. */
export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Items in Flight',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_ITEMS_IN_FLIGHT },
			default: DEFAULT_ITEMS_IN_FLIGHT,
			description: `How many input items are sent to Kohomai at the same time. 0 (the default) adapts: it starts at ${INITIAL_ITEMS_IN_FLIGHT}, grows while Kohomai answers quickly and backs off when it answers "too many requests", times out or fails, up to ${MAX_ITEMS_IN_FLIGHT}. A number from 1 to ${MAX_ITEMS_IN_FLIGHT} fixes it. Output order stays the input order. After a "too many requests" answer the whole node waits and then spaces its requests to the pace Kohomai accepts.`,
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_MS,
			description:
				'Milliseconds to wait for each answer from Kohomai. A journey or session request that times out is not repeated, because it may have been created.',
		},
	],
};
