import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputError } from '../mapping/validate';

export const DEFAULT_ITEMS_IN_FLIGHT = 10;

export interface ItemWork<P> {
	/** Reads and checks the item's parameters; throws before anything is sent. */
	prepare: (itemIndex: number) => P;
	/** Sends the prepared request; returns the results for that item. */
	send: (prepared: P, itemIndex: number) => Promise<IDataObject[]>;
}

type Outcome<P> = { ok: true; prepared: P } | { ok: false; error: Error };

/**
 * Runs one operation over every input item, at most `inFlight` at a time.
 * Invalid input stops the run before a single request, unless continue-on-fail
 * turns it into that item's error item.
 * Output keeps input order; each result and each error item is paired to its
 * input, and every input yields at least one output when it fails.
 */
export async function runItems<P>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	inFlight: number,
	work: ItemWork<P>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const prepareOne = (i: number): Outcome<P> => {
		try {
			return { ok: true, prepared: work.prepare(i) };
		} catch (error) {
			if (!continueOnFail) throw asNodeError(ctx, error, i);
			return { ok: false, error: error as Error };
		}
	};
	// Without continue-on-fail every item is checked first, so one invalid item
	// sends nothing; with it, an invalid item only becomes its own error item,
	// so items are checked as their turn comes, overlapping requests in flight.
	const prepared: Array<Outcome<P> | undefined> = continueOnFail ? new Array(items.length) : items.map((_, i) => prepareOne(i));

	const results: INodeExecutionData[][] = new Array(items.length);
	let next = 0;
	// Without continue-on-fail the first failure ends the run: no new item
	// starts, and the run waits for the ones in flight before reporting it.
	let failure: Error | undefined;
	const worker = async (): Promise<void> => {
		while (next < items.length && failure === undefined) {
			const i = next++;
			const outcome = prepared[i] ?? prepareOne(i);
			if (!outcome.ok) {
				results[i] = [errorItem(asNodeError(ctx, outcome.error, i), i)];
				continue;
			}
			try {
				const json = await work.send(outcome.prepared, i);
				results[i] = json.map((j) => ({ json: j, pairedItem: { item: i } }));
			} catch (error) {
				if (continueOnFail) results[i] = [errorItem(asNodeError(ctx, error, i), i)];
				else failure ??= asNodeError(ctx, error, i);
			}
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(inFlight, items.length)) }, worker);
	await Promise.all(workers);
	if (failure) throw failure;
	return results.flat();
}

/**
 * n8n's shape for a failed item: only `error` (and `details`) in json, so that
 * an "error output" setting routes it to the node's second output.
 */
function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const description = (error as { description?: unknown }).description;
	return {
		json: { error: error.message, ...(typeof description === 'string' && description ? { details: description } : {}) },
		pairedItem: { item: itemIndex },
	};
}

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof Error && 'node' in error) return error;
	if (error instanceof InputError) {
		return new NodeOperationError(ctx.getNode(), `"${error.field}" in item ${itemIndex} ${error.problem}`, {
			itemIndex,
			description: `Fix "${error.field}" for item ${itemIndex} (counting from 0) and run again. Nothing was sent to Kohomai for this item.`,
		});
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
