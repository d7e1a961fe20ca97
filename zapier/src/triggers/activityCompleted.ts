import type { Bundle, ZObject } from 'zapier-platform-core';

import { ACTIVITY_COMPLETED_SAMPLE, EVENT_OUTPUT_FIELDS, WORKFLOW_FILTER, journeyEvents } from './journeyEvents';

/** Activities completed, one result per activity, newest first (mapping/events.ts). */
async function perform(z: ZObject, bundle: Bundle) {
	return await journeyEvents(z, bundle, 'activityCompleted');
}

export const activityCompleted = {
	key: 'activity_completed',
	noun: 'Activity',
	display: {
		label: 'Activity Completed',
		description: 'Triggers when a person completes one activity of their journey (for example signs a contract).',
	},
	operation: {
		inputFields: [WORKFLOW_FILTER],
		perform,
		sample: ACTIVITY_COMPLETED_SAMPLE,
		outputFields: [
			...EVENT_OUTPUT_FIELDS,
			{ key: 'activity__Id', label: 'Activity ID' },
			{ key: 'activity__Name', label: 'Activity Name' },
			{ key: 'activity__completedDate', label: 'Activity Completed', type: 'datetime' as const },
		],
	},
};
