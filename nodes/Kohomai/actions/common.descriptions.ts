import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_RATE_LIMIT_WAIT_MINUTES, MAX_RATE_LIMIT_WAIT_MINUTES } from '../helpers/parameters';
import { DEFAULT_ITEMS_IN_FLIGHT } from '../helpers/runItems';
import { DEFAULT_TIMEOUT_MS } from '../transport';
import { INITIAL_ITEMS_IN_FLIGHT, MAX_ITEMS_IN_FLIGHT } from '../transport/adaptiveLimit';

/**
 * Parameters shared by several operations. They carry no displayOptions:
 * each operation file places them with n8n's `updateDisplayOptions`.
 */

export const redirectUrlField: INodeProperties = {
	displayName: 'Redirect URL',
	name: 'redirectUrl',
	type: 'string',
	default: '',
	placeholder: 'https://www.myapp.com/welcome',
	description:
		'Optional. Where Kohomai sends the person once every activity open to them is done; an http:// or https:// address. To continue this n8n workflow when they finish, put {{ $execution.resumeUrl }} here and add a Wait node set to "On Webhook Call" after this one.',
};

export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

// No editor-side regex validation on the locators below: n8n runs it under a
// 250 ms watchdog that can fail a whole run on a busy machine; the node checks
// the id itself and names the field and item.

/** An existing person: From List, By ID, By URL of their back-office page. */
export const userLocator: INodeProperties = {
	displayName: 'End User',
	name: 'user',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description:
		'The existing end user. Their ID comes from User: Search (the ID field) or from their page in the Kohomai back-office.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an end user...',
			typeOptions: { searchListMethod: 'searchUsers', searchable: true },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 74590868830731162' },
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://app.kohomai.com/p/settings/users/74590868830731162',
		},
	],
};

/** A person's journey: From List, By ID, By URL of its back-office page (`/p/journeys/<id>`, any host). */
export const journeyLocator: INodeProperties = {
	displayName: 'Journey',
	name: 'journey',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description:
		'The journey of one person in one workflow. Its ID comes from Journey: Get Many or from the person’s journey page in the Kohomai back-office (Leads, then the person).',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a journey...',
			typeOptions: { searchListMethod: 'searchJourneys', searchable: true },
		},
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 58230741923847561' },
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://app.hyperaktiv.ai/p/journeys/58230741923847561',
		},
	],
};

/** Options every operation shares: how long to wait for an answer and for the rate limit, and how many items at once. */
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
			description: `How many input items are sent to Kohomai at the same time. 0 (the default) adapts: it starts at ${INITIAL_ITEMS_IN_FLIGHT}, grows while Kohomai answers quickly and backs off when it answers "too many requests", times out or fails, up to ${MAX_ITEMS_IN_FLIGHT}; the adaptive limit is shared by every execution using the same Kohomai workspace. A number from 1 to ${MAX_ITEMS_IN_FLIGHT} fixes it for this node. Output order stays the input order. After a "too many requests" answer every execution using the workspace waits and then spaces its requests to the pace Kohomai accepts.`,
		},
		{
			displayName: 'Max Wait When Rate Limited',
			name: 'maxRateLimitWait',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_RATE_LIMIT_WAIT_MINUTES, numberPrecision: 2 },
			default: DEFAULT_RATE_LIMIT_WAIT_MINUTES,
			description: `Minutes a request may wait for Kohomai's rate limit ("too many requests") before its item fails. Such a request had no effect, so waiting is safe: executions that arrive together queue up and are sent, in turn, at the pace Kohomai accepts. The default (${DEFAULT_RATE_LIMIT_WAIT_MINUTES}) lets a burst of thousands drain; 0 fails at the first "too many requests".`,
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
