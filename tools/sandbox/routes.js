// @ts-check
'use strict';

const crypto = require('node:crypto');
const { raw, toIdString } = require('./json');

/**
 * @typedef {import('./state').Store} Store
 * @typedef {import('./state').User} User
 * @typedef {'data' | 'array' | 'items' | 'ignoresPaging' | 'pascal' | 'pascalItems' | 'pascalHasMore' | 'ignoresOffset' | 'opaque'} ListShape
 * @typedef {{ pageSizeMax: number, listShape: ListShape, duplicateEmail: 'conflict' | 'allow', workflowsPath404?: boolean }} RouteSettings
 * @typedef {{ journeysCreated: number, sessionsCreated: number, duplicateJourneys: number }} Counters
 * @typedef {{ store: Store, settings: RouteSettings, counters: Counters, origin: string }} RouteContext
 * @typedef {{ query: URLSearchParams, body: unknown, workflowId: string | null }} ApiRequest
 * @typedef {{ status: number, body: unknown, headers?: Record<string, string> }} ApiResult
 * @typedef {{ handler: (req: ApiRequest, ctx: RouteContext) => ApiResult, needsBody: boolean, endpointKeyAllowed: boolean }} Route
 */

const CONNECTION_LIFETIME_MS = 5 * 60 * 1000;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** @param {number} status @param {string} message @returns {ApiResult} */
function fail(status, message) {
  return { status, body: { message } };
}

/** @param {{ field: string, message: string }[]} errors @returns {ApiResult} */
function invalid(errors) {
  return { status: 422, body: { message: errors[0].message, errors } };
}

/** @param {unknown} v @returns {Record<string, unknown>} */
function obj(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? /** @type {Record<string, unknown>} */ (v) : {};
}

/**
 * @param {URLSearchParams} query
 * @param {string} name
 * @param {number} fallback
 * @param {number} min
 * @returns {number | string} the value, or an error message
 */
function intParam(query, name, fallback, min) {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    return `${name} must be a non-negative integer`;
  }
  const n = Number(value);
  if (n < min) return `${name} must be at least ${min}`;
  return n;
}

/**
 * One place decides the list response shape, because the real shape is
 * unknown and clients must cope with each variant.
 * @template T
 * @param {T[]} all
 * @param {URLSearchParams} query
 * @param {RouteSettings} settings
 * @param {(item: T) => unknown} render
 * @returns {ApiResult}
 */
function page(all, query, settings, render) {
  const offset = intParam(query, 'offset', 0, 0);
  if (typeof offset === 'string') return fail(400, offset);
  const requested = intParam(query, 'limit', 20, 1);
  if (typeof requested === 'string') return fail(400, requested);
  const limit = Math.min(requested, settings.pageSizeMax);
  if (settings.listShape === 'ignoresPaging') return { status: 200, body: all.map(render) };
  // Honours limit, not offset: every request gets the first page again.
  if (settings.listShape === 'ignoresOffset') return { status: 200, body: { data: all.slice(0, limit).map(render) } };
  const items = all.slice(offset, offset + limit).map(render);
  switch (settings.listShape) {
    case 'array':
      return { status: 200, body: items };
    case 'items':
      return { status: 200, body: { items, totalCount: all.length } };
    // Kohomai names fields in PascalCase; its envelopes may do the same.
    case 'pascal':
      return { status: 200, body: { Data: items, Total: all.length, Offset: offset, Limit: limit } };
    // Count is the size of this page, not of the list.
    case 'pascalItems':
      return { status: 200, body: { Items: items, Count: items.length } };
    case 'pascalHasMore':
      return { status: 200, body: { Results: items, HasMore: offset + items.length < all.length } };
    // A list no client can find: nested one level down.
    case 'opaque':
      return { status: 200, body: { Page: { Entries: items }, Total: all.length } };
    default:
      return { status: 200, body: { data: items, total: all.length, offset, limit } };
  }
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

/** GET /workflows, gone where the API only knows the later docs' /funnels. @type {Route['handler']} */
function listWorkflowsOld(req, ctx) {
  if (ctx.settings.workflowsPath404) return fail(404, 'Not found');
  return listWorkflows(req, ctx);
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
 */
function openConnection(user, redirect, ctx) {
  const uuid = crypto.randomUUID();
  const created = new Date();
  const validUntil = new Date(created.getTime() + CONNECTION_LIFETIME_MS).toISOString();
  ctx.store.connections.set(uuid, { UUID: uuid, UserId: user.Id, RedirectURL: redirect, ValidUntil: validUntil, used: false });
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
  const connection = openConnection(user, redirect, ctx);
  ctx.store.state.journeys.push({
    Id: ctx.store.newId(),
    UUID: connection.uuid,
    WorkflowId: req.workflowId,
    UserId: user.Id,
    Email: email,
    RedirectURL: redirect,
    JourneyData: journeyData,
    createdDate: connection.createdDate,
  });
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
  const connection = openConnection(user, redirect, ctx);
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
  '/workflows': { GET: { handler: listWorkflowsOld, needsBody: false, endpointKeyAllowed: false } },
  '/funnels': { GET: { handler: listWorkflows, needsBody: false, endpointKeyAllowed: false } },
  '/users': { GET: { handler: listUsers, needsBody: false, endpointKeyAllowed: false } },
  '/journeys': { POST: { handler: createJourney, needsBody: true, endpointKeyAllowed: true } },
  '/sessions': { POST: { handler: createSession, needsBody: true, endpointKeyAllowed: false } },
};

/** @param {string} s */
function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page a ConnectionURL opens. One use only, like a real autologin link.
 * @param {URLSearchParams} query
 * @param {Store} store
 * @returns {{ status: number, html: string }}
 */
function autologin(query, store) {
  const uuid = query.get('UUID') || '';
  const conn = store.connections.get(uuid);
  const page = (/** @type {string} */ title, /** @type {string} */ inner) =>
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${inner}</body></html>\n`;
  if (!conn || conn.used || Date.parse(conn.ValidUntil) < Date.now()) {
    return { status: 410, html: page('Link expired', '<h1>This link has expired or was already used</h1>') };
  }
  conn.used = true;
  const user = store.findUser(conn.UserId);
  const name = user ? `${user.Firstname} ${user.Lastname}` : 'unknown user';
  const next = conn.RedirectURL
    ? `<p>When the journey is complete you go to <a href="${escapeHtml(conn.RedirectURL)}">${escapeHtml(conn.RedirectURL)}</a>.</p>`
    : '';
  return {
    status: 200,
    html: page(
      'Kohomai sandbox journey',
      `<h1>Welcome, ${escapeHtml(name)}</h1><p>You are logged in to the Kohomai sandbox (user id ${escapeHtml(conn.UserId)}).</p>${next}`,
    ),
  };
}

module.exports = { ROUTES, autologin };
