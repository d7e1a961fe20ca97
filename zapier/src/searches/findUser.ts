import type { Bundle, ZObject } from 'zapier-platform-core';

import type { JsonRecord } from '../../../nodes/Kohomai/mapping/lists';
import { email } from '../../../nodes/Kohomai/mapping/validate';
import { checked } from '../errors';
import { startDeadline } from '../http';
import { readList } from '../listing';
import { USER_OUTPUT_FIELDS, USER_SAMPLE, zapierRecord } from '../records';

/** The email of a user record: `ContactPrefs.Email` (SDK-B, 2023-05-30), or a flat `Email`. */
function emailOf(user: JsonRecord): string | undefined {
	const prefs = user.ContactPrefs as JsonRecord | undefined;
	const value = prefs && typeof prefs === 'object' ? prefs.Email : user.Email;
	return typeof value === 'string' ? value : undefined;
}

/**
 * GET /users?email= and keep only the users whose email is exactly the one
 * asked for (letter case aside): the filter's semantics are undocumented and
 * may match loosely (ann@ also finds joann@), which would hand another
 * person's record to the next step.
 */
async function perform(z: ZObject, bundle: Bundle) {
	const given = checked(z, () => email('Email', bundle.inputData.email));
	const wanted = given.toLowerCase();
	const exact = (user: JsonRecord) => emailOf(user)?.trim().toLowerCase() === wanted;
	const users = await readList(z, bundle, '/users', { email: given }, startDeadline(), exact);
	return users.map(zapierRecord);
}

export const findUser = {
	key: 'find_user',
	noun: 'User',
	display: {
		label: 'Find User',
		description: 'Finds a person in your Kohomai workspace by their exact email address.',
	},
	operation: {
		inputFields: [{ key: 'email', label: 'Email', required: true, helpText: 'The exact email address of the person.' }],
		perform,
		sample: USER_SAMPLE,
		outputFields: USER_OUTPUT_FIELDS,
	},
};
