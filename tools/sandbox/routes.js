// @ts-check
'use strict';

const crypto = require('node:crypto');
const { raw, toIdString } = require('./json');
const { fail, page } = require('./paging');
const journeys = require('./journeys');

/**
 * @typedef {import('./state').Store} Store
 * @typedef {import('./state').User} User
 * @typedef {{ pageSizeMax: number, listShape: 'data' | 'array' | 'items' | 'ignoresPaging', duplicateEmail: 'conflict' | 'allow' }} RouteSettings
 * @typedef {{ journeysCreated: number, sessionsCreated: number, duplicateJourneys: number }} Counters
 * @typedef {{ store: Store, settings: RouteSettings, counters: Counters, origin: string }} RouteContext
 * @typedef {{ query: URLSearchParams, params: Record<string, string>, body: unknown, workflowId: string | null }} ApiRequest
 * @typedef {import('./paging').ApiResult} ApiResult
 * @typedef {{ handler: (req: ApiRequest, ctx: RouteContext) => ApiResult, needsBody: boolean, endpointKeyAllowed: boolean }} Route
 */

const CONNECTION_LIFETIME_MS = 5 * 60 * 1000;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
  ctx.store.connections.set(uuid, { UUID: uuid, UserId: user.Id, JourneyId: journeyId, RedirectURL: redirect, ValidUntil: validUntil, used: false });
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
  /** @type {{ field: string, message: string }[]} */
  const errors = [];
  const root = obj(body);
  const journey = obj(root.Journey);
  const userIn = obj(journey.User);
  /** @param {string} name */
  const requiredName = (name) => {
    const v = userIn[name];
    if (typeof v === 'string' && v.trim() !== '') return v;
    errors.push({ field: `Journey.User.${name}`, message: `Journey.User.${name} is required` });
    return '';
  };
  const firstname = requiredName('Firstname');
  const lastname = requiredName('Lastname');
  const emailIn = obj(userIn.ContactPrefs).Email;
  let email = '';
  if (emailIn === undefined || emailIn === null || emailIn === '') {
    errors.push({ field: 'Journey.User.ContactPrefs.Email', message: 'Journey.User.ContactPrefs.Email is required' });
  } else if (typeof emailIn !== 'string' || !EMAIL_RE.test(emailIn.trim())) {
    errors.push({ field: 'Journey.User.ContactPrefs.Email', message: 'Journey.User.ContactPrefs.Email is not a valid email address' });
  } else email = emailIn.trim();

  /** @type {import('./state').JourneyDatum[]} */
  const journeyData = [];
  const dataIn = journey.JourneyData;
  if (dataIn !== undefined && dataIn !== null) {
    if (!Array.isArray(dataIn)) {
      errors.push({ field: 'Journey.JourneyData', message: 'Journey.JourneyData must be an array' });
    } else {
      dataIn.forEach((item, i) => {
        const at = `Journey.JourneyData[${i}]`;
        const entry = obj(item);
        if (typeof entry.StringValue !== 'string') {
          errors.push({ field: `${at}.StringValue`, message: `${at}.StringValue must be a string` });
        }
        const keyId = toIdString(obj(entry.DataKey).Id);
        if (keyId === null) {
          errors.push({ field: `${at}.DataKey.Id`, message: `${at}.DataKey.Id must be an integer id` });
        } else if (!ctx.store.findDataKey(keyId)) {
          errors.push({ field: `${at}.DataKey.Id`, message: `${at}.DataKey.Id ${keyId} is not a data key of this workspace` });
        } else if (typeof entry.StringValue === 'string') {
          journeyData.push({ StringValue: entry.StringValue, DataKey: { Id: keyId } });
        }
      });
    }
  }
  const redirect = redirectUrl(root.RedirectURL, 'RedirectURL', errors);
  if (errors.length > 0) return invalid(errors);

  if (ctx.store.findUserByEmail(email)) {
    if (ctx.settings.duplicateEmail === 'conflict') return fail(409, 'An end user with this email already exists');
    ctx.counters.duplicateJourneys += 1;
  }
  const user = ctx.store.addUser({ Firstname: firstname, Lastname: lastname, Email: email });
  const journeyRecord = ctx.store.addJourney({
    UserId: user.Id,
    WorkflowId: req.workflowId,
    Email: email,
    RedirectURL: redirect,
    JourneyData: journeyData,
  });
  const connection = openConnection(user, redirect, ctx, journeyRecord.Id);
  journeyRecord.UUID = connection.uuid;
  journeyRecord.createdDate = connection.createdDate;
  journeyRecord.changedDate = connection.createdDate;
  ctx.counters.journeysCreated += 1;
  return { status: 201, body: connection.body };
}

/** @type {Route['handler']} */
function createSession(req, ctx) {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return invalid([{ field: '', message: 'The request body must be a JSON object' }]);
  }
  /** @type {{ field: string, message: string }[]} */
  const errors = [];
  const root = obj(body);
  const idIn = obj(root.User).Id;
  const userId = toIdString(idIn);
  if (userId === null) {
    errors.push({
      field: 'User.Id',
      message:
        typeof idIn === 'number'
          ? 'User.Id is not a safe integer; send ids above 2^53 as raw digits or strings'
          : 'User.Id must be an integer id',
    });
  }
  const redirect = redirectUrl(root.RedirectURL, 'RedirectURL', errors);
  if (errors.length > 0) return invalid(errors);
  const user = ctx.store.findUser(/** @type {string} */ (userId));
  if (!user) return fail(404, 'End user not found');
  const connection = openConnection(user, redirect, ctx, null);
  ctx.store.state.sessions.push({
    Id: ctx.store.newId(),
    UUID: connection.uuid,
    UserId: user.Id,
    RedirectURL: redirect,
    createdDate: connection.createdDate,
  });
  ctx.counters.sessionsCreated += 1;
  return { status: 201, body: connection.body };
}

/** Paths are relative to /api/v1. @type {Record<string, Record<string, Route>>} */
const ROUTES = {
  '/workflows': { GET: { handler: listWorkflows, needsBody: false, endpointKeyAllowed: false } },
  '/users': { GET: { handler: listUsers, needsBody: false, endpointKeyAllowed: false } },
  '/journeys': {
    GET: { handler: (req, ctx) => journeys.listJourneys({ ...req, ...ctx }), needsBody: false, endpointKeyAllowed: false },
    POST: { handler: createJourney, needsBody: true, endpointKeyAllowed: true },
  },
  '/journeys/{id}': {
    GET: { handler: (req, ctx) => journeys.getJourney({ ...req, ...ctx }), needsBody: false, endpointKeyAllowed: false },
  },
  '/sessions': { POST: { handler: createSession, needsBody: true, endpointKeyAllowed: false } },
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
