// @ts-check
'use strict';

const { createStore, SEED_JOURNEYS } = require('./state');
const { createFaultQueue } = require('./faults');
const { createRateLimiter } = require('./rate-limit');
const { createHttpServer } = require('./server');
const { selfSignedCertificate } = require('./tls');

/**
 * @typedef {{
 *   port?: number, latencyMs?: number, rateLimitPerSecond?: number | null,
 *   pageSizeMax?: number, listShape?: import('./paging').ListShape,
 *   duplicateEmail?: 'conflict' | 'allow', workspaceKey?: string, seed?: boolean, host?: string,
 *   https?: boolean, registrationFormat?: 'nested' | 'flat' | 'both', workflowsPath?: boolean
 * }} SandboxOptions
 */

const SEED_JOURNEY_IDS = new Set(SEED_JOURNEYS.map((j) => j.Id));
const LIST_SHAPES = [
	'data',
	'array',
	'items',
	'ignoresPaging',
	'pascal',
	'pascalItems',
	'pascalHasMore',
	'ignoresOffset',
	'opaque',
];
const DUPLICATE_EMAIL = ['conflict', 'allow'];
const REGISTRATION_FORMATS = ['nested', 'flat', 'both'];

/** @param {unknown} format @returns {import('./registration').RegistrationFormat} */
function checkFormat(format) {
	if (typeof format !== 'string' || !REGISTRATION_FORMATS.includes(format)) {
		throw new TypeError(`registrationFormat must be one of ${REGISTRATION_FORMATS.join(', ')}`);
	}
	return /** @type {import('./registration').RegistrationFormat} */ (format);
}

/** @param {unknown} on @param {string} name */
function checkSwitch(on, name) {
	if (typeof on !== 'boolean') throw new TypeError(`${name} must be true or false`);
	return on;
}
// The sandbox hands out working keys and autologin links: never expose it
// beyond this machine.
const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];

/** @param {unknown} detail @returns {'full' | 'status' | 'bare'} */
function checkListDetail(detail) {
	if (detail !== 'full' && detail !== 'status' && detail !== 'bare')
		throw new TypeError("journeyListDetail must be 'full', 'status' or 'bare'");
	return detail;
}

/** @param {unknown} ms @param {string} name */
function checkMs(ms, name) {
	if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new TypeError(`${name} must be a number >= 0`);
	return ms;
}

/** @param {unknown} n */
function checkRate(n) {
	if (n === null || n === undefined) return null;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
		throw new TypeError('rateLimitPerSecond must be a positive integer or null');
	}
	return n;
}

/** @param {SandboxOptions} [options] */
function createSandbox(options = {}) {
	const listShape = options.listShape ?? 'data';
	if (!LIST_SHAPES.includes(listShape)) throw new TypeError(`listShape must be one of ${LIST_SHAPES.join(', ')}`);
	const duplicateEmail = options.duplicateEmail ?? 'conflict';
	if (!DUPLICATE_EMAIL.includes(duplicateEmail))
		throw new TypeError(`duplicateEmail must be one of ${DUPLICATE_EMAIL.join(', ')}`);
	const host = options.host ?? '127.0.0.1';
	if (!LOOPBACK_HOSTS.includes(host))
		throw new TypeError(`host must be a loopback address (${LOOPBACK_HOSTS.join(', ')})`);
	const pageSizeMax = options.pageSizeMax ?? 100;
	if (!Number.isInteger(pageSizeMax) || pageSizeMax < 1) throw new TypeError('pageSizeMax must be a positive integer');
	const requestedPort = options.port ?? 0;
	if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535)
		throw new TypeError('port must be 0-65535');

	const settings = {
		latencyMs: checkMs(options.latencyMs ?? 0, 'latencyMs'),
		rateLimitPerSecond: checkRate(options.rateLimitPerSecond),
		rateLimitHeaders: false,
		pageSizeMax,
		listShape: /** @type {import('./paging').ListShape} */ (listShape),
		duplicateEmail: /** @type {'conflict' | 'allow'} */ (duplicateEmail),
		registrationFormat: checkFormat(options.registrationFormat ?? 'nested'),
		workflowsPath: checkSwitch(options.workflowsPath ?? true, 'workflowsPath'),
		journeyListDetail: checkListDetail(options.journeyListDetail ?? 'full'),
	};
	const initial = {
		registrationFormat: settings.registrationFormat,
		workflowsPath: settings.workflowsPath,
		journeyListDetail: settings.journeyListDetail,
	};
	// A self-signed certificate: clients that check certificates refuse it.
	const tls = options.https ? selfSignedCertificate() : undefined;
	const scheme = tls ? 'https' : 'http';
	const store = createStore({ seed: options.seed ?? true, workspaceKey: options.workspaceKey ?? 'sbx_ws_local_0001' });
	/** @type {import('./server').LogRecord[]} */
	const log = [];
	const counters = {
		requests: 0,
		journeysCreated: 0,
		sessionsCreated: 0,
		duplicateJourneys: 0,
		rateLimited: 0,
		tlsHandshakeFailures: 0,
	};
	const faultQueue = createFaultQueue();
	/** @type {Array<{ afterMs: number, perSecond: number }> | null} */
	let schedule = null;
	// A schedule, when set, overrides the single limit; time counts from the first API request after reset().
	const rateLimiter = createRateLimiter((sinceFirst) => {
		if (!schedule) return settings.rateLimitPerSecond;
		let limit = null;
		for (const step of schedule) if (sinceFirst >= step.afterMs) limit = step.perSecond;
		return limit;
	});
	let seq = 0;
	let port = 0;
	const hostForUrl = host.includes(':') ? `[${host}]` : host;

	const http = createHttpServer({
		store,
		settings,
		counters,
		log,
		faults: faultQueue,
		rateLimiter,
		nextSeq: () => ++seq,
		origin: () => `${scheme}://${hostForUrl}:${port}`,
		tls,
	});

	const sandbox = {
		/** @returns {Promise<{ baseUrl: string, port: number }>} */
		async start() {
			port = await http.listen(requestedPort, host);
			return { baseUrl: `${scheme}://${hostForUrl}:${port}/api/v1`, port };
		},
		stop() {
			return http.close();
		},
		get keys() {
			return store.keys;
		},
		get state() {
			return store.state;
		},
		get log() {
			return log;
		},
		stats() {
			return { ...counters };
		},
		/** @param {Parameters<typeof store.addUser>[0]} user */
		addUser(user) {
			return store.addUser(user);
		},
		/** @param {number} n */
		addWorkflows(n) {
			return store.addWorkflows(n);
		},
		/** @param {Parameters<typeof store.addDataKey>[0]} dataKey */
		addDataKey(dataKey) {
			return store.addDataKey(dataKey);
		},
		/**
		 * A journey for an existing user; activities default to its workflow's.
		 * @param {import('./state').JourneyInput} journey
		 */
		addJourney(journey) {
			return store.addJourney(journey);
		},
		/** The stored journey (live object), or undefined. @param {string} id */
		journey(id) {
			return store.findJourney(String(id));
		},
		/** Journeys added since the seed (POST /journeys, addJourney), oldest first. */
		createdJourneys() {
			return store.state.journeys.filter((j) => !SEED_JOURNEY_IDS.has(j.Id));
		},
		/** Journeys of one user, oldest first. @param {string} userId */
		journeysOf(userId) {
			return store.state.journeys.filter((j) => j.UserId === String(userId));
		},
		/** Marks every activity done, as the person's "complete" form does. @param {string} id */
		completeJourney(id) {
			return store.completeJourney(String(id));
		},
		/**
		 * Marks one activity done (by Id, or 0-based position), as the person would in Kohomai.
		 * @param {string} journeyId @param {string | number} activity @param {string} [at] ISO time, default now
		 */
		completeActivity(journeyId, activity, at) {
			return store.completeActivity(String(journeyId), activity, at);
		},
		/** Moves a journey's timestamps `ms` into the past (for "stalled" tests). @param {string} journeyId @param {number} ms */
		ageJourney(journeyId, ms) {
			return store.ageJourney(String(journeyId), checkMs(ms, 'ms'));
		},
		/** What GET /journeys rows carry: 'full', 'status' (no Activities) or 'bare' (neither). @param {'full' | 'status' | 'bare'} detail */
		setJourneyListDetail(detail) {
			settings.journeyListDetail = checkListDetail(detail);
		},
		/** @param {import('./faults').FaultSpec} spec */
		fault(spec) {
			faultQueue.add(spec);
		},
		clearFaults() {
			faultQueue.clear();
		},
		/** @param {import('./paging').ListShape} shape */
		setListShape(shape) {
			if (!LIST_SHAPES.includes(shape)) throw new TypeError(`listShape must be one of ${LIST_SHAPES.join(', ')}`);
			settings.listShape = shape;
		},
		/**
		 * Which registration body POST /journeys accepts: 'nested' (the vendor
		 * page), 'flat' (the later docs) or 'both'.
		 * @param {import('./registration').RegistrationFormat} format
		 */
		setRegistrationFormat(format) {
			settings.registrationFormat = checkFormat(format);
		},
		/** false: GET /workflows answers 404 and only GET /funnels lists workflows. @param {boolean} on */
		setWorkflowsPath(on) {
			settings.workflowsPath = checkSwitch(on, 'workflowsPath');
		},
		/** @param {number} ms */
		setLatency(ms) {
			settings.latencyMs = checkMs(ms, 'latency');
		},
		/** @param {number | null} perSecond */
		setRateLimit(perSecond) {
			settings.rateLimitPerSecond = checkRate(perSecond);
			schedule = null;
			rateLimiter.reset();
		},
		/**
		 * A limit that changes during a run, e.g. [{ afterMs: 0, perSecond: 100 }, { afterMs: 5000, perSecond: 20 }]:
		 * times from the first API request after reset(). null returns to setRateLimit's single limit.
		 * @param {Array<{ afterMs: number, perSecond: number }> | null} steps
		 */
		setRateLimitSchedule(steps) {
			if (steps !== null) {
				if (!Array.isArray(steps) || steps.length === 0)
					throw new TypeError('schedule must be a non-empty array or null');
				for (const step of steps) {
					checkMs(step.afterMs, 'afterMs');
					if (checkRate(step.perSecond) === null) throw new TypeError('perSecond must be a positive integer');
				}
			}
			schedule = steps && [...steps].sort((a, b) => a.afterMs - b.afterMs);
			rateLimiter.reset();
		},
		/** Send RateLimit-Limit / -Remaining / -Reset with every API answer while a limit is set. @param {boolean} on */
		setRateLimitHeaders(on) {
			settings.rateLimitHeaders = Boolean(on);
		},
		/**
		 * Latency and rate limit are settings, not state: reset keeps them. The
		 * registration format and the /workflows switch go back to the options
		 * the sandbox was created with.
		 */
		reset() {
			settings.registrationFormat = initial.registrationFormat;
			settings.workflowsPath = initial.workflowsPath;
			settings.journeyListDetail = initial.journeyListDetail;
			log.length = 0;
			seq = 0;
			faultQueue.clear();
			rateLimiter.reset();
			for (const k of /** @type {(keyof typeof counters)[]} */ (Object.keys(counters))) counters[k] = 0;
			store.restoreSeed();
		},
	};
	return sandbox;
}

/** @typedef {ReturnType<typeof createSandbox>} Sandbox */

module.exports = { createSandbox };
