require('./env');
const { Container } = require('@n8n/di');
const { PollContext, TriggersAndPollers } = require('n8n-core');
const { Workflow } = require('n8n-workflow');

const { TestCredentialsHelper } = require('./credentials');
const { baseAdditionalData } = require('./parts');
const { PACKAGE } = require('./index');

/**
 * One active workflow that starts with a polling trigger, polled the way n8n's
 * ActiveWorkflowManager does: a PollContext from n8n-core, through
 * TriggersAndPollers.runPollFunction. The workflow's static data is "saved"
 * (kept as JSON) after the activation poll and after each poll that emits, as
 * n8n saves it; a poll that throws saves nothing.
 * @param {{ nodeClass: Function, credentialClasses: Function[], credentials: object, parameters: object, name?: string }} spec
 */
function createPoller({ nodeClass, credentialClasses, credentials, parameters, name = 'Trigger' }) {
	const nodeType = new nodeClass();
	const type = `${PACKAGE}.${nodeType.description.name}`;
	const credentialTypes = {};
	for (const Cls of credentialClasses) {
		const t = new Cls();
		credentialTypes[t.name] = t;
	}
	const nodeTypes = {
		getByName: (n) => (n === type ? nodeType : undefined),
		getByNameAndVersion: (n) => (n === type ? nodeType : undefined),
		getKnownTypes: () => ({}),
	};
	let saved = '{}';
	const load = () =>
		new Workflow({
			id: 'poller',
			name: 'poller',
			active: true,
			nodes: [
				{
					id: 'trigger',
					name,
					type,
					typeVersion: 1,
					position: [0, 0],
					parameters,
					credentials: { kohomaiApi: { id: '1', name: 'Kohomai account' } },
				},
			],
			connections: {},
			nodeTypes,
			staticData: JSON.parse(saved),
			settings: {},
		});
	let workflow = load();

	function save() {
		if (workflow.staticData.__dataChanged !== true) return;
		workflow.staticData.__dataChanged = false;
		saved = JSON.stringify(workflow.staticData, (key, value) => (key === '__dataChanged' ? undefined : value));
	}

	return {
		/** @param {'activate' | 'init' | 'trigger'} [activation] 'trigger' for a scheduled poll @returns {Promise<object[]>} items emitted */
		async poll(activation = 'trigger') {
			const node = workflow.getNode(name);
			const additionalData = baseAdditionalData(
				new TestCredentialsHelper(credentialTypes, { kohomaiApi: credentials }),
				'demo-user',
			);
			const ctx = new PollContext(
				workflow,
				node,
				additionalData,
				'trigger',
				activation === 'trigger' ? 'activate' : activation,
			);
			const result = await Container.get(TriggersAndPollers).runPollFunction(workflow, node, ctx);
			if (result !== null || activation !== 'trigger') save();
			return result?.[0] ?? [];
		},
		/** n8n restarts: the workflow is loaded again from what was saved. */
		restart() {
			workflow = load();
		},
		/** The static data as saved. */
		saved: () => JSON.parse(saved),
	};
}

module.exports = { createPoller };
