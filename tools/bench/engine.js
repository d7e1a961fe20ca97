'use strict';
// A small variant of test/engine for the benchmark: same n8n-core engine and
// credentials helper, but any node type under its full name (the HTTP Request
// node is 'n8n-nodes-base.httpRequest', versioned), any credential type, and
// node settings such as retryOnFail. n8n-core, n8n-workflow and n8n-nodes-base
// all come from bench/node_modules, so there is one n8n-workflow for all.
require('../engine/env');
const { WorkflowExecute, ExecutionLifecycleHooks } = require('n8n-core');
const { Workflow, createRunExecutionData } = require('n8n-workflow');
const { TestCredentialsHelper } = require('../engine/credentials');
const { baseAdditionalData, inputNodeType } = require('../engine/parts');

const INPUT_TYPE = 'bench.items';

/** @param {{ nodeTypes: Record<string, object>, credentialTypes: object[] }} spec */
function createEngine({ nodeTypes, credentialTypes }) {
	const credTypes = Object.fromEntries(credentialTypes.map((t) => [t.name, t]));
	const resolveType = (all, name, version) => {
		const t = all[name];
		// Versioned nodes (HTTP Request) hold one implementation per version.
		return t && typeof t.getNodeType === 'function' ? t.getNodeType(version) : t;
	};

	/**
	 * @param {{ node: { type: string, typeVersion?: number, parameters: object, credentials?: object, settings?: object },
	 *   items: object[], credentials: Record<string, object>, executionId?: string }} spec
	 *   executionId: n8n's id of the execution (distinct per execution when many run at once)
	 */
	async function run({ node, items, credentials, executionId = 'bench-execution' }) {
		const all = { ...nodeTypes, [INPUT_TYPE]: inputNodeType(INPUT_TYPE, items) };
		const types = {
			getByName: (name) => resolveType(all, name),
			getByNameAndVersion: (name, version) => resolveType(all, name, version),
			getKnownTypes: () => ({}),
		};
		const nodes = [
			{ id: 'input', name: 'Input', type: INPUT_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'subject',
				name: 'Subject',
				typeVersion: 1,
				position: [200, 0],
				...node.settings,
				type: node.type,
				...(node.typeVersion ? { typeVersion: node.typeVersion } : {}),
				parameters: node.parameters,
				credentials: node.credentials ?? {},
			},
		];
		const connections = { Input: { main: [[{ node: 'Subject', type: 'main', index: 0 }]] } };
		const workflowData = {
			id: 'bench',
			name: 'bench',
			active: false,
			nodes,
			connections,
			settings: {},
			createdAt: new Date(),
			updatedAt: new Date(),
		};
		const workflow = new Workflow({ ...workflowData, nodeTypes: types, staticData: {} });
		const additionalData = {
			...baseAdditionalData(new TestCredentialsHelper(credTypes, credentials), 'bench-user'),
			hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
			executionId,
		};
		const execution = new WorkflowExecute(additionalData, 'manual', createRunExecutionData());
		const result = await execution.run({ workflow, startNode: workflow.getNode('Input') });
		const task = result.data.resultData.runData.Subject?.at(-1);
		return { output: task?.data?.main?.[0] ?? [], error: task?.error ?? result.data.resultData.error };
	}

	return { run };
}

module.exports = { createEngine };
