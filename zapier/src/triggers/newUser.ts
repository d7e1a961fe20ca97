import type { Bundle, ZObject } from 'zapier-platform-core';

import { startDeadline } from '../http';
import { newestFirst, readList } from '../listing';
import { zapierRecord } from '../records';

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
		description: 'Triggers when a person is added to your Kohomai workspace (registered into a journey or created in the back-office).',
	},
	operation: {
		perform,
		sample: {
			id: '74590868830731162',
			Id: '74590868830731162',
			Firstname: 'John',
			Lastname: 'Doe',
			ContactPrefs: { Email: 'johndoe@example.com' },
			createdDate: '2023-05-30T09:00:00.000Z',
		},
		outputFields: [
			{ key: 'id', label: 'User ID' },
			{ key: 'Firstname', label: 'First Name' },
			{ key: 'Lastname', label: 'Last Name' },
			{ key: 'ContactPrefs__Email', label: 'Email' },
			{ key: 'createdDate', label: 'Created', type: 'datetime' as const },
		],
	},
};
