/**
 * Input checks, platform-free: they run before any request, so a bad value
 * never reaches Kohomai. Each throws an {@link InputError} that names the field
 * by its label; the platform adds where it happened (n8n: the item index,
 * Zapier: the step) and turns it into its own error type.
 */
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]+$/;
const DIGITS = /^\d+$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const HTTP_PREFIX = /^https?:\/\/[^/\\]/i;
const MAX_ID_DIGITS = 20;

/**
 * A value the user gave that cannot be sent. `field` is the label the user
 * sees ("Email", "Journey Data 2: Value"); `problem` completes a sentence
 * after it ("is required", "must be made of digits only: \"12ab\"").
 */
export class InputError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
	) {
		super(`"${field}" ${problem}`);
		this.name = 'InputError';
	}
}

/** Line breaks, tabs, NUL and the like have no place in a name, an email or a URL. */
function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x20 || c === 0x7f) return true;
	}
	return false;
}

/**
 * A value for a message: text quoted and cut to 40 characters (format
 * characters such as U+200B written as `\u200B`), numbers and switches as
 * written, anything else by its kind ("nothing", "an object").
 */
export function shown(value: unknown): string {
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
		return JSON.stringify(String(value));
	if (typeof value !== 'string') return typeName(value);
	const quoted = value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
	// Invisible characters are shown by their code, or the message would look like the valid value.
	return quoted.replace(/\p{Cf}/gu, (c) => {
		const code = (c.codePointAt(0) ?? 0).toString(16).toUpperCase();
		return code.length > 4 ? `\\u{${code}}` : `\\u${code.padStart(4, '0')}`;
	});
}

/** "a number", "an object", "nothing": reads in a sentence for any value, missing ones included. */
export function typeName(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'bigint') return 'a number';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The text of a value given for a text field, as n8n's own nodes read it: a
 * string as it is, a number or a switch as its text (`4930123456` ->
 * "4930123456", `true` -> "true"), since an expression such as
 * `{{ $json.phone }}` yields a number whenever the source column holds one.
 * Undefined for nothing (undefined, null). Throws InputError for a number
 * that cannot be written exactly (NaN, Infinity, or an integer beyond 2^53
 * that was already rounded when the expression produced it: sending it would
 * send other digits than the user's), and for lists and objects.
 */
export function textOf(field: string, value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new InputError(field, `must be text, not the number ${String(value)}`);
		if (Number.isInteger(value) && !Number.isSafeInteger(value))
			throw new InputError(
				field,
				'is a number too large to be exact here; pass it as text (for example {{ String($json.field) }} or quote it in the source)',
			);
		return String(value);
	}
	throw new InputError(field, `must be text, not ${typeName(value)}`);
}

/** Text that may be empty; undefined when empty. Throws InputError on non-text, length, control characters. */
export function optionalText(field: string, value: unknown, maxLength: number): string | undefined {
	const given = textOf(field, value);
	if (given === undefined || given === '') return undefined;
	const text = given.trim();
	if (text === '') return undefined;
	if (text.length > maxLength)
		throw new InputError(field, `is too long (${text.length} characters, at most ${maxLength})`);
	if (hasControlCharacter(text))
		throw new InputError(field, 'contains control characters (such as a line break or tab)');
	// Half of an emoji would be re-encoded as another character on the way out.
	if (LONE_SURROGATE.test(text))
		throw new InputError(field, 'contains a broken character (half of an emoji or symbol)');
	return text;
}

export function requiredText(field: string, value: unknown, maxLength: number): string {
	const text = optionalText(field, value, maxLength);
	if (text === undefined) throw new InputError(field, 'is required');
	return text;
}

/**
 * Unicode's format characters (category Cf): zero-width space and joiners,
 * soft hyphen, BOM, word joiner, bidi marks and isolates, invisible
 * operators, tags. They are invisible, so they come with copied text (a web
 * page, a sheet, a PDF), never from typing.
 */
const FORMAT_CHARACTERS = /\p{Cf}/gu;
/** The joiners that some scripts (Persian, Indic) need between letters of a word. */
const JOINERS = /[\u200c\u200d]/;

/**
 * An email address, required. Format characters (Unicode Cf) are removed
 * before the address is checked and sent: an address with them would match
 * nobody in User: Search and register a second person in Journey: Create at
 * an address nobody receives mail at, and a plain address never contains
 * one. The one exception is refused instead of cleaned: a zero-width joiner
 * or non-joiner in an address with non-ASCII letters may belong to a word
 * there, so the node cannot tell which address was meant. Throws InputError.
 */
export function email(field: string, value: unknown): string {
	const given = requiredText(field, value, 254 * 4);
	const cleaned = given.replace(FORMAT_CHARACTERS, '').trim();
	if (cleaned !== given && JOINERS.test(given) && /[^\p{ASCII}]/u.test(cleaned))
		throw new InputError(
			field,
			`contains an invisible joiner (U+200C or U+200D) in an address with non-ASCII letters: ${shown(given)}. Retype the address, or remove the invisible characters in the source`,
		);
	if (cleaned === '') throw new InputError(field, 'is required');
	if (cleaned.length > 254) throw new InputError(field, `is too long (${cleaned.length} characters, at most 254)`);
	if (!EMAIL.test(cleaned)) throw new InputError(field, `is not a valid email address: ${shown(cleaned)}`);
	return cleaned;
}

/** An email address that may be left empty (undefined then); otherwise as {@link email}. */
export function optionalEmail(field: string, value: unknown): string | undefined {
	return value === undefined || value === null || value === '' ? undefined : email(field, value);
}

/** An absolute http(s) address (query strings such as n8n's resume-URL signature kept as given); undefined when empty. */
export function optionalHttpUrl(field: string, value: unknown): string | undefined {
	const text = optionalText(field, value, 2048);
	if (text === undefined) return undefined;
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	// The prefix check refuses forms that URL() repairs silently (http:example.com).
	if (
		!url ||
		!HTTP_PREFIX.test(text) ||
		(url.protocol !== 'http:' && url.protocol !== 'https:') ||
		!url.hostname ||
		/\s/.test(text)
	) {
		throw new InputError(field, `must be a full http:// or https:// address: ${shown(text)}`);
	}
	return text;
}

/**
 * A positive integer id as exact decimal digits (Kohomai ids exceed 2^53:
 * the vendor's own sample 74590868830731162, SDK-B 2023-05-30).
 * Numbers are accepted only while they are safe integers.
 */
export function positiveId(field: string, value: unknown): string {
	if (typeof value === 'number') {
		if (!Number.isInteger(value) || value <= 0)
			throw new InputError(field, `must be a positive whole number, not ${shown(value)}`);
		if (!Number.isSafeInteger(value)) {
			throw new InputError(
				field,
				'is a number too large to be exact here; pass the id as text (ids from this integration are already text)',
			);
		}
		return String(value);
	}
	if (typeof value === 'bigint') value = value.toString();
	if (value === undefined || value === null) throw new InputError(field, 'is required');
	if (typeof value !== 'string') throw new InputError(field, `must be an id made of digits, not ${typeName(value)}`);
	const text = value.trim();
	if (text === '') throw new InputError(field, 'is required');
	if (!DIGITS.test(text)) throw new InputError(field, `must be made of digits only: ${shown(text)}`);
	const digits = text.replace(/^0+/, '');
	if (digits === '') throw new InputError(field, 'must be a positive number, not 0');
	if (digits.length > MAX_ID_DIGITS)
		throw new InputError(field, `is too long for a Kohomai id (${digits.length} digits)`);
	return digits;
}

/**
 * A whole number typed as a number or as numeric text (expressions give text),
 * within [min, max]. Anything else is refused: no silent default.
 */
export function wholeNumber(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
	const n = typeof value === 'string' && /^\s*-?\d+(\.0+)?\s*$/.test(value) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n))
		throw new InputError(
			field,
			`must be a whole number, not ${typeName(value) === 'a string' ? shown(value) : typeName(value)}`,
		);
	if (n < min || n > max)
		throw new InputError(
			field,
			max === Number.MAX_SAFE_INTEGER
				? `must be at least ${min}, not ${n}`
				: `must be between ${min} and ${max}, not ${n}`,
		);
	return n;
}

/** A switch typed as a boolean or as the text "true"/"false" (any letter case). */
export function switchValue(field: string, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === 'true';
	throw new InputError(
		field,
		`must be true or false, not ${typeName(value) === 'a string' ? shown(value) : typeName(value)}`,
	);
}

/**
 * The reference of a workflow's API starting point, sent as `?ref=` on
 * registration (LR-1 ff7d8e8, 2023-06-27: read in the back-office by opening
 * the funnel and clicking its API starting point). Its format is not
 * documented: any text without spaces or control characters, at most 200
 * characters. Throws InputError.
 */
export function startingPointReference(field: string, value: unknown): string {
	const text = requiredText(field, typeof value === 'number' ? String(value) : value, 200);
	if (/\s/.test(text))
		throw new InputError(
			field,
			`must be the reference shown on the API starting point, without spaces: ${shown(text)}`,
		);
	return text;
}
