import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { KohomaiClient } from '../transport';

export interface RunContext {
	client: KohomaiClient;
	inFlight: number;
}

export type OperationExecute = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: RunContext,
) => Promise<INodeExecutionData[]>;
