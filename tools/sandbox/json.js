// @ts-check
'use strict';

/**
 * Kohomai ids exceed 2^53, so `JSON.parse`/`JSON.stringify` would silently
 * change their digits. The sandbox must never do that itself, otherwise it
 * would hide exactly the bug it exists to expose in clients.
 */

/** An integer kept as its decimal digits; written into JSON without quotes. */
class RawInt {
	/** @param {string} digits */
	constructor(digits) {
		if (!/^-?\d+$/.test(digits)) throw new TypeError(`Not an integer literal: ${digits}`);
		/** @readonly */
		this.digits = digits;
	}

	toString() {
		return this.digits;
	}
}

/**
 * @param {string | bigint} digits
 * @returns {RawInt}
 */
function raw(digits) {
	return new RawInt(String(digits));
}

// A raw NUL cannot appear unescaped inside a JSON string, so a client can only
// collide with this marker by deliberately sending "\u0000kohomai-int:".
const MARKER = '\u0000kohomai-int:';
const MARKER_ESCAPED = '\\u0000kohomai-int:';
// 16 digits is the first length at which some integers are no longer exact
// doubles; shorter literals are left to JSON.parse untouched.
const MIN_DIGITS = 16;

/** @param {number} code */
function isDigit(code) {
	return code >= 0x30 && code <= 0x39;
}

/**
 * Wraps every long plain-integer literal that sits outside a string in quotes
 * plus MARKER, so JSON.parse keeps its digits. Leading-zero literals are left
 * alone so that JSON.parse still rejects them as invalid JSON.
 * @param {string} text
 * @returns {string}
 */
function protectBigIntegers(text) {
	let out = '';
	let last = 0;
	let i = 0;
	const n = text.length;
	while (i < n) {
		const c = text.charCodeAt(i);
		if (c === 0x22 /* " */) {
			i++;
			while (i < n) {
				const d = text.charCodeAt(i);
				if (d === 0x5c /* \ */) i += 2;
				else if (d === 0x22) {
					i++;
					break;
				} else i++;
			}
			continue;
		}
		if (c === 0x2d /* - */ || isDigit(c)) {
			const start = i;
			if (c === 0x2d) i++;
			const digitsStart = i;
			while (i < n && isDigit(text.charCodeAt(i))) i++;
			const next = text[i];
			const plainInteger = next !== '.' && next !== 'e' && next !== 'E';
			const digitCount = i - digitsStart;
			if (plainInteger && digitCount >= MIN_DIGITS && text[digitsStart] !== '0') {
				out += `${text.slice(last, start)}"${MARKER_ESCAPED}${text.slice(start, i)}"`;
				last = i;
			}
			while (i < n && /[0-9.eE+-]/.test(text[i])) i++;
			continue;
		}
		i++;
	}
	return out + text.slice(last);
}

/**
 * JSON.parse that turns integer literals of 16+ digits into RawInt instead of
 * rounding them. Throws SyntaxError on invalid JSON, like JSON.parse.
 * @param {string} text
 * @returns {unknown}
 */
function parseLossless(text) {
	return JSON.parse(protectBigIntegers(text), (_key, value) =>
		typeof value === 'string' && value.startsWith(MARKER) ? new RawInt(value.slice(MARKER.length)) : value,
	);
}

/**
 * JSON.stringify that writes RawInt as bare digits.
 * @param {unknown} value
 * @returns {string}
 */
function stringify(value) {
	if (value instanceof RawInt) return value.digits;
	if (value === null || value === undefined) return 'null';
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value);
		case 'number':
			return Number.isFinite(value) ? String(value) : 'null';
		case 'boolean':
			return value ? 'true' : 'false';
		case 'bigint':
			return value.toString();
		case 'function':
		case 'symbol':
			return 'null';
		default:
			break;
	}
	if (value instanceof Date) return JSON.stringify(value.toISOString());
	if (Array.isArray(value)) return `[${value.map((v) => stringify(v)).join(',')}]`;
	const parts = [];
	for (const [k, v] of Object.entries(/** @type {Record<string, unknown>} */ (value))) {
		if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
		parts.push(`${JSON.stringify(k)}:${stringify(v)}`);
	}
	return `{${parts.join(',')}}`;
}

/**
 * Normalises an id received from a client (number, digit string or RawInt) to
 * its canonical digit string, or null when it is not a usable id. Unsafe
 * numbers are refused: their digits are already lost.
 * @param {unknown} value
 * @returns {string | null}
 */
function toIdString(value) {
	/** @type {string | undefined} */
	let digits;
	if (value instanceof RawInt) digits = value.digits;
	else if (typeof value === 'number') {
		if (!Number.isSafeInteger(value) || value < 0) return null;
		digits = String(value);
	} else if (typeof value === 'string') digits = value.trim();
	else if (typeof value === 'bigint') digits = value.toString();
	if (digits === undefined || !/^\d{1,30}$/.test(digits)) return null;
	return BigInt(digits).toString();
}

module.exports = { RawInt, raw, parseLossless, stringify, toIdString, protectBigIntegers };
