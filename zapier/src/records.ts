import { idsAsStrings } from '../../nodes/Kohomai/mapping/ids';
import type { JsonRecord } from '../../nodes/Kohomai/mapping/lists';

/**
 * A Kohomai record as a Zapier result: every id as exact digits in a string,
 * plus the lowercase `id` Zapier deduplicates polling results by and fills
 * dynamic dropdowns from (the record's `Id`, as a string).
 */
export function zapierRecord(record: JsonRecord): JsonRecord & { id: string } {
	const exact = idsAsStrings(record) as JsonRecord;
	return { id: String(exact.Id ?? exact.id ?? ''), ...exact };
}

/** A user as GET /users gives it (fields as in SDK-B, 2023-05-30; the vendor's sample id). */
export const USER_SAMPLE = {
	id: '74590868830731162',
	Id: '74590868830731162',
	Firstname: 'John',
	Lastname: 'Doe',
	ContactPrefs: { Email: 'johndoe@example.com' },
	createdDate: '2023-05-30T09:00:00.000Z',
};

export const USER_OUTPUT_FIELDS = [
	{ key: 'id', label: 'User ID' },
	{ key: 'Firstname', label: 'First Name' },
	{ key: 'Lastname', label: 'Last Name' },
	{ key: 'ContactPrefs__Email', label: 'Email' },
	{ key: 'createdDate', label: 'Created', type: 'datetime' as const },
];
