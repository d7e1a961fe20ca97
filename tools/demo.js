#!/usr/bin/env node
// The package's main job, end to end, in n8n's real engine with the built
// node: register a new end user (Journey: Create), then find an existing one
// (User: Search) and open a session for them (Session: Create), then find their
// journey (Journey: Get Many) and open a session for that journey, printing the
// one-time login links; then the Kohomai Trigger (Journey Completed) picks up the
// new joiner finishing their journey. Runs on the bundled sandbox unless
// KOHOMAI_API_KEY is set.
const path = require('node:path');

const root = path.join(__dirname, '..');
const { createEngine } = require(path.join(root, 'tools/engine'));
const { Kohomai } = require(path.join(root, 'dist/nodes/Kohomai/Kohomai.node.js'));
const { KohomaiApi } = require(path.join(root, 'dist/credentials/KohomaiApi.credentials.js'));
const { KohomaiTrigger } = require(path.join(root, 'dist/nodes/KohomaiTrigger/KohomaiTrigger.node.js'));
const { createPoller } = require(path.join(root, 'tools/engine/poll'));

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
			sandbox: false,
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
		sandbox,
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
	const { credentials, startingPointRef, bodyFormat, existingEmail, sandbox, stop } = await connect();
	try {
		const link = await registerAndOpenSessions(engine, credentials, startingPointRef, bodyFormat, existingEmail);
		if (link) await watchCompletion(credentials, link, sandbox);
	} finally {
		await stop();
	}
}

/**
 * Kohomai Trigger (Journey Completed), polled as n8n polls it: the activation
 * poll records a baseline (nothing emitted for existing journeys); the new
 * joiner completes their activities (in the sandbox); the next poll emits exactly that completion, and the one after nothing.
 */
async function watchCompletion(credentials, { userId }, sandbox) {
	console.log('\n4. Kohomai Trigger (Journey Completed): activation, then the next polls');
	const poller = createPoller({
		nodeClass: KohomaiTrigger,
		credentialClasses: [KohomaiApi],
		credentials,
		parameters: { event: 'journeyCompleted' },
		name: 'Kohomai Trigger',
	});
	const atActivation = await poller.poll('activate');
	const watched = Object.keys(poller.saved()['node:Kohomai Trigger'].kohomaiWatch.open).length;
	console.log(`   activation: ${atActivation.length} event(s) emitted, ${watched} open journey(s) watched`);
	if (!sandbox) {
		console.log(
			'   (real API: complete a journey in Kohomai, then activate a workflow with the trigger to see it run)',
		);
		return;
	}
	// The new joiner does their activities one by one (as on Kohomai's journey page), between two polls.
	// The connection object names the person, not the journey: theirs is the one just registered.
	const journeyId = sandbox.journeysOf(userId).at(-1).Id;
	const activities = sandbox.journey(journeyId).Activities;
	for (const [i, activity] of activities.entries()) {
		sandbox.completeActivity(journeyId, i);
		console.log(`   the new joiner completes "${activity.Name}"`);
	}
	const next = await poller.poll();
	for (const item of next)
		console.log(
			`   poll: ${item.json.event} for journey ${item.json.Id} of user ${item.json.User.Id} at ${item.json.eventDate}`,
		);
	if (next.length !== 1 || next[0].json.Id !== journeyId) {
		console.error(`\nThe trigger emitted ${next.length} event(s) instead of the one completion of ${journeyId}.`);
		process.exitCode = 1;
		return;
	}
	const again = await poller.poll();
	console.log(`   next poll: ${again.length} event(s) (each completion is emitted once)`);
	if (again.length !== 0) process.exitCode = 1;
}

/** Steps 1 to 3; returns the new joiner's user id for the trigger step. */
async function registerAndOpenSessions(engine, credentials, startingPointRef, bodyFormat, existingEmail) {
	{
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
		const link = { userId: joined.json.User.Id };

		if (!existingEmail) {
			console.log('\n2. Skipped: set KOHOMAI_DEMO_EXISTING_EMAIL to search an existing end user and open a session.');
			return link;
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
			return link;
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
			return link;
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
		return link;
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
