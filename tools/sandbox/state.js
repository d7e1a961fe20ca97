// @ts-check
'use strict';

const crypto = require('node:crypto');

/**
 * @typedef {{ Id: string, Name: string, createdDate: string }} Workflow
 * @typedef {{ Id: string, Firstname: string, Lastname: string, ContactPrefs: { Email: string }, createdDate: string }} User
 * @typedef {{ Id: string, Name: string }} DataKey
 * @typedef {{ StringValue: string, DataKey: { Id: string } }} JourneyDatum
 * @typedef {{ Id: string, Name: string, Status: 'Todo' | 'Done', completedDate: string | null }} Activity
 * @typedef {{
 *   Id: string, UUID: string, WorkflowId: string | null, UserId: string, Email: string, RedirectURL: string | null,
 *   JourneyData: JourneyDatum[], Status: 'InProgress' | 'Completed', Activities: Activity[], createdDate: string, changedDate: string,
 *   Format?: 'nested' | 'flat', PhoneNumber?: string | null
 * }} Journey
 * @typedef {{ Id: string, UUID: string, UserId: string, JourneyId?: string | null, RedirectURL: string | null, createdDate: string }} Session
 * @typedef {{ UUID: string, UserId: string, JourneyId: string | null, RedirectURL: string | null, ValidUntil: string, used: boolean }} Connection
 * @typedef {{ connectionUUID: string, JourneyId: string, RedirectURL: string | null, ValidUntil: string, used: boolean }} CompletionToken
 * @typedef {{
 *   Id?: string | number | bigint, UUID?: string, UserId: string, WorkflowId?: string | null, Email?: string,
 *   RedirectURL?: string | null, JourneyData?: JourneyDatum[], Activities?: (string | { Name: string, Status?: 'Todo' | 'Done' })[],
 *   createdDate?: string
 * }} JourneyInput
 * @typedef {{ workflows: Workflow[], users: User[], dataKeys: DataKey[], journeys: Journey[], sessions: Session[] }} State
 * @typedef {{ workspace: string, references: Record<string, string> }} Keys
 */

// Seed data is fixed so that ids and keys survive sandbox restarts: a demo
// workflow configured against the sandbox keeps working the next day.
/** @type {ReadonlyArray<Workflow>} */
const SEED_WORKFLOWS = [
	{ Id: '318274650918273645', Name: 'Employee onboarding', createdDate: '2024-01-08T09:00:00.000Z' },
	{ Id: '4410293847561029384', Name: 'Customer onboarding', createdDate: '2024-02-12T10:30:00.000Z' },
	{ Id: '90071992547409931', Name: 'Partner onboarding', createdDate: '2024-03-04T08:15:00.000Z' },
	{ Id: '7203958172635481920', Name: 'Contractor onboarding', createdDate: '2024-04-22T14:45:00.000Z' },
	{ Id: '561029384756102938', Name: 'Alumni re-boarding', createdDate: '2024-05-30T16:00:00.000Z' },
];

/** @type {ReadonlyArray<User>} */
const SEED_USERS = [
	// The vendor's documented example user.
	user('74590868830731162', 'John', 'Doe', 'johndoe@example.com', '2024-01-10T09:12:00.000Z'),
	// Exactly the id a client produces when it parses 74590868830731162 through
	// a JS number (74590868830731168 → "74590868830731170"): a lossy client then
	// opens a session for Jane instead of failing with 404.
	user('74590868830731170', 'Jane', 'Roe', 'jane.roe@example.com', '2024-01-11T11:00:00.000Z'),
	// Fuzzy search traps: email=ann@example.com also matches joann@example.com.
	user('183746501928374650', 'Ann', 'Smith', 'ann@example.com', '2024-02-01T08:00:00.000Z'),
	user('2938475610293847561', 'Joann', 'Miller', 'joann@example.com', '2024-02-02T08:00:00.000Z'),
	user('90071992547409933', 'Annabel', 'Lee', 'annabel.lee@example.org', '2024-02-03T08:00:00.000Z'),
	user('6120394857610293845', 'Marie', 'Curie-Lopez', 'marie.curie@example.fr', '2024-03-15T13:30:00.000Z'),
];

/** @type {ReadonlyArray<DataKey>} */
const SEED_DATA_KEYS = [
	{ Id: '90071992547409935', Name: 'Department' },
	{ Id: '123456789012345678', Name: 'Start date' },
	{ Id: '9223372036854775807', Name: 'Manager email' },
];

// The real journey shape is undocumented (the docs only say GET /journeys/{id}
// reports the status of each activity): these names are the sandbox's guess.
/** @type {Readonly<Record<string, ReadonlyArray<string>>>} */
const ACTIVITIES_BY_WORKFLOW = {
	'318274650918273645': ['Sign the employment contract', 'Upload an ID document', 'Meet your buddy'],
	'4410293847561029384': ['Confirm the company details', 'Invite your team'],
	'90071992547409931': ['Sign the partner agreement', 'Complete the partner training'],
	'7203958172635481920': ['Upload the insurance certificate', 'Sign the NDA', 'Share bank details'],
	'561029384756102938': ['Update your profile', 'Choose your newsletters'],
};
const DEFAULT_ACTIVITIES = ['Welcome', 'Complete your profile'];

/**
 * Fixed journeys, so a Journey: Get against a fresh sandbox has something to
 * find: John's is half done, Ann's complete. Both ids are above 2^53.
 * @type {ReadonlyArray<Journey>}
 */
const SEED_JOURNEYS = [
	{
		Id: '58230741923847561',
		UUID: '7d4c2a1e-5b3f-4c8e-9a6d-1f2e3d4c5b6a',
		WorkflowId: '318274650918273645',
		UserId: '74590868830731162',
		Email: 'johndoe@example.com',
		RedirectURL: null,
		JourneyData: [],
		Status: 'InProgress',
		Activities: [
			{
				Id: '58230741923847601',
				Name: 'Sign the employment contract',
				Status: 'Done',
				completedDate: '2024-01-11T10:00:00.000Z',
			},
			{ Id: '58230741923847602', Name: 'Upload an ID document', Status: 'Todo', completedDate: null },
			{ Id: '58230741923847603', Name: 'Meet your buddy', Status: 'Todo', completedDate: null },
		],
		createdDate: '2024-01-10T09:12:00.000Z',
		changedDate: '2024-01-11T10:00:00.000Z',
	},
	{
		Id: '3304958671203948576',
		UUID: '0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
		WorkflowId: '4410293847561029384',
		UserId: '183746501928374650',
		Email: 'ann@example.com',
		RedirectURL: 'https://www.example.com/welcome',
		JourneyData: [],
		Status: 'Completed',
		Activities: [
			{
				Id: '3304958671203948601',
				Name: 'Confirm the company details',
				Status: 'Done',
				completedDate: '2024-02-01T09:00:00.000Z',
			},
			{
				Id: '3304958671203948602',
				Name: 'Invite your team',
				Status: 'Done',
				completedDate: '2024-02-01T09:30:00.000Z',
			},
		],
		createdDate: '2024-02-01T08:00:00.000Z',
		changedDate: '2024-02-01T09:30:00.000Z',
	},
];

/** @param {Journey} j @returns {Journey} */
function copyJourney(j) {
	return {
		...j,
		JourneyData: j.JourneyData.map((d) => ({ ...d, DataKey: { ...d.DataKey } })),
		Activities: j.Activities.map((a) => ({ ...a })),
	};
}

/**
 * @param {string} Id @param {string} Firstname @param {string} Lastname
 * @param {string} Email @param {string} createdDate
 * @returns {User}
 */
function user(Id, Firstname, Lastname, Email, createdDate) {
	return { Id, Firstname, Lastname, ContactPrefs: { Email }, createdDate };
}

/** @param {number} n */
function referenceFor(n) {
	return `sbx_ref_${String(n).padStart(4, '0')}`;
}

/** @returns {string} 17 to 19 digits, so always above 2^53. */
function randomIdDigits() {
	const length = 17 + crypto.randomInt(3);
	let s = String(1 + crypto.randomInt(9));
	while (s.length < length) s += String(crypto.randomInt(10));
	// 19-digit ids must stay within int64 like the real ones presumably do.
	return length === 19 && s > '9223372036854775807' ? `1${s.slice(1)}` : s;
}

/**
 * Holds all mutable data. Arrays are mutated in place on reset so references
 * a test took earlier (sb.state.users) stay live.
 * @param {{ seed: boolean, workspaceKey: string }} opts
 */
function createStore(opts) {
	/** @type {State} */
	const state = { workflows: [], users: [], dataKeys: [], journeys: [], sessions: [] };
	/** @type {Keys} */
	const keys = { workspace: opts.workspaceKey, references: {} };
	/** @type {Map<string, Connection>} */
	const connections = new Map();
	/** One-time tokens of the "complete" form on the person's page. @type {Map<string, CompletionToken>} */
	const completionTokens = new Map();
	/** @type {Set<string>} */
	const usedIds = new Set();
	let workflowCounter = 0;

	function newId() {
		for (;;) {
			const id = randomIdDigits();
			if (!usedIds.has(id)) {
				usedIds.add(id);
				return id;
			}
		}
	}

	function restoreSeed() {
		state.workflows.length = 0;
		state.users.length = 0;
		state.dataKeys.length = 0;
		state.journeys.length = 0;
		state.sessions.length = 0;
		for (const k of Object.keys(keys.references)) delete keys.references[k];
		connections.clear();
		completionTokens.clear();
		usedIds.clear();
		workflowCounter = 0;
		if (!opts.seed) return;
		for (const w of SEED_WORKFLOWS) {
			state.workflows.push({ ...w });
			keys.references[w.Id] = referenceFor(++workflowCounter);
			usedIds.add(w.Id);
		}
		for (const u of SEED_USERS) {
			state.users.push({ ...u, ContactPrefs: { ...u.ContactPrefs } });
			usedIds.add(u.Id);
		}
		for (const d of SEED_DATA_KEYS) {
			state.dataKeys.push({ ...d });
			usedIds.add(d.Id);
		}
		for (const j of SEED_JOURNEYS) {
			state.journeys.push(copyJourney(j));
			usedIds.add(j.Id);
			for (const a of j.Activities) usedIds.add(a.Id);
		}
	}

	/**
	 * A journey for an existing user, with the activities of its workflow
	 * (or the given ones), all to do unless said otherwise.
	 * @param {JourneyInput} input
	 * @returns {Journey}
	 * @throws {Error} when the user does not exist or the id is taken / lossy
	 */
	function addJourney(input) {
		const userId = String(input.UserId ?? '');
		const u = findUser(userId);
		if (!u) throw new Error(`addJourney: no user with Id ${userId}`);
		const id = claimId(input.Id, 'addJourney');
		const now = input.createdDate ?? new Date().toISOString();
		const names = input.Activities ?? ACTIVITIES_BY_WORKFLOW[input.WorkflowId ?? ''] ?? DEFAULT_ACTIVITIES;
		/** @type {Activity[]} */
		const activities = names.map((a) => {
			const spec = typeof a === 'string' ? { Name: a, Status: /** @type {const} */ ('Todo') } : a;
			const done = spec.Status === 'Done';
			return { Id: newId(), Name: spec.Name, Status: done ? 'Done' : 'Todo', completedDate: done ? now : null };
		});
		/** @type {Journey} */
		const j = {
			Id: id,
			UUID: input.UUID ?? crypto.randomUUID(),
			WorkflowId: input.WorkflowId ?? null,
			UserId: u.Id,
			Email: input.Email ?? u.ContactPrefs.Email,
			RedirectURL: input.RedirectURL ?? null,
			JourneyData: input.JourneyData ?? [],
			Status: activities.every((a) => a.Status === 'Done') ? 'Completed' : 'InProgress',
			Activities: activities,
			createdDate: now,
			changedDate: now,
		};
		state.journeys.push(j);
		return j;
	}

	/** @param {string} id */
	function findJourney(id) {
		return state.journeys.find((j) => j.Id === id);
	}

	/**
	 * The user's most recently created journey: where a session for the user lands.
	 * @param {string} userId
	 */
	function latestJourneyOf(userId) {
		for (let i = state.journeys.length - 1; i >= 0; i--)
			if (state.journeys[i].UserId === userId) return state.journeys[i];
		return undefined;
	}

	/**
	 * Marks every open activity done and the journey completed.
	 * @param {string} id
	 * @returns {Journey}
	 * @throws {Error} for an unknown journey
	 */
	function completeJourney(id) {
		const j = findJourney(id);
		if (!j) throw new Error(`completeJourney: no journey with Id ${id}`);
		const now = new Date().toISOString();
		for (const a of j.Activities) {
			if (a.Status !== 'Done') {
				a.Status = 'Done';
				a.completedDate = now;
			}
		}
		j.Status = 'Completed';
		j.changedDate = now;
		return j;
	}

	/**
	 * Marks one activity done, as if the person finished it in Kohomai; the
	 * journey becomes Completed when it was the last one to do.
	 * @param {string} journeyId
	 * @param {string | number} activity the activity's Id (digits), or its position (0-based number)
	 * @param {string} [at] ISO time of completion; default now
	 * @returns {Journey}
	 * @throws {Error} for an unknown journey or activity
	 */
	function completeActivity(journeyId, activity, at) {
		const j = findJourney(journeyId);
		if (!j) throw new Error(`completeActivity: no journey with Id ${journeyId}`);
		const a = typeof activity === 'number' ? j.Activities[activity] : j.Activities.find((x) => x.Id === activity);
		if (!a) throw new Error(`completeActivity: journey ${journeyId} has no activity ${activity}`);
		const when = at ?? new Date().toISOString();
		if (a.Status !== 'Done') {
			a.Status = 'Done';
			a.completedDate = when;
		}
		if (j.Activities.every((x) => x.Status === 'Done')) j.Status = 'Completed';
		j.changedDate = when;
		return j;
	}

	/**
	 * Moves every timestamp of a journey into the past, as if it had been
	 * created and worked on `ms` earlier: how tests reach "no progress for N
	 * days" without waiting or changing the clock of the client.
	 * @param {string} journeyId @param {number} ms
	 * @returns {Journey}
	 */
	function ageJourney(journeyId, ms) {
		const j = findJourney(journeyId);
		if (!j) throw new Error(`ageJourney: no journey with Id ${journeyId}`);
		/** @param {string} iso */
		const back = (iso) => new Date(Date.parse(iso) - ms).toISOString();
		j.createdDate = back(j.createdDate);
		j.changedDate = back(j.changedDate);
		for (const a of j.Activities) if (a.completedDate) a.completedDate = back(a.completedDate);
		return j;
	}

	/**
	 * @param {{ Id?: string | number | bigint, Firstname?: string, Lastname?: string, Email?: string, ContactPrefs?: { Email?: string } }} input
	 * @returns {User}
	 */
	function addUser(input) {
		const id = claimId(input.Id, 'addUser');
		const email = input.Email ?? input.ContactPrefs?.Email ?? '';
		const u = user(id, input.Firstname ?? '', input.Lastname ?? '', email, new Date().toISOString());
		state.users.push(u);
		return u;
	}

	/**
	 * A data key that journeys may address, e.g. with a generated id for tests.
	 * @param {{ Id?: string | number | bigint, Name?: string }} input
	 * @returns {DataKey}
	 */
	function addDataKey(input) {
		const d = { Id: claimId(input.Id, 'addDataKey'), Name: input.Name ?? 'Generated data key' };
		state.dataKeys.push(d);
		return d;
	}

	/**
	 * A new random id, or the given one once checked: ids above 2^53 must come
	 * as text, since a number has already lost digits.
	 * @param {string | number | bigint | undefined | null} given @param {string} caller
	 */
	function claimId(given, caller) {
		if (given === undefined || given === null) return newId();
		if (typeof given === 'number' && !Number.isSafeInteger(given)) {
			throw new TypeError(`${caller}: pass ids above 2^53 as strings, a number has already lost digits`);
		}
		const id = String(given);
		if (!/^\d+$/.test(id)) throw new TypeError(`${caller}: Id must be decimal digits, got ${id}`);
		if (usedIds.has(id)) throw new Error(`${caller}: Id ${id} is already used`);
		usedIds.add(id);
		return id;
	}

	/** @param {number} n @returns {Workflow[]} */
	function addWorkflows(n) {
		if (!Number.isInteger(n) || n < 0) throw new TypeError('addWorkflows: n must be a non-negative integer');
		const added = [];
		for (let i = 0; i < n; i++) {
			const number = ++workflowCounter;
			const w = {
				Id: newId(),
				Name: `Generated workflow ${String(number).padStart(4, '0')}`,
				createdDate: new Date().toISOString(),
			};
			state.workflows.push(w);
			keys.references[w.Id] = referenceFor(number);
			added.push(w);
		}
		return added;
	}

	/** @param {string} email */
	function findUserByEmail(email) {
		const wanted = email.toLowerCase();
		return state.users.find((u) => u.ContactPrefs.Email.toLowerCase() === wanted);
	}

	/** @param {string} id */
	function findUser(id) {
		return state.users.find((u) => u.Id === id);
	}

	/** @param {string} id */
	function findDataKey(id) {
		return state.dataKeys.find((d) => d.Id === id);
	}

	/**
	 * Which workflow the API starting point with this reference belongs to, or undefined.
	 * @param {string} reference
	 */
	function workflowForReference(reference) {
		for (const [workflowId, r] of Object.entries(keys.references)) if (r === reference) return workflowId;
		return undefined;
	}

	restoreSeed();

	return {
		state,
		keys,
		connections,
		completionTokens,
		newId,
		restoreSeed,
		addUser,
		addDataKey,
		addWorkflows,
		findUserByEmail,
		findUser,
		findDataKey,
		workflowForReference,
		addJourney,
		findJourney,
		latestJourneyOf,
		completeJourney,
		completeActivity,
		ageJourney,
	};
}

/** @typedef {ReturnType<typeof createStore>} Store */

module.exports = {
	createStore,
	SEED_USERS,
	SEED_WORKFLOWS,
	SEED_DATA_KEYS,
	SEED_JOURNEYS,
	ACTIVITIES_BY_WORKFLOW,
	DEFAULT_ACTIVITIES,
};
