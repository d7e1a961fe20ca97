// Plain pieces of an n8n run that need no n8n module, so that the benchmark,
// which loads n8n from its own node_modules, can share them with the tests.

/** The fields of IWorkflowExecuteAdditionalData a node run reads; URLs must be absolute. */
function baseAdditionalData(credentialsHelper, userId) {
	const base = 'http://127.0.0.1:5678';
	return {
		credentialsHelper,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not supported here');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		userId,
	};
}

/** A first node that emits the given JSON objects as paired items. */
function inputNodeType(name, items) {
	return {
		description: {
			name,
			displayName: 'Items',
			version: 1,
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
			defaults: {},
			group: ['transform'],
			description: '',
		},
		async execute() {
			return [items.map((json, i) => ({ json, pairedItem: { item: i } }))];
		},
	};
}

module.exports = { baseAdditionalData, inputNodeType };
