import type { Bundle, ZObject } from 'zapier-platform-core';

import { startDeadline } from '../http';
import { newestFirst, readList } from '../listing';
import { USER_OUTPUT_FIELDS, USER_SAMPLE, zapierRecord } from '../records';

/** GET /users (SDK-A/B/C, 2023; list shape assumed in mapping/lists.ts), newest first. */
async function perform(z: ZObject, bundle: Bundle) {
	const users = await readList(z, bundle, '/users', {}, startDeadline());
	return newestFirst(users).map(zapierRecord);
}

export const newUser = {
	key: 'new_user',
	noun: 'User',
	display: {
		label: 'New User',
		description:
			'Triggers when a person is added to your Kohomai workspace (registered into a journey or created in the back-office).',
	},
	operation: {
		perform,
		sample: USER_SAMPLE,
		outputFields: USER_OUTPUT_FIELDS,
	},
};
