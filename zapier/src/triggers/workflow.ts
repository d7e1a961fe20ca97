import type { Bundle, ZObject } from 'zapier-platform-core';

import { workflowsPath } from '../authentication';
import { startDeadline } from '../http';
import { readList } from '../listing';
import { zapierRecord } from '../records';

/** The workspace's workflows, for dropdowns: GET /workflows, or GET /funnels where the older path is gone. */
async function perform(z: ZObject, bundle: Bundle) {
	const { path } = await workflowsPath(z, bundle);
	const workflows = await readList(z, bundle, path, {}, startDeadline());
	return workflows.map(zapierRecord);
}

export const workflow = {
	key: 'workflow',
	noun: 'Workflow',
	display: {
		label: 'Workflows',
		description: 'Lists the workflows of your Kohomai workspace, for dropdowns.',
		hidden: true,
	},
	operation: {
		perform,
		sample: { id: '318274650918273645', Id: '318274650918273645', Name: 'Employee onboarding' },
		outputFields: [
			{ key: 'id', label: 'Workflow ID' },
			{ key: 'Name', label: 'Workflow Name' },
		],
	},
};
