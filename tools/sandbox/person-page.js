// @ts-check
'use strict';

const crypto = require('node:crypto');

/**
 * The person's side of a ConnectionURL: the journey page it opens (once) and
 * the page's "complete" form. FOS and LR-1 (2023-06-27/28): once a person has
 * done every activity open to them, Kohomai sends their browser to the
 * RedirectURL given at registration or session time.
 * @typedef {import('./state').Store} Store
 * @typedef {{ status: number, html: string, headers?: Record<string, string> }} PageResult
 */

const COMPLETE_PATH = '/internal/v1/journey/complete';
// A logged-in person has time to work through the page; the link itself lives 5 minutes.
const TOKEN_LIFETIME_MS = 30 * 60 * 1000;

/** @param {string} s */
function escapeHtml(s) {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** @param {string} title @param {string} inner */
function html(title, inner) {
	return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${inner}</body></html>\n`;
}

/** @param {string} message @returns {PageResult} */
function gone(message) {
	return { status: 410, html: html('Link expired', `<h1>${escapeHtml(message)}</h1>`) };
}

/**
 * `GET /internal/v1/autologin?UUID=`: one use only, like a real autologin link.
 * Shows the journey the link was opened for (a registration or a session for
 * a journey) or else the user's latest journey, with a one-time form token.
 * @param {URLSearchParams} query @param {Store} store @returns {PageResult}
 */
function autologin(query, store) {
	const uuid = query.get('UUID') || '';
	const conn = store.connections.get(uuid);
	if (!conn || conn.used || Date.parse(conn.ValidUntil) < Date.now()) {
		return gone('This link has expired or was already used');
	}
	conn.used = true;
	const user = store.findUser(conn.UserId);
	const name = user ? `${user.Firstname} ${user.Lastname}` : 'unknown user';
	const journey = conn.JourneyId !== null ? store.findJourney(conn.JourneyId) : store.latestJourneyOf(conn.UserId);
	const redirect = conn.RedirectURL ?? journey?.RedirectURL ?? null;
	const parts = [
		`<h1>Welcome, ${escapeHtml(name)}</h1>`,
		`<p>You are logged in to the Kohomai sandbox (user id ${escapeHtml(conn.UserId)}).</p>`,
	];
	if (!journey) {
		parts.push('<p id="no-journey">You have no journey yet.</p>');
	} else {
		parts.push(
			`<h2>Your journey <span id="journey-id">${escapeHtml(journey.Id)}</span>: <span id="journey-status">${journey.Status}</span></h2>`,
			'<ul id="activities">',
			...journey.Activities.map(
				(a) =>
					`<li data-activity-id="${escapeHtml(a.Id)}" data-status="${a.Status}">${escapeHtml(a.Name)}: ${a.Status}</li>`,
			),
			'</ul>',
		);
		if (journey.Activities.some((a) => a.Status !== 'Done')) {
			const token = crypto.randomBytes(24).toString('base64url');
			store.completionTokens.set(token, {
				connectionUUID: uuid,
				JourneyId: journey.Id,
				RedirectURL: redirect,
				ValidUntil: new Date(Date.now() + TOKEN_LIFETIME_MS).toISOString(),
				used: false,
			});
			parts.push(
				`<form id="complete" method="post" action="${COMPLETE_PATH}">`,
				`<input type="hidden" name="token" value="${token}">`,
				'<button type="submit">Complete every activity</button></form>',
			);
		} else {
			parts.push('<p id="all-done">Every activity is done.</p>');
		}
		if (redirect)
			parts.push(
				`<p>When the journey is complete you go to <a href="${escapeHtml(redirect)}">${escapeHtml(redirect)}</a>.</p>`,
			);
	}
	return { status: 200, html: html('Kohomai sandbox journey', parts.join('\n')) };
}

/**
 * `POST /internal/v1/journey/complete` (form `token=`): marks every activity
 * done, then 303 to the RedirectURL, or a plain "all done" page without one.
 * A used, unknown or expired token answers 410.
 * @param {string} bodyText application/x-www-form-urlencoded @param {Store} store @returns {PageResult}
 */
function complete(bodyText, store) {
	const token = new URLSearchParams(bodyText).get('token') || '';
	const entry = store.completionTokens.get(token);
	if (!entry || entry.used || Date.parse(entry.ValidUntil) < Date.now() || !store.findJourney(entry.JourneyId)) {
		return gone('This page has expired or was already used');
	}
	entry.used = true;
	store.completeJourney(entry.JourneyId);
	if (entry.RedirectURL) {
		return {
			status: 303,
			headers: { Location: entry.RedirectURL },
			html: html(
				'Journey complete',
				`<p>Journey complete. Continue to <a href="${escapeHtml(entry.RedirectURL)}">the next page</a>.</p>`,
			),
		};
	}
	return {
		status: 200,
		html: html('All done', '<h1 id="all-done">All done</h1><p>Every activity of your journey is done.</p>'),
	};
}

module.exports = { autologin, complete, COMPLETE_PATH };
