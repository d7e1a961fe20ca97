import type { INodeProperties } from 'n8n-workflow';

import { DETAILS_PER_POLL, WATCH_CAP } from '../Kohomai/mapping/events';
import { MAX_RATE_LIMIT_WAIT_MINUTES } from '../Kohomai/helpers/parameters';
import { POLL_RATE_LIMIT_WAIT_MINUTES } from './poll';

/** The Kohomai Trigger's parameters; n8n adds "Poll Times" itself to every polling node. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		required: true,
		default: 'journeyCompleted',
		options: [
			{
				name: 'Activity Completed',
				value: 'activityCompleted',
				description: 'A person completed one activity of their journey (one item per activity)',
			},
			{
				name: 'Journey Completed',
				value: 'journeyCompleted',
				description: 'A person completed every activity of their journey, or Kohomai marked it completed',
			},
			{
				name: 'Journey Stalled',
				value: 'journeyStalled',
				description: 'A person made no progress for a number of days; fires once per stall, again after new progress',
			},
			{
				name: 'Journey Started',
				value: 'journeyStarted',
				description: 'A person was registered into a workflow (a new journey)',
			},
		],
	},
	{
		displayName: 'Days Without Progress',
		name: 'stalledDays',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 1, maxValue: 365 },
		description:
			'Whole days since the journey started or its last activity was completed, after which it counts as stalled',
		displayOptions: { show: { event: ['journeyStalled'] } },
	},
	{
		displayName: 'Workflow',
		name: 'workflow',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'Only journeys of this workflow. Leave empty to watch every workflow of the workspace.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a workflow...',
				typeOptions: { searchListMethod: 'searchWorkflows', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 318274650918273645' },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://app.kohomai.com/p/funnels/edit/318274650918273645',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Wait When Rate Limited',
				name: 'maxRateLimitWait',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_RATE_LIMIT_WAIT_MINUTES, numberPrecision: 2 },
				default: POLL_RATE_LIMIT_WAIT_MINUTES,
				description:
					'Minutes a poll may wait for Kohomai\'s rate limit ("too many requests") before it fails. A failed poll advances nothing: the next poll finds the same events.',
			},
		],
	},
	{
		displayName: `Each poll reads the journey list once and at most ${DETAILS_PER_POLL} single journeys; it remembers at most ${WATCH_CAP} open journeys. The first poll after activation only records what exists: nothing is emitted for it.`,
		name: 'notice',
		type: 'notice',
		default: '',
	},
];
