import type { Bundle, ZObject } from 'zapier-platform-core';

import { idFromLocator } from '../../../nodes/Kohomai/mapping/backOfficeUrls';
import type { JsonRecord } from '../../../nodes/Kohomai/mapping/lists';
import { checked } from '../errors';
import { callKohomai, startDeadline } from '../http';
import { zapierRecord } from '../records';
import { JOURNEY_OUTPUT_FIELDS, JOURNEY_SAMPLE } from '../triggers/newJourney';
import { idOrBackOfficeUrl } from '../idOrUrl';

/**
 * GET /journeys/{id}: the status of every activity of one journey (FOS,
 * 2023-06-27; shape `{ Id, Status, User, Workflow, Activities: [{ Id, Name,
 * Status: 'Todo' | 'Done' }] }` assumed as in the sandbox). A journey that
 * does not exist is no result, as Zapier expects of a search.
 */
async function perform(z: ZObject, bundle: Bundle) {
	const journeyId = checked(z, () =>
		idFromLocator('Journey', 'journey', idOrBackOfficeUrl(bundle.inputData.journeyId)),
	);
	const answer = await callKohomai(
		z,
		bundle,
		{ method: 'GET', path: `/journeys/${journeyId}`, deadline: startDeadline() },
		true,
	);
	if (answer.status === 404) return [];
	const journey = answer.body as JsonRecord;
	if (journey === null || typeof journey !== 'object' || Array.isArray(journey)) {
		throw new z.errors.Error(
			'Kohomai answered with something other than a journey. Check that the Base URL of the Kohomai connection ends with /api/v1.',
			'KohomaiUnreadable',
		);
	}
	return [zapierRecord(journey)];
}

export const findJourney = {
	key: 'find_journey',
	noun: 'Journey',
	display: {
		label: 'Find Journey',
		description: 'Finds a journey by its ID and tells the status of each of its activities.',
	},
	operation: {
		inputFields: [
			{
				key: 'journeyId',
				label: 'Journey',
				required: true,
				dynamic: 'new_journey.id.id',
				helpText:
					'The journey ID, or the address of its back-office page, such as https://app.kohomai.com/p/journeys/123456.',
			},
		],
		perform,
		sample: JOURNEY_SAMPLE,
		outputFields: JOURNEY_OUTPUT_FIELDS,
	},
};
