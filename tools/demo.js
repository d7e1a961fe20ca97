#!/usr/bin/env node
// The package's main job, end to end, in n8n's real engine with the built
// node: register a new end user (Journey: Create), then find an existing one
// (User: Search) and open a session for them (Session: Create), then find their
// journey (Journey: Get Many) and open a session for that journey, printing the
// one-time login links. Runs on the bundled sandbox unless KOHOMAI_API_KEY is set.
const path = require('node:path');

const root = path.join(__dirname, '..');
const { createEngine } = require(path.join(root, 'tools/engine'));
const { Kohomai } = require(path.join(root, 'dist/nodes/Kohomai/Kohomai.node.js'));
const { KohomaiApi } = require(path.join(root, 'dist/credentials/KohomaiApi.credentials.js'));

async function connect() {
	if (process.env.KOHOMAI_API_KEY) {
		const baseUrl = process.env.KOHOMAI_BASE_URL || 'https://app.kohomai.com/api/v1';
		console.log(`Using the Kohomai API at ${baseUrl} (key from KOHOMAI_API_KEY).`);
		if (!process.env.KOHOMAI_STARTING_POINT_REF)
			throw new Error("Set KOHOMAI_STARTING_POINT_REF to the reference of a workflow's API starting point.");
		return {
			credentials: { apiKey: process.env.KOHOMAI_API_KEY, baseUrl },
			startingPointRef: process.env.KOHOMAI_STARTING_POINT_REF,
			bodyFormat: process.env.KOHOMAI_BODY_FORMAT || 'nested',
			existingEmail: process.env.KOHOMAI_DEMO_EXISTING_EMAIL,
			stop: async () => {},
		};
	}
	const { createSandbox } = require(path.join(root, 'tools/sandbox'));
	const sandbox = createSandbox();
	const { baseUrl } = await sandbox.start();
	const [workflowId, startingPointRef] = Object.entries(sandbox.keys.references)[0];
	const workflow = sandbox.state.workflows.find((w) => w.Id === workflowId);
	console.log(`Started the local Kohomai sandbox at ${baseUrl}`);
	console.log(
		`Journeys go into its workflow "${workflow.Name}" (${workflowId}) through the API starting point with the reference "${startingPointRef}".`,
	);
	return {
		credentials: { apiKey: sandbox.keys.workspace, baseUrl },
		startingPointRef,
		bodyFormat: 'nested',
		existingEmail: 'johndoe@example.com',
		stop: () => sandbox.stop(),
	};
}

function fail(step, run, name) {
	const error = run.error(name);
	if (!error) return;
	console.error(`\n${step} failed: ${error.message}${error.description ? `\n${error.description}` : ''}`);
	process.exitCode = 1;
	return true;
}

async function main() {
	const engine = createEngine({ nodeClasses: [Kohomai], credentialClasses: [KohomaiApi] });
	const { credentials, startingPointRef, bodyFormat, existingEmail, stop } = await connect();
	try {
		const email = process.env.KOHOMAI_DEMO_EMAIL || `n8n-demo-${Date.now()}@example.com`;
		console.log(
			`\n1. Journey: Create for a new end user <${email}>, POST /journeys?ref=${startingPointRef} (${bodyFormat} body)`,
		);
		const journey = await engine.run({
			credentials,
			items: [{ firstName: 'Demo', lastName: 'Joiner', email }],
			nodes: [
				{
					name: 'Register',
					parameters: {
						resource: 'journey',
						operation: 'create',
						startingPointRef,
						bodyFormat,
						firstName: '={{ $json.firstName }}',
						lastName: '={{ $json.lastName }}',
						email: '={{ $json.email }}',
						redirectUrl: 'https://www.example.com/welcome',
					},
				},
			],
		});
		if (fail('Journey: Create', journey, 'Register')) return;
		const [joined] = journey.output('Register');
		console.log(`   end user id: ${joined.json.User.Id}`);
		console.log(`   ConnectionURL (valid until ${joined.json.ValidUntil}): ${joined.json.ConnectionURL}`);

		if (!existingEmail) {
			console.log('\n2. Skipped: set KOHOMAI_DEMO_EXISTING_EMAIL to search an existing end user and open a session.');
			return;
		}
		console.log(`\n2. User: Search <${existingEmail}> -> Session: Create with {{ $json.Id }}`);
		const session = await engine.run({
			credentials,
			nodes: [
				{
					name: 'Find user',
					parameters: { resource: 'user', operation: 'search', filters: { email: existingEmail }, limit: 1 },
				},
				{
					name: 'Open session',
					parameters: {
						resource: 'session',
						operation: 'create',
						user: { __rl: true, mode: 'id', value: '={{ $json.Id }}' },
					},
				},
			],
		});
		if (fail('User: Search', session, 'Find user') || fail('Session: Create', session, 'Open session')) return;
		const found = session.output('Find user');
		if (found.length === 0) {
			console.log(`   no end user with the email ${existingEmail}`);
			return;
		}
		console.log(`   found end user id: ${found[0].json.Id}`);
		const [opened] = session.output('Open session');
		console.log(`   ConnectionURL (valid until ${opened.json.ValidUntil}): ${opened.json.ConnectionURL}`);

		console.log(`\n3. Journey: Get Many for end user ${found[0].json.Id} -> Session: Create for that journey`);
		const byJourney = await engine.run({
			credentials,
			items: [{ userId: found[0].json.Id }],
			nodes: [
				{
					name: 'Find journey',
					parameters: {
						resource: 'journey',
						operation: 'getAll',
						filters: { userId: '={{ $json.userId }}' },
						limit: 1,
					},
				},
				{
					name: 'Open journey session',
					parameters: {
						resource: 'session',
						operation: 'create',
						sessionFor: 'journey',
						journey: { __rl: true, mode: 'id', value: '={{ $json.Id }}' },
					},
				},
			],
		});
		if (
			fail('Journey: Get Many', byJourney, 'Find journey') ||
			fail('Session: Create', byJourney, 'Open journey session')
		)
			return;
		const journeys = byJourney.output('Find journey');
		if (journeys.length === 0) {
			console.log('   this end user has no journey');
			return;
		}
		const j = journeys[0].json;
		console.log(
			`   journey ${j.Id}: ${j.Status}, activities ${(j.Activities || []).map((a) => `${a.Name} [${a.Status}]`).join(', ')}`,
		);
		const [forJourney] = byJourney.output('Open journey session');
		console.log(
			`   ConnectionURL for the journey (valid until ${forJourney.json.ValidUntil}): ${forJourney.json.ConnectionURL}`,
		);
		console.log('\nEach link logs its end user in once, for a few minutes: send it only to that person.');
	} finally {
		await stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
