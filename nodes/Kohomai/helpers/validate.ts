import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Input checks run before any request, so a bad item never reaches Kohomai.
 * Every message names the field and the item (0-based, as n8n counts them).
 */
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]+$/;
const DIGITS = /^\d+$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const HTTP_PREFIX = /^https?:\/\/[^/\\]/i;
const MAX_ID_DIGITS = 20;

export interface Field {
	ctx: IExecuteFunctions;
	itemIndex: number;
	label: string;
}

export function invalid(f: Field, problem: string): NodeOperationError {
	return new NodeOperationError(f.ctx.getNode(), `"${f.label}" in item ${f.itemIndex} ${problem}`, {
		itemIndex: f.itemIndex,
		description: `Fix "${f.label}" for item ${f.itemIndex} (counting from 0) and run again. Nothing was sent to Kohomai for this item.`,
	});
}

/** Line breaks, tabs, NUL and the like have no place in a name, an email or a URL. */
function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x20 || c === 0x7f) return true;
	}
	return false;
}

function shown(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
	return text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}…` : JSON.stringify(text);
}

function typeName(value: unknown): string {
	return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Text that may be empty; undefined when empty. */
export function optionalText(f: Field, value: unknown, maxLength: number): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string') throw invalid(f, `must be text, not ${typeName(value)}`);
	const text = value.trim();
	if (text === '') return undefined;
	if (text.length > maxLength) throw invalid(f, `is too long (${text.length} characters, at most ${maxLength})`);
	if (hasControlCharacter(text)) throw invalid(f, 'contains control characters (such as a line break or tab)');
	// Half of an emoji would be re-encoded as another character on the way out.
	if (LONE_SURROGATE.test(text)) throw invalid(f, 'contains a broken character (half of an emoji or symbol)');
	return text;
}

export function requiredText(f: Field, value: unknown, maxLength: number): string {
	const text = optionalText(f, value, maxLength);
	if (text === undefined) throw invalid(f, 'is required');
	return text;
}

export function email(f: Field, value: unknown): string {
	const text = requiredText(f, value, 254);
	if (!EMAIL.test(text)) throw invalid(f, `is not a valid email address: ${shown(text)}`);
	return text;
}

export function optionalHttpUrl(f: Field, value: unknown): string | undefined {
	const text = optionalText(f, value, 2048);
	if (text === undefined) return undefined;
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	// The prefix check refuses forms that URL() repairs silently (http:example.com).
	if (!url || !HTTP_PREFIX.test(text) || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || /\s/.test(text)) {
		throw invalid(f, `must be a full http:// or https:// address: ${shown(text)}`);
	}
	return text;
}

/** A positive integer id as exact decimal digits (ids may exceed 2^53). */
export function positiveId(f: Field, value: unknown): string {
	if (typeof value === 'number') {
		if (!Number.isInteger(value) || value <= 0) throw invalid(f, `must be a positive whole number, not ${shown(value)}`);
		if (!Number.isSafeInteger(value)) {
			throw invalid(f, 'is a number too large to be exact here; pass the id as text (ids from this node are already text)');
		}
		return String(value);
	}
	if (typeof value === 'bigint') value = value.toString();
	if (typeof value !== 'string') throw invalid(f, `must be an id made of digits, not ${typeName(value)}`);
	const text = value.trim();
	if (text === '') throw invalid(f, 'is required');
	if (!DIGITS.test(text)) throw invalid(f, `must be made of digits only: ${shown(text)}`);
	const digits = text.replace(/^0+/, '');
	if (digits === '') throw invalid(f, 'must be a positive number, not 0');
	if (digits.length > MAX_ID_DIGITS) throw invalid(f, `is too long for a Kohomai id (${digits.length} digits)`);
	return digits;
}

/** Undefined means every page. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	const limit = ctx.getNodeParameter('limit', itemIndex, 50);
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw invalid({ ctx, itemIndex, label: 'Limit' }, `must be a whole number of at least 1, not ${JSON.stringify(limit)}`);
	}
	return limit;
}
