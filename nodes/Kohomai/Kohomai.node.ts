import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { optionsField } from './actions/common.descriptions';
import * as journey from './actions/journey/Journey.resource';
import { router } from './actions/router';
import * as session from './actions/session/Session.resource';
import * as user from './actions/user/User.resource';
import * as workflow from './actions/workflow/Workflow.resource';
import { credentialTest, listSearch } from './methods';

export class Kohomai implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kohomai',
		name: 'kohomai',
		icon: { light: 'file:kohomai.svg', dark: 'file:kohomai.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Register end users into Kohomai onboarding journeys and get their one-time login links',
		defaults: { name: 'Kohomai' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kohomaiApi', required: true, testedBy: 'kohomaiApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Journey', value: 'journey' },
					{ name: 'Session', value: 'session' },
					{ name: 'User', value: 'user' },
					{ name: 'Workflow', value: 'workflow' },
				],
				default: 'journey',
			},
			...journey.description,
			...session.description,
			...user.description,
			...workflow.description,
			optionsField,
		],
	};

	methods = { listSearch, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
