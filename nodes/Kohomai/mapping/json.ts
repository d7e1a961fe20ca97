/**
 * Lossless JSON for Kohomai ids, which go beyond 2^53 (74590868830731162 would
 * become 74590868830731170 through JSON.parse). Node 20's JSON.parse gives a
 * reviver no access to the source text, and a community node may not ship a
 * dependency, so integers that a double cannot hold are turned into strings
 * before JSON.parse sees them. Only digits outside string literals are touched.
 */

// Runs of 16+ digits are the only candidates: shorter integers are always safe.
const LONG_DIGITS = /-?\d{16,}/g;
const BACKSLASH = 92;

export function parseJsonLossless(text: string): unknown {
	LONG_DIGITS.lastIndex = 0;
	if (!LONG_DIGITS.test(text)) return JSON.parse(text);
	return JSON.parse(quoteUnsafeIntegers(text));
}

/**
 * Walks only from one candidate to the next, tracking whether it sits inside
 * a string literal by the unescaped quotes in between (found with indexOf,
 * which is native and fast), so large pages cost little more than JSON.parse.
 */
function quoteUnsafeIntegers(text: string): string {
	let out = '';
	let last = 0;
	let scanned = 0;
	let inString = false;
	LONG_DIGITS.lastIndex = 0;
	for (let match = LONG_DIGITS.exec(text); match !== null; match = LONG_DIGITS.exec(text)) {
		const start = match.index;
		for (let q = text.indexOf('"', scanned); q !== -1 && q < start; q = text.indexOf('"', scanned)) {
			if (!inString) inString = true;
			else if (!isEscaped(text, q)) inString = false;
			scanned = q + 1;
		}
		const end = start + match[0].length;
		if (inString || !isWholeInteger(text, start, end) || Number.isSafeInteger(Number(match[0]))) continue;
		out += text.slice(last, start) + '"' + match[0] + '"';
		last = end;
	}
	return last === 0 ? text : out + text.slice(last);
}

function isEscaped(text: string, quote: number): boolean {
	let backslashes = 0;
	for (let i = quote - 1; text.charCodeAt(i) === BACKSLASH; i--) backslashes++;
	return backslashes % 2 === 1;
}

/** Not the fraction or exponent of a number, and not followed by one. */
function isWholeInteger(text: string, start: number, end: number): boolean {
	const before = text[start - 1];
	const after = text[end];
	return !(
		before === '.' ||
		before === 'e' ||
		before === 'E' ||
		before === '+' ||
		(before >= '0' && before <= '9') ||
		after === '.' ||
		after === 'e' ||
		after === 'E'
	);
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
