import type { Bundle, ZObject } from 'zapier-platform-core';

import type { JsonRecord } from '../../../nodes/Kohomai/mapping/lists';
import { positiveId } from '../../../nodes/Kohomai/mapping/validate';
import { checked } from '../errors';
import { startDeadline } from '../http';
import { newestFirst, readList } from '../listing';
import { zapierRecord } from '../records';

/**
 * GET /journeys (FOS, 2023-06-27; shape assumed as in the sandbox), newest
 * first; optionally only the journeys of one workflow, compared as exact digits.
 */
async function perform(z: ZObject, bundle: Bundle) {
	const workflowId = checked(z, () => {
		const given = bundle.inputData.workflowId;
		return given === undefined || given === null || given === '' ? undefined : positiveId('Workflow', given);
	});
	const ofWorkflow = (journey: JsonRecord) => {
		if (workflowId === undefined) return true;
		const workflow = journey.Workflow as JsonRecord | null | undefined;
		return workflow !== null && workflow !== undefined && String(workflow.Id) === workflowId;
	};
	const journeys = await readList(z, bundle, '/journeys', {}, startDeadline(), ofWorkflow);
	return newestFirst(journeys).map(zapierRecord);
}

export const JOURNEY_SAMPLE = {
	id: '58230741923847561',
	Id: '58230741923847561',
	Status: 'InProgress',
	User: { Id: '74590868830731162', Firstname: 'John', Lastname: 'Doe' },
	Workflow: { Id: '318274650918273645', Name: 'Employee onboarding' },
	RedirectURL: null,
	createdDate: '2023-06-27T09:00:00.000Z',
	Activities: [
		{ Id: '58230741923847601', Name: 'Sign the employment contract', Status: 'Done' },
		{ Id: '58230741923847602', Name: 'Upload an ID document', Status: 'Todo' },
	],
};

export const JOURNEY_OUTPUT_FIELDS = [
	{ key: 'id', label: 'Journey ID' },
	{ key: 'Status', label: 'Journey Status' },
	{ key: 'User__Id', label: 'User ID' },
	{ key: 'Workflow__Id', label: 'Workflow ID' },
	{ key: 'Workflow__Name', label: 'Workflow Name' },
	{ key: 'Activities[]Name', label: 'Activity Names' },
	{ key: 'Activities[]Status', label: 'Activity Statuses' },
];

export const newJourney = {
	key: 'new_journey',
	noun: 'Journey',
	display: {
		label: 'New Journey',
		description: 'Triggers when a person starts a journey in your Kohomai workspace.',
	},
	operation: {
		inputFields: [
			{
				key: 'workflowId',
				label: 'Workflow',
				required: false,
				dynamic: 'workflow.id.Name',
				helpText: 'Only journeys of this workflow. Leave empty for every journey.',
			},
		],
		perform,
		sample: JOURNEY_SAMPLE,
		outputFields: JOURNEY_OUTPUT_FIELDS,
	},
};
