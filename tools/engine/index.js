require('./env');
const { WorkflowExecute, ExecutionLifecycleHooks, LoadOptionsContext, CredentialTestContext } = require('n8n-core');
const { Workflow, createRunExecutionData } = require('n8n-workflow');

const { TestCredentialsHelper } = require('./credentials');
const { baseAdditionalData, inputNodeType } = require('./parts');

const PACKAGE = 'n8n-nodes-kohomai';
const INPUT_TYPE = 'test.items';

/**
 * Runs nodes inside n8n's real engine (WorkflowExecute): parameters and
 * expressions, credentials and httpRequestWithAuthentication, continue-on-fail
 * and error outputs, pairedItem. A first node emits the given input items;
 * the listed nodes follow it in a chain.
 */
function createEngine({ nodeClasses, credentialClasses }) {
	const credentialTypes = {};
	for (const Cls of credentialClasses) {
		const type = new Cls();
		credentialTypes[type.name] = type;
	}
	const nodeTypeMap = {};
	for (const Cls of nodeClasses) {
		const type = new Cls();
		nodeTypeMap[`${PACKAGE}.${type.description.name}`] = type;
	}

	function nodeTypesFor(inputItems, extraTypes = {}) {
		const all = { ...nodeTypeMap, ...extraTypes, [INPUT_TYPE]: inputNodeType(INPUT_TYPE, inputItems) };
		return {
			getByName: (name) => all[name],
			getByNameAndVersion: (name) => all[name],
			getKnownTypes: () => ({}),
		};
	}

	let executions = 0;
	function additionalDataFor(credentials, workflowData) {
		const data = baseAdditionalData(new TestCredentialsHelper(credentialTypes, credentials), 'test-user');
		if (workflowData) {
			// A distinct id per run, as n8n gives each execution its own.
			data.executionId = `test-execution-${process.pid}-${++executions}`;
			data.hooks = new ExecutionLifecycleHooks('manual', data.executionId, workflowData);
		}
		return data;
	}

	function buildWorkflow(nodes, inputItems, { connections: given, nodeTypes: extraTypes } = {}) {
		const all = [
			{ id: 'input', name: 'Input', type: INPUT_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			...nodes.map((n, i) => ({
				id: `node-${i}`,
				name: n.name ?? `Kohomai${i ? i + 1 : ''}`,
				type: n.type ?? `${PACKAGE}.kohomai`,
				typeVersion: 1,
				position: [200 * (i + 1), 0],
				parameters: n.parameters ?? {},
				...(extraTypes?.[n.type]
					? { typeVersion: n.typeVersion ?? extraTypes[n.type].description.defaultVersion ?? 1 }
					: { credentials: { kohomaiApi: { id: '1', name: 'Kohomai account' } } }),
				...(n.continueOnFail ? { continueOnFail: true, onError: 'continueRegularOutput' } : {}),
				...(n.onError ? { onError: n.onError } : {}),
				// n8n's node settings "Retry On Fail", "Max. Tries", "Wait Between Tries (ms)".
				...(n.retryOnFail !== undefined ? { retryOnFail: n.retryOnFail } : {}),
				...(n.maxTries !== undefined ? { maxTries: n.maxTries } : {}),
				...(n.waitBetweenTries !== undefined ? { waitBetweenTries: n.waitBetweenTries } : {}),
			})),
		];
		const connections = given ?? {};
		for (let i = 0; !given && i < all.length - 1; i++) {
			connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
		}
		const workflowData = {
			id: 'test-workflow',
			name: 'test',
			active: false,
			nodes: all,
			connections,
			settings: {},
			createdAt: new Date(),
			updatedAt: new Date(),
		};
		const workflow = new Workflow({
			...workflowData,
			nodeTypes: nodeTypesFor(inputItems, extraTypes),
			staticData: {},
		});
		return { workflow, workflowData, nodeNames: all.map((n) => n.name) };
	}

	/**
	 * @param {{ nodes: object[], items?: object[], credentials: object, connections?: object, nodeTypes?: object }} spec
	 *   credentials: the kohomaiApi credential data ({ apiKey, baseUrl, ignoreSSLIssues? }).
	 *   A node may carry retryOnFail, maxTries and waitBetweenTries (n8n's node settings).
	 *   connections: n8n's connections by node name, instead of the chain (e.g. a loop back);
	 *   nodeTypes: other node types by type name (a node's `type`), e.g. n8n-nodes-base's If.
	 * @param {(controls: { stop: () => void }) => void} [spec.onStart] called once the execution
	 *   runs; `stop()` cancels it as n8n's Stop button (and its execution timeout) do: WorkflowExecute's
	 *   PCancelable is cancelled, which aborts the execution's cancel signal.
	 */
	async function run({ nodes, items = [{}], credentials, connections, nodeTypes, onStart }) {
		const { workflow, workflowData, nodeNames } = buildWorkflow(nodes, items, { connections, nodeTypes });
		const additionalData = additionalDataFor({ kohomaiApi: credentials }, workflowData);
		const execution = new WorkflowExecute(additionalData, 'manual', createRunExecutionData());
		const running = execution.run({ workflow, startNode: workflow.getNode('Input') });
		if (onStart) onStart({ stop: () => running.cancel() });
		const result = await running;
		const runData = result.data.resultData.runData;
		const task = (name, runIndex = 0) => runData[name]?.[runIndex];
		return {
			raw: result,
			/** Items a node's given run (0, then 1, 2 for a flow coming back into it) put on its output. */
			outputOfRun: (name, runIndex, index = 0) => task(name, runIndex)?.data?.main?.[index] ?? [],
			/** How many times a node ran in this execution (n8n's retries count once). */
			runs: (name) => runData[name]?.length ?? 0,
			/** Items on the node's regular (index 0) or error (index 1) output. */
			output: (name = nodeNames[nodeNames.length - 1], index = 0) => task(name)?.data?.main?.[index] ?? [],
			/** The error that stopped the node, as n8n serialised it. */
			error: (name = nodeNames[nodeNames.length - 1]) => task(name)?.error,
			/** Execution hints the node added (notes shown beside its output). */
			hints: (name = nodeNames[nodeNames.length - 1]) => task(name)?.hints ?? [],
			executionId: additionalData.executionId,
			runError: result.data.resultData.error,
		};
	}

	/** Calls a `methods.listSearch` function the way the editor's REST call does. */
	async function listSearch({ method, filter, credentials, parameters = {} }) {
		const { workflow } = buildWorkflow([{ parameters }], []);
		const node = workflow.getNode('Kohomai');
		const additionalData = additionalDataFor({ kohomaiApi: credentials });
		additionalData.currentNodeParameters = node.parameters;
		const ctx = new LoadOptionsContext(workflow, node, additionalData, 'parameters.user');
		const nodeType = nodeTypeMap[node.type];
		return await nodeType.methods.listSearch[method].call(ctx, filter);
	}

	/**
	 * Tests a credential as n8n's CredentialsTester does: the credential
	 * type's own `test` when it has one; otherwise the function a node names
	 * in `testedBy`, called with n8n's CredentialTestContext (only the legacy
	 * `request` helper) and the decrypted credential.
	 */
	async function testCredential(type, credentials) {
		const { workflow } = buildWorkflow([{ parameters: {} }], []);
		const node = workflow.getNode('Kohomai');
		const additionalData = additionalDataFor({ [type]: credentials });
		const data = additionalData.credentialsHelper.getData(type);
		const tester = Object.values(nodeTypeMap)
			.flatMap((nodeType) => (nodeType.description.credentials ?? []).map((c) => ({ nodeType, c })))
			.find(({ c }) => c.name === type && typeof c.testedBy === 'string');
		if (!credentialTypes[type].test && tester) {
			const fn = tester.nodeType.methods?.credentialTest?.[tester.c.testedBy];
			if (typeof fn !== 'function')
				return { status: 'Error', message: `No credential test function ${tester.c.testedBy}` };
			return await fn.call(new CredentialTestContext(additionalData), {
				id: 'test',
				name: 'Kohomai account',
				type,
				data,
			});
		}
		const ctx = new LoadOptionsContext(workflow, node, additionalData, 'credentials');
		const resolve = (value) =>
			typeof value === 'string'
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: data }, undefined, value)
				: value;
		const request = credentialTypes[type].test.request;
		const options = {
			...request,
			baseURL: resolve(request.baseURL),
			url: resolve(request.url),
			method: request.method ?? 'GET',
		};
		try {
			await ctx.helpers.httpRequestWithAuthentication.call(ctx, type, options);
			return { status: 'OK', message: 'Connection successful!' };
		} catch (error) {
			// n8n's tester replaces the message when a responseCode rule matches.
			const rule = (credentialTypes[type].test.rules ?? []).find(
				(r) => r.type === 'responseCode' && String(r.properties.value) === String(error.httpCode),
			);
			return { status: 'Error', message: rule ? rule.properties.message : error.message, httpCode: error.httpCode };
		}
	}

	return { run, listSearch, testCredential, credentialTypes, nodeTypes: nodeTypeMap };
}

module.exports = { createEngine, PACKAGE };
