import { JsonInteger, parseJsonLossless } from './json';
import {
	InputError,
	email,
	optionalHttpUrl,
	optionalText,
	positiveId,
	requiredText,
	shown,
	textOf,
	typeName,
} from './validate';

/**
 * Request bodies for Kohomai's two POSTs, built from what the user typed and
 * checked field by field (throws InputError). Ids go out as JsonInteger, so
 * they keep every digit.
 */

const MAX_NAME = 255;
const MAX_DATA_VALUE = 10_000;

/** The documented generations of the registration body (PUBLIC-DOCS-FACTS §1.1). */
export type BodyFormat = 'nested' | 'flat';

/** What a person is registered with, as typed; every field unchecked. */
export interface RegistrationInput {
	firstName?: unknown;
	lastName?: unknown;
	email?: unknown;
	/** Flat format only. */
	phoneNumber?: unknown;
	redirectUrl?: unknown;
	/**
	 * Journey data as a list of `{ dataPoint, value }` or any form that
	 * {@link journeyDataList} reads: the data point is a data key id (digits)
	 * in the nested format, a data point name in the flat one.
	 */
	journeyData?: unknown;
}

/**
 * The registration body of the vendor page (SDK-B, 2023-05-30):
 * `{ RedirectURL?, Journey: { User: { Firstname, Lastname, ContactPrefs: { Email } }, JourneyData?: [{ StringValue, DataKey: { Id } }] } }`.
 * First name, last name and email are required. Throws InputError.
 */
export function nestedRegistration(input: RegistrationInput): Record<string, unknown> {
	const user = {
		Firstname: requiredText('First Name', input.firstName, MAX_NAME),
		Lastname: requiredText('Last Name', input.lastName, MAX_NAME),
		ContactPrefs: { Email: email('Email', input.email) },
	};
	const data = journeyDataEntries(input.journeyData).map(({ dataPoint, value, label }) => ({
		StringValue: value,
		DataKey: { Id: new JsonInteger(positiveId(`${label}: Data Point`, dataPoint)) },
	}));
	const redirect = optionalHttpUrl('Redirect URL', input.redirectUrl);
	return {
		...(redirect ? { RedirectURL: redirect } : {}),
		Journey: { User: user, ...(data.length ? { JourneyData: data } : {}) },
	};
}

/**
 * The flat registration body (LR-2, 2023-06-28; journey data by name from
 * 2023-09-01; the same body on POST /leads, LR-3 2023-10-13):
 * `{ Email, Firstname?, Lastname?, PhoneNumber?, RedirectURL?, JourneyData?: [{ Name, Value }] }`.
 * Only the email is required. Throws InputError.
 */
export function flatRegistration(input: RegistrationInput): Record<string, unknown> {
	const body: Record<string, unknown> = { Email: email('Email', input.email) };
	const firstName = optionalText('First Name', input.firstName, MAX_NAME);
	const lastName = optionalText('Last Name', input.lastName, MAX_NAME);
	const phone = optionalPhone('Phone Number', input.phoneNumber);
	const redirect = optionalHttpUrl('Redirect URL', input.redirectUrl);
	if (firstName !== undefined) body.Firstname = firstName;
	if (lastName !== undefined) body.Lastname = lastName;
	if (phone !== undefined) body.PhoneNumber = phone;
	if (redirect !== undefined) body.RedirectURL = redirect;
	const data = journeyDataEntries(input.journeyData).map(({ dataPoint, value, label }) => ({
		Name: requiredText(`${label}: Data Point`, dataPoint, MAX_NAME),
		Value: value,
	}));
	if (data.length) body.JourneyData = data;
	return body;
}

/** The body builder of each format, so callers pick by the user's choice instead of branching. */
export const REGISTRATION_BUILDERS: Record<BodyFormat, (input: RegistrationInput) => Record<string, unknown>> = {
	nested: nestedRegistration,
	flat: flatRegistration,
};

/** The registration body in the chosen format. Throws InputError for an unknown format or a bad field. */
export function registrationBody(format: unknown, input: RegistrationInput): Record<string, unknown> {
	if (format !== 'nested' && format !== 'flat') {
		throw new InputError('Body Format', `must be "nested" or "flat", not ${shown(format)}`);
	}
	return REGISTRATION_BUILDERS[format](input);
}

/** Where an entry names its data point: the node's fields, then the names people, AI builders and Kohomai's own bodies use. */
const DATA_POINT_KEYS = ['dataPoint', 'dataKeyId', 'dataKey', 'name', 'Name', 'id', 'Id', 'key'];
const VALUE_KEYS = ['value', 'Value', 'StringValue'];
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** An entry's data point: the first key given, or Kohomai's own `DataKey: { Id }` / `DataPoint: { Id }`. */
function dataPointOf(entry: Record<string, unknown>): unknown {
	for (const k of DATA_POINT_KEYS) {
		const v = entry[k];
		if (v !== undefined && v !== null && v !== '') return v;
	}
	for (const k of ['DataKey', 'DataPoint']) {
		const inner = entry[k];
		if (inner !== null && typeof inner === 'object' && has(inner, 'Id')) return (inner as { Id: unknown }).Id;
	}
	return undefined;
}

function valueOf(entry: Record<string, unknown>): unknown {
	for (const k of VALUE_KEYS) if (entry[k] !== undefined) return entry[k];
	return undefined;
}

/**
 * Journey data however it is given, as a list of `{ dataPoint, value }`
 * (unchecked): a list of entries; n8n's fixed collection `{ values: [...] }`;
 * an object of data point -> value (`{ "Department": "R&D" }`, or data key
 * ids as keys, kept exact since keys are text); one entry; or any of these as
 * JSON text (read losslessly: a bare data key id keeps every digit). An entry
 * names its data point `dataPoint` (or `name`, `id`, `dataKeyId`, Kohomai's
 * `Name` / `DataKey: { Id }`) and its value `value` (or `Value`,
 * `StringValue`). Nothing (undefined, null, '', []) is no data. Throws
 * InputError naming "Journey Data" for anything else, so data that cannot be
 * read is never dropped silently.
 */
export function journeyDataList(given: unknown, parsed = false): Array<{ dataPoint: unknown; value: unknown }> {
	if (given === undefined || given === null) return [];
	if (typeof given === 'string') {
		const text = given.trim();
		if (text === '') return [];
		if (parsed) throw notData(given);
		const read = jsonOrReason(text);
		if ('reason' in read)
			throw new InputError(
				'Journey Data',
				`is not valid JSON (${read.reason}): ${shown(text)}. Give a list such as [{"dataPoint": "Department", "value": "R&D"}]`,
			);
		return journeyDataList(read.value, true);
	}
	if (Array.isArray(given))
		return given.map((entry: unknown, n) => {
			if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
				throw new InputError(
					`Journey Data ${n + 1}`,
					`must be an object with a data point and a value, not ${typeName(entry)}`,
				);
			const e = entry as Record<string, unknown>;
			return { dataPoint: dataPointOf(e), value: valueOf(e) };
		});
	if (typeof given === 'object') {
		const o = given as Record<string, unknown>;
		if (has(o, 'values')) return journeyDataList(o.values ?? [], parsed);
		const keys = Object.keys(o);
		if (keys.some((k) => VALUE_KEYS.includes(k)) && dataPointOf(o) !== undefined)
			return [{ dataPoint: dataPointOf(o), value: valueOf(o) }];
		return keys.map((k) => ({ dataPoint: k, value: o[k] }));
	}
	throw notData(given);
}

/** Lossless JSON (data key ids keep every digit), or why the text is not JSON. */
function jsonOrReason(text: string): { value: unknown } | { reason: string } {
	try {
		return { value: parseJsonLossless(text) };
	} catch (error) {
		return { reason: (error as Error).message };
	}
}

function notData(given: unknown): InputError {
	return new InputError(
		'Journey Data',
		`must be a list of data points and values, not ${typeName(given) === 'a string' ? shown(given) : typeName(given)}`,
	);
}

/** Journey data entries with their labels ("Journey Data 2"); data points unchecked, values checked. */
function journeyDataEntries(given: unknown): Array<{ dataPoint: unknown; value: string; label: string }> {
	return journeyDataList(given).map((e, n) => {
		const label = `Journey Data ${n + 1}`;
		if (
			e.dataPoint === undefined ||
			e.dataPoint === null ||
			(typeof e.dataPoint === 'string' && e.dataPoint.trim() === '')
		) {
			throw new InputError(`${label}: Data Point`, 'is empty; give the data point, or remove this value');
		}
		const value = textOf(`${label}: Value`, e.value) ?? '';
		if (value.length > MAX_DATA_VALUE)
			throw new InputError(`${label}: Value`, `is too long (at most ${MAX_DATA_VALUE} characters)`);
		return { dataPoint: e.dataPoint, value, label };
	});
}

/**
 * A phone number as typed: digits with the usual separators (spaces, dots,
 * parentheses, any dash, including the non-breaking hyphen U+2011 of the
 * vendor's own samples) and an optional leading +. Undefined when empty.
 */
function optionalPhone(field: string, value: unknown): string | undefined {
	const text = optionalText(field, value, 50);
	if (text === undefined) return undefined;
	if (!/^\+?[\d\s().\p{Pd}]+$/u.test(text) || (text.match(/\d/g) ?? []).length < 3) {
		throw new InputError(field, `must be a phone number made of digits (with an optional leading +): ${shown(text)}`);
	}
	return text;
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

/**
 * The POST /sessions body for a journey: `{ Journey: { Id }, RedirectURL? }`
 * (FOS, 2023-06-27/28; the journey id from GET /journeys or the back-office
 * page /p/journeys/<id>). The id keeps every digit.
 */
export function journeySession(journeyId: string, redirectUrl: unknown): Record<string, unknown> {
	const redirect = optionalHttpUrl('Redirect URL', redirectUrl);
	return { Journey: { Id: new JsonInteger(journeyId) }, ...(redirect ? { RedirectURL: redirect } : {}) };
}
