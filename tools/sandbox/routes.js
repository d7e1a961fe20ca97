// @ts-check
'use strict';

const crypto = require('node:crypto');
const { raw, toIdString } = require('./json');
const { fail, page } = require('./paging');
const { readRegistration, startingPoint } = require('./registration');
const journeys = require('./journeys');

/**
 * @typedef {import('./state').Store} Store
 * @typedef {import('./state').User} User
 * @typedef {{ pageSizeMax: number, listShape: import('./paging').ListShape, duplicateEmail: 'conflict' | 'allow',
 *   registrationFormat: import('./registration').RegistrationFormat, workflowsPath: boolean,
 *   journeyListDetail: import('./journeys').JourneyListDetail }} RouteSettings
 * @typedef {{ journeysCreated: number, sessionsCreated: number, duplicateJourneys: number }} Counters
 * @typedef {{ store: Store, settings: RouteSettings, counters: Counters, origin: string }} RouteContext
 * @typedef {{ query: URLSearchParams, params: Record<string, string>, body: unknown }} ApiRequest
 * @typedef {import('./paging').ApiResult} ApiResult
 * @typedef {{ handler: (req: ApiRequest, ctx: RouteContext) => ApiResult, needsBody: boolean }} Route
 */

const CONNECTION_LIFETIME_MS = 5 * 60 * 1000;

/** @param {{ field: string, message: string }[]} errors @returns {ApiResult} */
function invalid(errors) {
	return { status: 422, body: { message: errors[0].message, errors } };
}

/** @param {unknown} v @returns {Record<string, unknown>} */
function obj(v) {
	return v !== null && typeof v === 'object' && !Array.isArray(v) ? /** @type {Record<string, unknown>} */ (v) : {};
}

/** @param {import('./state').Workflow} w */
function renderWorkflow(w) {
	return { Id: raw(w.Id), Name: w.Name, createdDate: w.createdDate };
}

/** @param {User} u */
function renderUser(u) {
	return {
		Id: raw(u.Id),
		Firstname: u.Firstname,
		Lastname: u.Lastname,
		ContactPrefs: { Email: u.ContactPrefs.Email },
		createdDate: u.createdDate,
	};
}

/** @type {Route['handler']} */
function listWorkflows(req, ctx) {
	return page(ctx.store.state.workflows, req.query, ctx.settings, renderWorkflow);
}

/** @type {Route['handler']} */
function listUsers(req, ctx) {
	/** @param {string} name */
	const filter = (name) => (req.query.get(name) || '').toLowerCase();
	const email = filter('email');
	const firstname = filter('firstname');
	const lastname = filter('lastname');
	// Deliberately a substring match: clients that take the first hit for an
	// email search pick the wrong person (ann@ vs joann@).
	const matches = ctx.store.state.users.filter(
		(u) =>
			u.ContactPrefs.Email.toLowerCase().includes(email) &&
			u.Firstname.toLowerCase().includes(firstname) &&
			u.Lastname.toLowerCase().includes(lastname),
	);
	return page(matches, req.query, ctx.settings, renderUser);
}

/**
 * @param {unknown} value
 * @param {string} field
 * @param {{ field: string, message: string }[]} errors
 * @returns {string | null}
 */
function redirectUrl(value, field, errors) {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') {
		try {
			const url = new URL(value);
			if (url.protocol === 'http:' || url.protocol === 'https:') return value;
		} catch {
			// falls through to the error below
		}
	}
	errors.push({ field, message: `${field} must be an absolute http or https URL` });
	return null;
}

/**
 * @param {User} user
 * @param {string | null} redirect
 * @param {RouteContext} ctx
 * @param {string | null} journeyId the journey the link opens; null = the user's latest
 */
function openConnection(user, redirect, ctx, journeyId) {
	const uuid = crypto.randomUUID();
	const created = new Date();
	const validUntil = new Date(created.getTime() + CONNECTION_LIFETIME_MS).toISOString();
	ctx.store.connections.set(uuid, {
		UUID: uuid,
		UserId: user.Id,
		JourneyId: journeyId,
		RedirectURL: redirect,
		ValidUntil: validUntil,
		used: false,
	});
	return {
		uuid,
		createdDate: created.toISOString(),
		body: {
			UUID: uuid,
			RedirectURL: redirect,
			ConnectionURL: `${ctx.origin}/internal/v1/autologin?UUID=${uuid}`,
			ValidUntil: validUntil,
			changedDate: created.toISOString(),
			createdDate: created.toISOString(),
			User: { Firstname: user.Firstname, Lastname: user.Lastname, Id: raw(user.Id) },
		},
	};
}

/** @type {Route['handler']} */
function createJourney(req, ctx) {
	const body = req.body;
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		return invalid([{ field: '', message: 'The request body must be a JSON object' }]);
	}
	const point = startingPoint(req.query, ctx.store);
	if (!('workflowId' in point)) return point;
	const read = readRegistration(obj(body), ctx.settings.registrationFormat, ctx.store);
	if (!('registration' in read)) return read;
	const r = read.registration;
	/** @type {{ field: string, message: string }[]} */
	const errors = [];
	const redirect = redirectUrl(r.RedirectURL, 'RedirectURL', errors);
	if (errors.length > 0) return invalid(errors);

	if (ctx.store.findUserByEmail(r.Email)) {
		if (ctx.settings.duplicateEmail === 'conflict') return fail(409, 'An end user with this email already exists');
		ctx.counters.duplicateJourneys += 1;
	}
	const user = ctx.store.addUser({ Firstname: r.Firstname, Lastname: r.Lastname, Email: r.Email });
	const journeyRecord = ctx.store.addJourney({
		UserId: user.Id,
		WorkflowId: point.workflowId,
		Email: r.Email,
		RedirectURL: redirect,
		JourneyData: r.JourneyData,
	});
	journeyRecord.Format = r.format;
	journeyRecord.PhoneNumber = r.PhoneNumber;
	const connection = openConnection(user, redirect, ctx, journeyRecord.Id);
	journeyRecord.UUID = connection.uuid;
	journeyRecord.createdDate = connection.createdDate;
	journeyRecord.changedDate = connection.createdDate;
	ctx.counters.journeysCreated += 1;
	return { status: 201, body: connection.body };
}

/**
 * POST /sessions for a person, `{ User: { Id } }` (SDK-A/B/C), or for one of
 * their journeys, `{ Journey: { Id } }` (FOS 2023-06-27); exactly one of them.
 * @type {Route['handler']}
 */
function createSession(req, ctx) {
	const body = req.body;
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		return invalid([{ field: '', message: 'The request body must be a JSON object' }]);
	}
	/** @type {{ field: string, message: string }[]} */
	const errors = [];
	const root = obj(body);
	const extra = Object.keys(root).find((k) => !['User', 'Journey', 'RedirectURL'].includes(k));
	if (extra) return fail(400, `Unexpected key "${extra}" in the request body`);
	const kind = root.Journey !== undefined ? 'Journey' : 'User';
	if (root.Journey !== undefined && root.User !== undefined) {
		return invalid([{ field: 'User', message: 'Give either User.Id or Journey.Id, not both' }]);
	}
	const idIn = obj(root[kind]).Id;
	const id = toIdString(idIn);
	if (id === null) {
		errors.push({
			field: `${kind}.Id`,
			message:
				typeof idIn === 'number'
					? `${kind}.Id is not a safe integer; send ids above 2^53 as raw digits or strings`
					: `${kind}.Id must be an integer id`,
		});
	}
	const redirect = redirectUrl(root.RedirectURL, 'RedirectURL', errors);
	if (errors.length > 0) return invalid(errors);
	const journey = kind === 'Journey' ? ctx.store.findJourney(/** @type {string} */ (id)) : undefined;
	if (kind === 'Journey' && !journey) return fail(404, 'Journey not found');
	const user = ctx.store.findUser(journey ? journey.UserId : /** @type {string} */ (id));
	if (!user) return fail(404, 'End user not found');
	const connection = openConnection(user, redirect, ctx, journey ? journey.Id : null);
	ctx.store.state.sessions.push({
		Id: ctx.store.newId(),
		UUID: connection.uuid,
		UserId: user.Id,
		JourneyId: journey ? journey.Id : null,
		RedirectURL: redirect,
		createdDate: connection.createdDate,
	});
	ctx.counters.sessionsCreated += 1;
	return { status: 201, body: connection.body };
}

/** Paths are relative to /api/v1. @type {Record<string, Record<string, Route>>} */
const ROUTES = {
	// GET /workflows (SDK-A/B) answers 404 when the setting `workflowsPath` is off,
	// as a workspace that only knows the later name, GET /funnels (LR-1..3).
	'/workflows': {
		GET: {
			handler: (req, ctx) => (ctx.settings.workflowsPath ? listWorkflows(req, ctx) : fail(404, 'Not found')),
			needsBody: false,
		},
	},
	'/funnels': { GET: { handler: listWorkflows, needsBody: false } },
	'/users': { GET: { handler: listUsers, needsBody: false } },
	'/journeys': {
		GET: { handler: (req, ctx) => journeys.listJourneys({ ...req, ...ctx }), needsBody: false },
		POST: { handler: createJourney, needsBody: true },
	},
	'/journeys/{id}': {
		GET: { handler: (req, ctx) => journeys.getJourney({ ...req, ...ctx }), needsBody: false },
	},
	'/sessions': { POST: { handler: createSession, needsBody: true } },
};

/**
 * The routes for a path below /api/v1, exact paths first, then `{id}` patterns.
 * @param {string} apiPath
 * @returns {{ methods: Record<string, Route>, params: Record<string, string> } | undefined}
 */
function findRoute(apiPath) {
	if (Object.prototype.hasOwnProperty.call(ROUTES, apiPath)) return { methods: ROUTES[apiPath], params: {} };
	for (const [pattern, methods] of Object.entries(ROUTES)) {
		if (!pattern.includes('{')) continue;
		const names = [...pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
		const re = new RegExp(`^${pattern.replace(/\{\w+\}/g, '([^/]+)')}$`);
		const m = re.exec(apiPath);
		if (m) return { methods, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
	}
	return undefined;
}

module.exports = { ROUTES, findRoute };
