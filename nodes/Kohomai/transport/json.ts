/**
 * Lossless JSON for Kohomai ids, which go beyond 2^53 (74590868830731162 would
 * become 74590868830731170 through JSON.parse). Node 20's JSON.parse gives a
 * reviver no access to the source text, and a community node may not ship a
 * dependency, so integers that a double cannot hold are turned into strings
 * before JSON.parse sees them. Only digits outside string literals are touched.
 */

// A string literal, or a whole number token. Scanning from the left, a string
// is always consumed whole, so digits inside strings are never matched.
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
// Cheap pre-check: without 16 consecutive digits no integer can be unsafe.
const LONG_DIGITS = /\d{16}/;

export function parseJsonLossless(text: string): unknown {
	if (!LONG_DIGITS.test(text)) return JSON.parse(text);
	return JSON.parse(quoteUnsafeIntegers(text));
}

function quoteUnsafeIntegers(text: string): string {
	let out = '';
	let last = 0;
	TOKEN.lastIndex = 0;
	for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
		const token = match[0];
		if (token.charCodeAt(0) === 34 /* " */ || token.length < 16 || !isUnsafeInteger(token)) continue;
		out += text.slice(last, match.index) + '"' + token + '"';
		last = match.index + token.length;
	}
	return last === 0 ? text : out + text.slice(last);
}

function isUnsafeInteger(token: string): boolean {
	for (let i = token[0] === '-' ? 1 : 0; i < token.length; i++) {
		const c = token.charCodeAt(i);
		if (c < 48 || c > 57) return false;
	}
	return !Number.isSafeInteger(Number(token));
}

/** An integer to be written into a request body digit for digit. */
export class JsonInteger {
	constructor(readonly digits: string) {}
}

/**
 * JSON.stringify for request bodies that may hold JsonInteger values. Bodies
 * are small plain data built by the operations, so a direct walk is enough.
 */
export function stringifyJson(value: unknown): string {
	if (value instanceof JsonInteger) return value.digits;
	if (Array.isArray(value)) return `[${value.map(stringifyJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const fields = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.map(([k, v]) => `${JSON.stringify(k)}:${stringifyJson(v)}`);
		return `{${fields.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}
