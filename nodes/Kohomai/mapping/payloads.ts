import { JsonInteger } from './json';
import { InputError, email, optionalHttpUrl, positiveId, requiredText } from './validate';

/**
 * Request bodies for Kohomai's two POSTs, built from what the user typed and
 * checked field by field (throws InputError). Ids go out as JsonInteger, so
 * they keep every digit.
 */

const MAX_NAME = 255;
const MAX_DATA_VALUE = 10_000;

/** What a person is registered with, as typed; every field unchecked. */
export interface RegistrationInput {
	firstName?: unknown;
	lastName?: unknown;
	email?: unknown;
	redirectUrl?: unknown;
	/** Journey data: each a data key id (digits) and a text value. */
	journeyData?: unknown;
}

/**
 * The registration body of the vendor page (SDK-B, 2023-05-30):
 * `{ RedirectURL?, Journey: { User: { Firstname, Lastname, ContactPrefs: { Email } }, JourneyData?: [{ StringValue, DataKey: { Id } }] } }`.
 * First name, last name and email are required.
 */
export function nestedRegistration(input: RegistrationInput): Record<string, unknown> {
	const user = {
		Firstname: requiredText('First Name', input.firstName, MAX_NAME),
		Lastname: requiredText('Last Name', input.lastName, MAX_NAME),
		ContactPrefs: { Email: email('Email', input.email) },
	};
	const data = journeyDataEntries(input.journeyData).map(({ key, value, label }) => ({
		StringValue: value,
		DataKey: { Id: new JsonInteger(positiveId(`${label}: Data Key ID`, key)) },
	}));
	const redirect = optionalHttpUrl('Redirect URL', input.redirectUrl);
	return {
		...(redirect ? { RedirectURL: redirect } : {}),
		Journey: { User: user, ...(data.length ? { JourneyData: data } : {}) },
	};
}

/** Journey data entries as `{ key, value }` with their labels ("Journey Data 2"); `key` unchecked. */
function journeyDataEntries(collection: unknown): Array<{ key: unknown; value: string; label: string }> {
	if (collection === null || collection === undefined || collection === '') return [];
	const list = Array.isArray(collection) ? collection : undefined;
	if (!list) throw new InputError('Journey Data', `must be a list of data keys and values, not ${typeof collection === 'object' ? 'an object' : `a ${typeof collection}`}`);
	return list.map((entry: unknown, n) => {
		const label = `Journey Data ${n + 1}`;
		const e = (entry ?? {}) as { key?: unknown; value?: unknown };
		if (e.key === undefined || e.key === null || (typeof e.key === 'string' && e.key.trim() === '')) {
			throw new InputError(`${label}: Data Key ID`, 'is empty; give the ID of a data key, or remove this value');
		}
		const value = e.value ?? '';
		if (typeof value !== 'string') throw new InputError(`${label}: Value`, 'must be text');
		if (value.length > MAX_DATA_VALUE) throw new InputError(`${label}: Value`, `is too long (at most ${MAX_DATA_VALUE} characters)`);
		return { key: e.key, value, label };
	});
}

/**
 * The POST /sessions body for an existing person: `{ User: { Id }, RedirectURL? }`
 * (SDK-A/B/C, 2023). The id is sent as a bare JSON number with every digit, as
 * in the vendor's JSON sample.
 */
export function userSession(userId: string, redirectUrl: unknown): Record<string, unknown> {
	const redirect = optionalHttpUrl('Redirect URL', redirectUrl);
	return { User: { Id: new JsonInteger(userId) }, ...(redirect ? { RedirectURL: redirect } : {}) };
}
