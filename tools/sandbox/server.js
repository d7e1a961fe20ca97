// @ts-check
'use strict';

const http = require('node:http');
const https = require('node:https');
const { StringDecoder } = require('node:string_decoder');
const { identify, logLabel } = require('./auth');
const { findRoute } = require('./routes');
const { autologin, complete, COMPLETE_PATH } = require('./person-page');
const { parseLossless, stringify } = require('./json');
const faults = require('./faults');

/**
 * @typedef {{
 *   seq: number, time: string, method: string, path: string,
 *   query: Record<string, string | string[]>,
 *   key: string, contentType: string | null, body: string | null,
 *   status: number | null, fault: string | null
 * }} LogRecord
 * @typedef {{
 *   requests: number, journeysCreated: number, sessionsCreated: number,
 *   duplicateJourneys: number, rateLimited: number, tlsHandshakeFailures: number
 * }} Counters
 * @typedef {{
 *   store: import('./state').Store,
 *   settings: import('./routes').RouteSettings & { latencyMs: number, rateLimitHeaders: boolean },
 *   counters: Counters,
 *   log: LogRecord[],
 *   faults: ReturnType<typeof faults.createFaultQueue>,
 *   rateLimiter: ReturnType<typeof import('./rate-limit').createRateLimiter>,
 *   nextSeq: () => number,
 *   origin: () => string,
 *   tls?: { key: string, cert: string },
 * }} ServerContext
 */

const API_PREFIX = '/api/v1';
const AUTOLOGIN_PATH = '/internal/v1/autologin';
const MAX_BODY_BYTES = 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

/** @param {URLSearchParams} params */
function queryObject(params) {
	/** @type {Record<string, string | string[]>} */
	const out = {};
	for (const [k, v] of params) {
		const prev = out[k];
		if (prev === undefined) out[k] = v;
		else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
	}
	return out;
}

/** @param {string | undefined} header */
function isJsonContentType(header) {
	return (header || '').split(';')[0].trim().toLowerCase() === 'application/json';
}

/**
 * @param {http.IncomingMessage} req
 * @param {(err: Error | null, text: string, tooLarge: boolean) => void} done
 */
function readBody(req, done) {
	// A decoder, not string concatenation, so a UTF-8 character split across
	// chunks is not mangled in the logged body.
	const decoder = new StringDecoder('utf8');
	let text = '';
	let size = 0;
	let tooLarge = false;
	let finished = false;
	/** @param {Error | null} err */
	const finish = (err) => {
		if (finished) return;
		finished = true;
		text += decoder.end();
		done(err, text, tooLarge);
	};
	req.on('data', (/** @type {Buffer} */ chunk) => {
		// Keep draining past the limit so a keep-alive socket stays usable.
		if (tooLarge) return;
		size += chunk.length;
		if (size > MAX_BODY_BYTES) tooLarge = true;
		else text += decoder.write(chunk);
	});
	req.on('end', () => finish(null));
	req.on('error', (err) => finish(err));
	req.on('aborted', () => finish(new Error('aborted')));
}

/** @param {ServerContext} ctx */
function createHttpServer(ctx) {
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();
	/** @type {Set<NodeJS.Timeout>} */
	const timers = new Set();

	const server = ctx.tls
		? https.createServer({ key: ctx.tls.key, cert: ctx.tls.cert }, onRequest)
		: http.createServer(onRequest);
	// A client that refuses the certificate ends the handshake: counted, so a
	// test can see how often it tried.
	server.on('tlsClientError', () => {
		ctx.counters.tlsHandshakeFailures += 1;
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	/** One timer per delayed response: cheap enough for thousands in flight. @param {number} ms @param {() => void} fn */
	function later(ms, fn) {
		if (!(ms > 0)) {
			fn();
			return;
		}
		const t = setTimeout(() => {
			timers.delete(t);
			fn();
		}, ms);
		timers.add(t);
	}

	/**
	 * @param {http.ServerResponse} res
	 * @param {LogRecord} record
	 * @param {{ status: number, type: string, text: string, headers?: Record<string, string>, delayMs: number }} r
	 */
	function send(res, record, r) {
		record.status = r.status;
		later(r.delayMs, () => {
			if (res.destroyed || res.writableEnded) return;
			res.writeHead(r.status, {
				'Content-Type': r.type,
				'Content-Length': String(Buffer.byteLength(r.text)),
				...r.headers,
			});
			res.end(r.text);
		});
	}

	/**
	 * @param {http.ServerResponse} res @param {LogRecord} record @param {number} status
	 * @param {unknown} body @param {number} delayMs @param {Record<string, string>} [headers]
	 */
	function sendJson(res, record, status, body, delayMs, headers) {
		send(res, record, { status, type: JSON_TYPE, text: stringify(body), headers, delayMs });
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	function onRequest(req, res) {
		const method = (req.method || 'GET').toUpperCase();
		let url;
		try {
			url = new URL(req.url || '/', 'http://sandbox.invalid');
		} catch {
			url = new URL('http://sandbox.invalid/');
		}
		let path = url.pathname;
		if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
		const caller = identify(req.headers.authorization, ctx.store);
		/** @type {LogRecord} */
		const record = {
			seq: ctx.nextSeq(),
			time: new Date().toISOString(),
			method,
			path,
			query: queryObject(url.searchParams),
			key: logLabel(caller),
			contentType: req.headers['content-type'] ?? null,
			body: null,
			status: null,
			fault: null,
		};
		ctx.log.push(record);
		ctx.counters.requests += 1;

		const isApi = path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
		const apiPath = isApi ? path.slice(API_PREFIX.length) || '/' : '';
		// Limit and fault are decided on arrival, before the body, as a gateway would.
		const limited = isApi && ctx.rateLimiter.hit();
		if (isApi && ctx.settings.rateLimitHeaders) {
			for (const [name, value] of Object.entries(ctx.rateLimiter.headers())) res.setHeader(name, value);
		}
		const taken = isApi && !limited ? ctx.faults.takeFault(method, apiPath) : null;
		const fault = taken ? taken.kind : null;
		// A moved API answers with the same URL on the other scheme unless told where.
		const location =
			taken?.location ??
			`${ctx.origin().replace(/^http(s?):/, (_, s) => (s ? 'http:' : 'https:'))}${url.pathname}${url.search}`;
		record.fault = fault;
		if (fault === 'reset-before-read') {
			req.socket.destroy();
			return;
		}

		readBody(req, (err, text, tooLarge) => {
			record.body = text;
			if (err) return;
			if (!isApi) {
				handleInternal(res, record, method, path, url.searchParams, text);
				return;
			}
			const delayMs = ctx.settings.latencyMs;
			if (limited) {
				ctx.counters.rateLimited += 1;
				sendJson(res, record, 429, { message: 'Rate limit exceeded' }, delayMs, { 'Retry-After': '1' });
				return;
			}
			if (fault !== null && !faults.hasEffect(fault)) {
				sendNoEffectFault(res, record, fault, delayMs, location, taken?.body ?? '');
				return;
			}
			const result = handleApi(method, apiPath, caller, req.headers['content-type'], text, tooLarge, url.searchParams);
			deliver(req, res, record, result, fault, delayMs, taken?.location ?? null);
		});
	}

	/**
	 * @param {string} method @param {string} apiPath @param {import('./auth').Caller} caller
	 * @param {string | undefined} contentType @param {string} text @param {boolean} tooLarge
	 * @param {URLSearchParams} query
	 * @returns {import('./routes').ApiResult}
	 */
	function handleApi(method, apiPath, caller, contentType, text, tooLarge, query) {
		const found = findRoute(apiPath);
		if (!found) return { status: 404, body: { message: 'Not found' } };
		const methods = found.methods;
		const route = methods[method];
		if (!route) {
			return {
				status: 405,
				body: { message: 'Method not allowed' },
				headers: { Allow: Object.keys(methods).join(', ') },
			};
		}
		if (caller.kind === 'none' || caller.kind === 'invalid') {
			return { status: 401, body: { message: 'Invalid or missing API key' } };
		}
		/** @type {unknown} */
		let body;
		if (route.needsBody) {
			if (tooLarge) return { status: 413, body: { message: 'Request body too large' } };
			if (!isJsonContentType(contentType)) {
				return { status: 400, body: { message: 'Content-Type must be application/json' } };
			}
			try {
				body = parseLossless(text);
			} catch {
				return { status: 400, body: { message: 'Request body is not valid JSON' } };
			}
		}
		return route.handler(
			{ query, params: found.params, body },
			{ store: ctx.store, settings: ctx.settings, counters: ctx.counters, origin: ctx.origin() },
		);
	}

	/**
	 * The operation has run; the fault only decides what the client gets back.
	 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {LogRecord} record
	 * @param {import('./routes').ApiResult} result @param {string | null} fault @param {number} delayMs
	 * @param {string | null} location a redirect fault's Location, when the test chose one
	 */
	function deliver(req, res, record, result, fault, delayMs, location) {
		if (fault === null) {
			sendJson(res, record, result.status, result.body, delayMs, result.headers);
			return;
		}
		const slow = /^slow:(\d+)$/.exec(fault);
		if (slow) {
			sendJson(res, record, result.status, result.body, delayMs + Number(slow[1]), result.headers);
		} else if (fault === 'reset-after-read') {
			later(delayMs, () => req.socket.destroy());
		} else if (fault === 'malformed-json') {
			send(res, record, { status: 200, type: JSON_TYPE, text: faults.truncateJson(stringify(result.body)), delayMs });
		} else if (fault === 'html-200') {
			send(res, record, { status: 200, type: HTML_TYPE, text: faults.HTML_200, delayMs });
		} else if (fault === 'empty-200') {
			send(res, record, { status: 200, type: JSON_TYPE, text: '', delayMs });
		} else if (fault === 'redirect:303') {
			// "See Other": done, and here is the result, which for a connection is its one-time link.
			const body = /** @type {{ ConnectionURL?: unknown }} */ (result.body ?? {});
			const to =
				location ?? (typeof body.ConnectionURL === 'string' ? body.ConnectionURL : `${ctx.origin()}${record.path}`);
			send(res, record, { status: 303, type: JSON_TYPE, text: '', headers: { Location: to }, delayMs });
		} else {
			sendJson(res, record, result.status, result.body, delayMs, result.headers);
		}
	}

	/**
	 * @param {http.ServerResponse} res @param {LogRecord} record @param {string} fault @param {number} delayMs
	 * @param {string} location where a redirect fault points
	 * @param {string} body a recorded answer ('json-200')
	 */
	function sendNoEffectFault(res, record, fault, delayMs, location, body) {
		const rateLimited = { message: 'Rate limit exceeded' };
		if (fault === 'json-200' || fault.startsWith('json:')) {
			send(res, record, {
				status: fault === 'json-200' ? 200 : Number(fault.slice('json:'.length)),
				type: JSON_TYPE,
				text: body,
				delayMs,
			});
			return;
		}
		if (fault.startsWith('redirect:')) {
			const html = `<html><body>Moved to <a href="${location}">${location}</a></body></html>`;
			send(res, record, {
				status: Number(fault.slice('redirect:'.length)),
				type: HTML_TYPE,
				text: html,
				headers: { Location: location },
				delayMs,
			});
			return;
		}
		if (fault === '429') sendJson(res, record, 429, rateLimited, delayMs, { 'Retry-After': '1' });
		else if (fault.startsWith('429:'))
			sendJson(res, record, 429, rateLimited, delayMs, { 'Retry-After': fault.slice('429:'.length) });
		else if (fault === '429-date')
			sendJson(res, record, 429, rateLimited, delayMs, { 'Retry-After': faults.retryAfterDate() });
		else if (fault === '429-none') sendJson(res, record, 429, rateLimited, delayMs);
		else if (fault === 'html-502') send(res, record, { status: 502, type: HTML_TYPE, text: faults.HTML_502, delayMs });
		else {
			const code = /** @type {keyof typeof faults.STATUS_MESSAGES} */ (Number(fault.slice('status:'.length)));
			sendJson(res, record, code, { message: faults.STATUS_MESSAGES[code] }, delayMs);
		}
	}

	/**
	 * The person's pages: the autologin link (GET) and its "complete" form (POST).
	 * Not rate-limited, delayed or faulted: they are not part of the API.
	 * @param {http.ServerResponse} res @param {LogRecord} record
	 * @param {string} method @param {string} path @param {URLSearchParams} query @param {string} text
	 */
	function handleInternal(res, record, method, path, query, text) {
		const allowed = path === AUTOLOGIN_PATH ? 'GET' : path === COMPLETE_PATH ? 'POST' : null;
		if (allowed === null) {
			sendJson(res, record, 404, { message: 'Not found' }, 0);
			return;
		}
		if (method !== allowed) {
			sendJson(res, record, 405, { message: 'Method not allowed' }, 0, { Allow: allowed });
			return;
		}
		const page = method === 'GET' ? autologin(query, ctx.store) : complete(text, ctx.store);
		send(res, record, {
			status: page.status,
			type: HTML_TYPE,
			text: page.html,
			headers: { 'Cache-Control': 'no-store', ...page.headers },
			delayMs: 0,
		});
	}

	return {
		server,
		/** @param {number} port @param {string} host @returns {Promise<number>} */
		listen(port, host) {
			return new Promise((resolve, reject) => {
				const onError = (/** @type {Error} */ err) => reject(err);
				server.once('error', onError);
				// A large backlog keeps 1000+ simultaneous connects from being refused.
				server.listen({ port, host, backlog: 4096 }, () => {
					server.off('error', onError);
					const address = server.address();
					resolve(typeof address === 'object' && address ? address.port : port);
				});
			});
		},
		/** @returns {Promise<void>} */
		close() {
			for (const t of timers) clearTimeout(t);
			timers.clear();
			return new Promise((resolve) => {
				if (!server.listening) {
					for (const s of sockets) s.destroy();
					resolve();
					return;
				}
				server.close(() => resolve());
				// Idle keep-alive sockets would otherwise hold close() open for seconds.
				for (const s of sockets) s.destroy();
			});
		},
	};
}

module.exports = { createHttpServer };
