import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { KohomaiClient } from '../transport';
import type { InFlightLimit } from '../transport/adaptiveLimit';

export interface RunContext {
	client: KohomaiClient;
	/** Read by runItems whenever an item finishes; the client feeds it. */
	inFlight: InFlightLimit;
}

export type OperationExecute = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
) => Promise<INodeExecutionData[]>;
