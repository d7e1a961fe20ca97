import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_ITEMS_IN_FLIGHT } from './runItems';
import { InputError, shown, switchValue, typeName, wholeNumber } from '../mapping/validate';
import { DEFAULT_MAX_RATE_LIMIT_WAIT_MS, DEFAULT_TIMEOUT_MS } from '../transport';
import { MAX_ITEMS_IN_FLIGHT } from '../transport/adaptiveLimit';

/**
 * Every number and switch of the node is read through here: a value typed by
 * expression arrives as text ("100", "true"), which n8n's own nodes accept,
 * and anything else is refused with an error naming the parameter and the
 * item, never replaced by a silent default.
 * An option that is not set takes its default; one set to nothing (an
 * expression that gave no value) is refused like any other bad value.
 */

const MAX_TIMEOUT_MS = 10 * 60 * 1000;

/** Options > Max Wait When Rate Limited: default and bound, in minutes (the reasoning: transport DEFAULT_MAX_RATE_LIMIT_WAIT_MS). */
export const DEFAULT_RATE_LIMIT_WAIT_MINUTES = DEFAULT_MAX_RATE_LIMIT_WAIT_MS / 60_000;
/** A day: beyond it a request is better failed and sent again by the workflow's owner. */
export const MAX_RATE_LIMIT_WAIT_MINUTES = 24 * 60;

/** Return All / Limit: undefined means every page. Throws InputError ("Return All", "Limit"). */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (switchValue('Return All', ctx.getNodeParameter('returnAll', itemIndex, false))) return undefined;
	return wholeNumber('Limit', ctx.getNodeParameter('limit', itemIndex, 50), 1);
}

export interface RunOptions {
	/** Milliseconds to wait for each answer, 1 to 600000. */
	timeoutMs: number;
	/** Items sent at the same time: 0 adapts, 1 to MAX_ITEMS_IN_FLIGHT fixes it. */
	itemsInFlight: number;
	/** Milliseconds a request may wait for Kohomai's rate limit, 0 to a day. */
	maxRateLimitWaitMs: number;
}

/**
 * Options > Timeout, Items in Flight and Max Wait When Rate Limited, read once per run from
 * item 0 (they shape the whole run). Throws NodeOperationError naming the
 * option and the item.
 */
export function readRunOptions(ctx: IExecuteFunctions): RunOptions {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	try {
		return {
			timeoutMs: wholeNumber('Options > Timeout', option(options, 'timeout', DEFAULT_TIMEOUT_MS), 1, MAX_TIMEOUT_MS),
			itemsInFlight: wholeNumber(
				'Options > Items in Flight',
				option(options, 'concurrency', DEFAULT_ITEMS_IN_FLIGHT),
				0,
				MAX_ITEMS_IN_FLIGHT,
			),
			maxRateLimitWaitMs: readMaxRateLimitWaitMs(options, DEFAULT_RATE_LIMIT_WAIT_MINUTES),
		};
	} catch (error) {
		if (!(error instanceof InputError)) throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: 0 });
		throw new NodeOperationError(ctx.getNode(), `"${error.field}" in item 0 ${error.problem}`, {
			itemIndex: 0,
			description: `Fix "${error.field}" in the node options and run again. Nothing was sent to Kohomai.`,
		});
	}
}

/** An option that was added (even if its expression gave nothing) is checked; one never added takes its default. */
/**
 * Options > Max Wait When Rate Limited (`maxRateLimitWait`, minutes, fractions allowed, 0 to a day) in
 * milliseconds; `fallbackMinutes` when unset. Shared by the Kohomai node and the Kohomai Trigger.
 * Throws InputError naming the option.
 */
export function readMaxRateLimitWaitMs(options: IDataObject, fallbackMinutes: number): number {
	return Math.round(
		minutes(
			'Options > Max Wait When Rate Limited',
			option(options, 'maxRateLimitWait', fallbackMinutes),
			MAX_RATE_LIMIT_WAIT_MINUTES,
		) * 60_000,
	);
}

function option(options: IDataObject, name: string, fallback: number): unknown {
	return Object.prototype.hasOwnProperty.call(options, name) ? options[name] : fallback;
}

/** A number of minutes, fractions allowed, 0 to `max`; text as typed by expression is accepted. Throws InputError. */
function minutes(field: string, value: unknown, max: number): number {
	const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n))
		throw new InputError(
			field,
			`must be a number of minutes, not ${typeName(value) === 'a string' ? shown(value) : typeName(value)}`,
		);
	if (n < 0 || n > max) throw new InputError(field, `must be between 0 and ${max} minutes, not ${n}`);
	return n;
}
