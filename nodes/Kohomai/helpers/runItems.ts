import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { InFlightLimit } from '../transport/adaptiveLimit';
import { InputError } from '../mapping/validate';

/** Items in Flight option value meaning "adaptive" (transport/adaptiveLimit.ts). */
export const DEFAULT_ITEMS_IN_FLIGHT = 0;

export interface ItemWork<P> {
	/** Reads and checks the item's parameters; throws before anything is sent. */
	prepare: (itemIndex: number) => P;
	/** Sends the prepared request; returns the results for that item. */
	send: (prepared: P, itemIndex: number) => Promise<IDataObject[]>;
}

type Outcome<P> = { ok: true; prepared: P } | { ok: false; error: Error };

/**
 * Runs one operation over every input item, at most `inFlight` at a time: a
 * number, or a limit read again whenever an item finishes (adaptive: workers
 * are added when it grows and retire when it shrinks).
 * Invalid input stops the run before a single request, unless continue-on-fail
 * turns it into that item's error item.
 * Output keeps input order; each result and each error item is paired to its
 * input, and every input yields at least one output when it fails.
 */
export async function runItems<P>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	inFlight: number | InFlightLimit,
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
	const prepared: Array<Outcome<P> | undefined> = continueOnFail
		? new Array(items.length)
		: items.map((_, i) => prepareOne(i));

	const results: INodeExecutionData[][] = new Array(items.length);
	let next = 0;
	// Without continue-on-fail the first failure ends the run: no new item
	// starts, and the run waits for the ones in flight before reporting it.
	let failure: Error | undefined;
	const slots = typeof inFlight === 'number' ? () => inFlight : () => inFlight.current;
	let running = 0;
	const workers: Array<Promise<void>> = [];
	const spawn = (): void => {
		// Each new worker takes an item at once, so spawn while any is left untaken.
		while (running < Math.max(1, slots()) && next < items.length && failure === undefined) {
			running += 1;
			workers.push(worker());
		}
	};
	let failedAt = -1;
	const alsoFailed: number[] = [];
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
				else if (failure === undefined) {
					failure = asNodeError(ctx, error, i);
					failedAt = i;
				} else alsoFailed.push(i);
			}
			if (running > Math.max(1, slots())) break;
			spawn();
		}
		running -= 1;
	};
	spawn();
	// Workers started later are pushed before the one that started them ends.
	for (let w = 0; w < workers.length; w++) await workers[w];
	if (failure) throw withItemsDone(failure, failedAt, alsoFailed, results);
	return results.flat();
}

/**
 * Without continue-on-fail, n8n keeps nothing of a node that throws: the
 * error must say which items had already been done in Kohomai (indexes and
 * the person ids their answers name; never a link), so that none is lost or
 * registered again by hand.
 */
function withItemsDone(failure: Error, failedAt: number, alsoFailed: number[], results: INodeExecutionData[][]): Error {
	const done = results.flatMap((r, i) => (r ? [i] : []));
	if (done.length === 0 && alsoFailed.length === 0) return failure;
	const parts: string[] = [];
	if (done.length > 0) {
		const people = done.flatMap((i) =>
			results[i]
				.map((r) => personId(r.json))
				.filter((id): id is string => id !== undefined)
				.map((id) => `${id} (item ${i})`),
		);
		parts.push(
			`Before this error, ${plural(done, 'item')} ${done.join(', ')} ${done.length === 1 ? 'was' : 'were'} done in Kohomai${people.length ? `: person ids ${people.join(', ')}` : ''}. ` +
				"Within this execution, n8n's Retry On Fail does not send them again.",
		);
	}
	if (alsoFailed.length > 0) parts.push(`${plural(alsoFailed, 'Item')} ${alsoFailed.join(', ')} also failed.`);
	parts.push(
		'To keep the results of the items that succeed, set the node\'s On Error setting to "Continue (using error output)".',
	);
	const error = failure as Error & { description?: string | null };
	error.message = `${error.message} (item ${failedAt}; ${done.length} other ${done.length === 1 ? 'item was' : 'items were'} done before it)`;
	error.description = [error.description, ...parts].filter(Boolean).join(' ');
	return error;
}

function plural(list: number[], word: string): string {
	return list.length === 1 ? word : `${word}s`;
}

/** The Kohomai person an answer is about: a connection's `User.Id`, or a user's own `Id`. */
function personId(json: IDataObject): string | undefined {
	const user = json.User as IDataObject | undefined;
	const id = user && typeof user === 'object' ? user.Id : json.ContactPrefs !== undefined ? json.Id : undefined;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
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
