/**
 * A flow routed back into the Kohomai node, for engine tests. n8n-nodes-base
 * (Loop Over Items, IF) is not installed with this package's dev
 * dependencies, so the flow is routed back by a node modelled on IF: two
 * outputs, "again" until its last run and "done" then, the same as an IF
 * with the condition {{ $runIndex < passes - 1 }}. The loop itself is n8n's:
 * the engine (WorkflowExecute) follows the connection back and runs the
 * Kohomai node again with the next run index, exactly as after a real IF.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

export const LOOP_TYPE = 'test.loopBackOnce';

/** The IF-like node; `onPass(pass)` runs before it routes (a test may set a sandbox fault for the next pass). */
export function loopBack(passes = 2, onPass: (pass: number) => void = () => undefined): INodeType {
	const description = {
		displayName: 'Loop back',
		name: LOOP_TYPE,
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Again' },
		inputs: ['main'],
		outputs: ['main', 'main'],
		outputNames: ['again', 'done'],
		properties: [],
	} as unknown as INodeTypeDescription;
	return {
		description,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const pass = this.getWorkflowDataProxy(0).$runIndex as number;
			onPass(pass);
			const items = this.getInputData().map((item, i) => ({ json: item.json, pairedItem: { item: i } }));
			return pass < passes - 1 ? [items, []] : [[], items];
		},
	};
}

/** Input -> Kohomai -> Again; Again "again" -> Kohomai (back), "done" -> nothing. */
export const loopConnections = {
	Input: { main: [[{ node: 'Kohomai', type: 'main', index: 0 }]] },
	Kohomai: { main: [[{ node: 'Again', type: 'main', index: 0 }]] },
	Again: { main: [[{ node: 'Kohomai', type: 'main', index: 0 }], []] },
};

/** The two nodes of the loop, with the Kohomai node's parameters and settings (Retry On Fail, Continue On Fail). */
export function loopNodes(parameters: Record<string, unknown>, settings: Record<string, unknown> = {}) {
	return [
		{ name: 'Kohomai', parameters, ...settings },
		{ name: 'Again', type: LOOP_TYPE, parameters: {} },
	];
}
