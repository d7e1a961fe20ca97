'use strict';
// Credentials pointing at the sandbox, the example workflows from examples/,
// and the variants of them that the CLI can run without a webhook call.
const fs = require('node:fs');
const path = require('node:path');
const { REPO_DIR } = require('./host');

const EXAMPLES_DIR = path.join(REPO_DIR, 'examples');
// The examples reference this credential by id and name.
const CRED = { id: 'kohomaiSandboxCr', name: 'Kohomai sandbox' };
const WRONG_CRED = { id: 'kohomaiWrongKey1', name: 'Kohomai wrong key' };

const EXAMPLES = {
	signup: { file: 'signup-webhook-journey.json', id: 'kohomaiSignupJrn' },
	session: { file: 'user-search-session.json', id: 'kohomaiUserSessn' },
	agent: { file: 'ai-agent-kohomai-tools.json', id: 'kohomaiAgentTool' },
	resume: { file: 'journey-completion-resume.json', id: 'kohomaiJrnResume' },
};
const DERIVED = { signupManual: 'kohomaiSignupMan', wrongKey: 'kohomaiWrongKeyW' };

// The workspace key only: Journey: Create names its workflow by the API
// starting point reference in its own parameters (the examples use the
// sandbox's first one, sbx_ref_0001).
// eslint-disable-next-line no-unused-vars
function credentials(sb, baseUrl, installedDir) {
	return [
		{ ...CRED, type: 'kohomaiApi', data: { apiKey: sb.keys.workspace, baseUrl } },
		{ ...WRONG_CRED, type: 'kohomaiApi', data: { apiKey: 'sbx_ws_wrong_key_0000', baseUrl } },
	];
}

function loadExample(key) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, EXAMPLES[key].file), 'utf8'));
}

const SAMPLE_SIGNUP = {
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada.lovelace@example.com',
	department: 'Engineering',
};

// Example (a) with its webhook replaced by a manual trigger and a node that
// produces what the webhook would have received; Respond to Webhook is
// dropped because there is no HTTP request to answer.
function signupManual() {
	const wf = loadExample('signup');
	const webhook = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
	const journey = wf.nodes.find((n) => n.type === 'n8n-nodes-kohomai.kohomai');
	return {
		id: DERIVED.signupManual,
		name: `${wf.name} (manual run)`,
		nodes: [
			{
				id: 'e2e-manual',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [-240, 0],
				parameters: {},
			},
			{
				id: 'e2e-sample',
				name: webhook.name,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [0, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ body: SAMPLE_SIGNUP }), options: {} },
			},
			journey,
		],
		connections: {
			Start: { main: [[{ node: webhook.name, type: 'main', index: 0 }]] },
			[webhook.name]: wf.connections[webhook.name],
		},
		settings: wf.settings,
		active: false,
		pinData: {},
	};
}

// Example (b) with the wrong-key credential: the search must fail with the
// node's mapped 401 message.
function wrongKey() {
	const wf = loadExample('session');
	for (const n of wf.nodes) if (n.credentials) n.credentials.kohomaiApi = { ...WRONG_CRED };
	return { ...wf, id: DERIVED.wrongKey, name: `${wf.name} (wrong key)` };
}

// The example that waits for the person, as it ships, except for two values
// a user changes too: the page people finally see (here a local page, as the
// run has no internet) and the starting-point reference of the sandbox's
// first workflow when the sandbox hands out references.
function resumeExample(sb, finalPageUrl) {
	const wf = loadExample('resume');
	const finalStep = wf.nodes.find((n) => n.name === 'Send them to the welcome page');
	finalStep.parameters.redirectURL = finalPageUrl;
	const references = sb.keys.references;
	if (references) {
		const create = wf.nodes.find((n) => n.parameters.operation === 'create' && n.type === 'n8n-nodes-kohomai.kohomai');
		create.parameters.startingPointRef = references[Object.keys(references)[0]];
	}
	return wf;
}

function writeJson(file, data) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

module.exports = {
	CRED,
	WRONG_CRED,
	EXAMPLES,
	EXAMPLES_DIR,
	DERIVED,
	SAMPLE_SIGNUP,
	credentials,
	loadExample,
	signupManual,
	wrongKey,
	resumeExample,
	writeJson,
};
