import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_ITEMS_IN_FLIGHT } from './runItems';
import { InputError, switchValue, wholeNumber } from '../mapping/validate';
import { DEFAULT_TIMEOUT_MS } from '../transport';
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
}

/**
 * Options > Timeout and Options > Items in Flight, read once per run from
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
function option(options: IDataObject, name: string, fallback: number): unknown {
	return Object.prototype.hasOwnProperty.call(options, name) ? options[name] : fallback;
}
