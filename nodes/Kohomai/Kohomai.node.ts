import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { optionsField } from './actions/common.descriptions';
import { nodeProperties } from './actions/node.type';
import { router } from './actions/router';
import { credentialTest, listSearch } from './methods';

export class Kohomai implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kohomai',
		name: 'kohomai',
		icon: { light: 'file:kohomai.svg', dark: 'file:kohomai.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Register people into Kohomai onboarding journeys, follow their progress and get their one-time login links',
		defaults: { name: 'Kohomai' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kohomaiApi', required: true, testedBy: 'kohomaiApiTest' }],
		properties: [...nodeProperties(), optionsField],
	};

	methods = { listSearch, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
