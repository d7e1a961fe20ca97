import type { Bundle, ZObject } from 'zapier-platform-core';

import { idFromLocator } from '../../../nodes/Kohomai/mapping/backOfficeUrls';
import { journeySession, userSession } from '../../../nodes/Kohomai/mapping/payloads';
import { InputError } from '../../../nodes/Kohomai/mapping/validate';
import { checked } from '../errors';
import { callKohomai, startDeadline } from '../http';
import { idOrBackOfficeUrl } from '../idOrUrl';
import { CONNECTION_OUTPUT_FIELDS, CONNECTION_SAMPLE, connectionResult } from './connection';

const given = (value: unknown) =>
	value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

/**
 * The POST /sessions body for exactly one of a user (`{ User: { Id } }`,
 * SDK-A/B/C 2023) or a journey (`{ Journey: { Id } }`, FOS 2023-06-27), each
 * given as an id or a back-office address. Throws InputError.
 */
export function sessionBody(input: Record<string, unknown>): Record<string, unknown> {
	const forUser = given(input.userId);
	const forJourney = given(input.journeyId);
	if (forUser === forJourney) {
		throw new InputError(
			'User',
			forUser
				? 'and "Journey" are both given; give only one of them'
				: 'or "Journey" is required: give the person or their journey',
		);
	}
	return forUser
		? userSession(idFromLocator('User', 'user', idOrBackOfficeUrl(input.userId)), input.redirectUrl)
		: journeySession(idFromLocator('Journey', 'journey', idOrBackOfficeUrl(input.journeyId)), input.redirectUrl);
}

/** POST /sessions with the workspace key: a new one-time login link for someone already registered. */
async function perform(z: ZObject, bundle: Bundle) {
	const body = checked(z, () => sessionBody(bundle.inputData));
	const answer = await callKohomai(z, bundle, {
		method: 'POST',
		path: '/sessions',
		body,
		creates: 'session',
		deadline: startDeadline(),
	});
	return connectionResult(z, answer.body, 'session');
}

export const createSession = {
	key: 'create_session',
	noun: 'Session',
	display: {
		label: 'Create Session',
		description:
			'Opens a new session for a person already registered, by user or by journey, and returns their one-time login link.',
	},
	operation: {
		inputFields: [
			{
				key: 'userId',
				label: 'User',
				required: false,
				dynamic: 'new_user.id.ContactPrefs__Email',
				search: 'find_user.id',
				helpText:
					'The user ID, or the address of their back-office page (https://app.kohomai.com/p/settings/users/...). Give this or Journey.',
			},
			{
				key: 'journeyId',
				label: 'Journey',
				required: false,
				search: 'find_journey.id',
				helpText:
					'The journey ID, or the address of its back-office page (https://app.kohomai.com/p/journeys/...). Give this or User.',
			},
			{
				key: 'redirectUrl',
				label: 'Redirect URL',
				required: false,
				helpText: 'Where Kohomai sends the person once every activity open to them is done (a full https:// address).',
			},
		],
		perform,
		sample: CONNECTION_SAMPLE,
		outputFields: CONNECTION_OUTPUT_FIELDS,
	},
};
