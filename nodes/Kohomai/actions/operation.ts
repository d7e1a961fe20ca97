import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { KohomaiClient } from '../transport';

/** What every operation's send step gets from the router: one client for the run. */
export interface RunContext {
	client: KohomaiClient;
}

/**
 * One node operation, one file (`actions/<resource>/<operation>.operation.ts`):
 * - `option`: its entry in the Operation dropdown (the value is the export
 *   name in the resource's index.ts, so it cannot disagree with the router);
 * - `description`: its parameters, shown through n8n's `updateDisplayOptions`;
 * - `prepare`: reads and checks one item's parameters, throws InputError
 *   (or NodeOperationError) before anything is sent;
 * - `send`: sends what `prepare` returned and gives that item's results.
 * The router owns the loop over items (helpers/runItems.ts).
 */
export interface Operation<P = unknown> {
	option: Omit<INodePropertyOptions, 'value'> & { action: string };
	description: INodeProperties[];
	prepare: (this: IExecuteFunctions, itemIndex: number) => P;
	send: (this: IExecuteFunctions, prepared: P, itemIndex: number, run: RunContext) => Promise<IDataObject[]>;
}

/** Any operation, whatever it prepares: the resource map holds operations of every kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any>;
