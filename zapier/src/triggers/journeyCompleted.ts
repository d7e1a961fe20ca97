import type { Bundle, ZObject } from 'zapier-platform-core';

import { EVENT_OUTPUT_FIELDS, JOURNEY_COMPLETED_SAMPLE, WORKFLOW_FILTER, journeyEvents } from './journeyEvents';

/** Journeys completed (every activity done, or Kohomai's status says so: mapping/events.ts), newest first. */
async function perform(z: ZObject, bundle: Bundle) {
	return await journeyEvents(z, bundle, 'journeyCompleted');
}

export const journeyCompleted = {
	key: 'journey_completed',
	noun: 'Journey',
	display: {
		label: 'Journey Completed',
		description: 'Triggers when a person completes every activity of their journey.',
	},
	operation: {
		inputFields: [WORKFLOW_FILTER],
		perform,
		sample: JOURNEY_COMPLETED_SAMPLE,
		outputFields: EVENT_OUTPUT_FIELDS,
	},
};
