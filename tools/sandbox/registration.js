// @ts-check
'use strict';

const { toIdString } = require('./json');

/**
 * POST /journeys?ref=<reference>: the registration of a person into the
 * workflow whose API starting point has that reference (LR-1 2023-06-27,
 * SDK-C 853734e), in one of the two documented body generations:
 * - nested (the vendor page, SDK-B 2023-05-30):
 *   `{ RedirectURL?, Journey: { User: { Firstname, Lastname, ContactPrefs: { Email } }, JourneyData?: [{ StringValue, DataKey|DataPoint: { Id } }] } }`
 * - flat (LR-2 2023-06-28, data points by name from 2023-09-01):
 *   `{ Email, Firstname?, Lastname?, PhoneNumber?, RedirectURL?, JourneyData?: [{ Name, Value }] }`
 * Which one a workspace accepts is a sandbox setting (`registrationFormat`:
 * 'nested' default, 'flat', or 'both', told apart by the `Journey` key). A body
 * in a format the workspace does not accept, or with any key that its format
 * does not have, is refused with 400 naming the key: this is what makes the
 * format choice testable.
 * @typedef {'nested' | 'flat' | 'both'} RegistrationFormat
 * @typedef {{ field: string, message: string }} FieldError
 * @typedef {{ format: 'nested' | 'flat', Firstname: string, Lastname: string, Email: string, PhoneNumber: string | null,
 *   RedirectURL: unknown, JourneyData: import('./state').JourneyDatum[] }} Registration
 */

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const NESTED_KEYS = {
	'': ['RedirectURL', 'Journey'],
	Journey: ['User', 'JourneyData'],
	'Journey.User': ['Firstname', 'Lastname', 'ContactPrefs'],
	'Journey.User.ContactPrefs': ['Email'],
	item: ['StringValue', 'DataKey', 'DataPoint'],
};
const FLAT_KEYS = {
	'': ['Email', 'Firstname', 'Lastname', 'PhoneNumber', 'RedirectURL', 'JourneyData'],
	item: ['Name', 'Value'],
};

/** @param {unknown} v @returns {Record<string, unknown>} */
function obj(v) {
	return v !== null && typeof v === 'object' && !Array.isArray(v) ? /** @type {Record<string, unknown>} */ (v) : {};
}

/**
 * The first key of `value` that is not in `allowed`, as a dotted path.
 * @param {unknown} value @param {string[]} allowed @param {string} at
 */
function unexpectedKey(value, allowed, at) {
	for (const key of Object.keys(obj(value))) if (!allowed.includes(key)) return at ? `${at}.${key}` : key;
	return undefined;
}

/**
 * The reference's workflow, or an error answer naming the reference.
 * @param {URLSearchParams} query @param {import('./state').Store} store
 * @returns {{ workflowId: string } | { status: number, body: unknown }}
 */
function startingPoint(query, store) {
	const ref = query.get('ref');
	if (ref === null || ref.trim() === '') {
		return {
			status: 400,
			body: { message: 'The query parameter "ref" (the reference of an API starting point) is required' },
		};
	}
	const workflowId = store.workflowForReference(ref);
	if (workflowId === undefined)
		return { status: 404, body: { message: `No API starting point has the reference "${ref}"` } };
	return { workflowId };
}

/**
 * Reads a registration body strictly in one format.
 * @param {Record<string, unknown>} root
 * @param {RegistrationFormat} accepted
 * @param {import('./state').Store} store
 * @returns {{ registration: Registration } | { status: number, body: unknown }}
 */
function readRegistration(root, accepted, store) {
	const format = accepted === 'both' ? ('Journey' in root ? 'nested' : 'flat') : accepted;
	const unexpected = format === 'nested' ? nestedUnexpected(root) : flatUnexpected(root);
	if (unexpected) {
		return {
			status: 400,
			body: {
				message: `Unexpected key "${unexpected}" in the request body: this workspace registers people in the ${format} format`,
				errors: [{ field: unexpected, message: `Unexpected key "${unexpected}"` }],
			},
		};
	}
	/** @type {FieldError[]} */
	const errors = [];
	const person = format === 'nested' ? obj(obj(root.Journey).User) : root;
	const at = format === 'nested' ? 'Journey.User.' : '';
	/** @param {string} name @param {boolean} required */
	const name = (name, required) => {
		const v = person[name];
		if (typeof v === 'string' && v.trim() !== '') return v;
		if (required || (v !== undefined && v !== null && typeof v !== 'string')) {
			errors.push({ field: `${at}${name}`, message: `${at}${name} ${required ? 'is required' : 'must be a string'}` });
		}
		return '';
	};
	const Firstname = name('Firstname', format === 'nested');
	const Lastname = name('Lastname', format === 'nested');
	const emailField = format === 'nested' ? 'Journey.User.ContactPrefs.Email' : 'Email';
	const emailIn = format === 'nested' ? obj(person.ContactPrefs).Email : root.Email;
	let Email = '';
	if (emailIn === undefined || emailIn === null || emailIn === '')
		errors.push({ field: emailField, message: `${emailField} is required` });
	else if (typeof emailIn !== 'string' || !EMAIL_RE.test(emailIn.trim())) {
		errors.push({ field: emailField, message: `${emailField} is not a valid email address` });
	} else Email = emailIn.trim();
	let PhoneNumber = null;
	if (format === 'flat' && root.PhoneNumber !== undefined && root.PhoneNumber !== null) {
		if (typeof root.PhoneNumber === 'string') PhoneNumber = root.PhoneNumber;
		else errors.push({ field: 'PhoneNumber', message: 'PhoneNumber must be a string' });
	}
	const dataAt = format === 'nested' ? 'Journey.JourneyData' : 'JourneyData';
	const dataIn = format === 'nested' ? obj(root.Journey).JourneyData : root.JourneyData;
	const JourneyData =
		format === 'nested' ? nestedData(dataIn, dataAt, store, errors) : flatData(dataIn, dataAt, store, errors);
	if (errors.length > 0) return { status: 422, body: { message: errors[0].message, errors } };
	return {
		registration: { format, Firstname, Lastname, Email, PhoneNumber, RedirectURL: root.RedirectURL, JourneyData },
	};
}

/** @param {Record<string, unknown>} root */
function nestedUnexpected(root) {
	const journey = obj(root.Journey);
	const user = obj(journey.User);
	const items = Array.isArray(journey.JourneyData) ? journey.JourneyData : [];
	return (
		unexpectedKey(root, NESTED_KEYS[''], '') ??
		unexpectedKey(journey, NESTED_KEYS.Journey, 'Journey') ??
		unexpectedKey(user, NESTED_KEYS['Journey.User'], 'Journey.User') ??
		unexpectedKey(user.ContactPrefs, NESTED_KEYS['Journey.User.ContactPrefs'], 'Journey.User.ContactPrefs') ??
		items.map((item, i) => unexpectedKey(item, NESTED_KEYS.item, `Journey.JourneyData[${i}]`)).find(Boolean)
	);
}

/** @param {Record<string, unknown>} root */
function flatUnexpected(root) {
	const items = Array.isArray(root.JourneyData) ? root.JourneyData : [];
	return (
		unexpectedKey(root, FLAT_KEYS[''], '') ??
		items.map((item, i) => unexpectedKey(item, FLAT_KEYS.item, `JourneyData[${i}]`)).find(Boolean)
	);
}

/**
 * `[{ StringValue, DataKey: { Id } }]`, or `DataPoint` for `DataKey` (renamed 2023-06-15).
 * @param {unknown} dataIn @param {string} at @param {import('./state').Store} store @param {FieldError[]} errors
 */
function nestedData(dataIn, at, store, errors) {
	/** @type {import('./state').JourneyDatum[]} */
	const out = [];
	if (dataIn === undefined || dataIn === null) return out;
	if (!Array.isArray(dataIn)) {
		errors.push({ field: at, message: `${at} must be an array` });
		return out;
	}
	dataIn.forEach((item, i) => {
		const entry = obj(item);
		const wrapper = entry.DataKey !== undefined ? 'DataKey' : 'DataPoint';
		const field = `${at}[${i}].${wrapper}.Id`;
		if (typeof entry.StringValue !== 'string')
			errors.push({ field: `${at}[${i}].StringValue`, message: `${at}[${i}].StringValue must be a string` });
		const keyId = toIdString(obj(entry[wrapper]).Id);
		if (keyId === null) errors.push({ field, message: `${field} must be an integer id` });
		else if (!store.findDataKey(keyId))
			errors.push({ field, message: `${field} ${keyId} is not a data key of this workspace` });
		else if (typeof entry.StringValue === 'string')
			out.push({ StringValue: entry.StringValue, DataKey: { Id: keyId } });
	});
	return out;
}

/**
 * `[{ Name, Value }]`: a data point addressed by its name (d232120, 2023-09-01).
 * @param {unknown} dataIn @param {string} at @param {import('./state').Store} store @param {FieldError[]} errors
 */
function flatData(dataIn, at, store, errors) {
	/** @type {import('./state').JourneyDatum[]} */
	const out = [];
	if (dataIn === undefined || dataIn === null) return out;
	if (!Array.isArray(dataIn)) {
		errors.push({ field: at, message: `${at} must be an array` });
		return out;
	}
	dataIn.forEach((item, i) => {
		const entry = obj(item);
		if (typeof entry.Value !== 'string')
			errors.push({ field: `${at}[${i}].Value`, message: `${at}[${i}].Value must be a string` });
		const dataKey =
			typeof entry.Name === 'string' ? store.state.dataKeys.find((d) => d.Name === entry.Name) : undefined;
		if (typeof entry.Name !== 'string')
			errors.push({ field: `${at}[${i}].Name`, message: `${at}[${i}].Name must be a string` });
		else if (!dataKey)
			errors.push({
				field: `${at}[${i}].Name`,
				message: `${at}[${i}].Name "${entry.Name}" is not a data point of this workspace`,
			});
		else if (typeof entry.Value === 'string') out.push({ StringValue: entry.Value, DataKey: { Id: dataKey.Id } });
	});
	return out;
}

module.exports = { startingPoint, readRegistration };
