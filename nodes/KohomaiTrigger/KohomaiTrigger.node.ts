import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { credentialTest, listSearch } from '../Kohomai/methods';
import { triggerProperties } from './description';
import { pollJourneys } from './poll';

/**
 * Starts a workflow when a person starts a journey, completes an activity,
 * completes their journey, or stalls. Kohomai documents no webhooks, so this
 * polls `GET /journeys` (and `GET /journeys/{id}` when the list lacks
 * statuses) on the user's Poll Times; see docs/trigger.md.
 */
export class KohomaiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kohomai Trigger',
		name: 'kohomaiTrigger',
		icon: { light: 'file:../Kohomai/kohomai.svg', dark: 'file:../Kohomai/kohomai.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + $parameter["event"]}}',
		description: 'Starts the workflow when a person starts, progresses in, completes or stalls in a Kohomai journey',
		defaults: { name: 'Kohomai Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kohomaiApi', required: true, testedBy: 'kohomaiApiTest' }],
		properties: triggerProperties,
	};

	methods = { listSearch, credentialTest };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollJourneys.call(this);
	}
}
