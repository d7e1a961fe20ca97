// @ts-check
'use strict';

/**
 * @typedef {{ kind: 'workspace' } | { kind: 'invalid' } | { kind: 'none' }} Caller
 */

/**
 * Classifies the Authorization header. Only the classification leaves this
 * function, so the key itself can never reach the request log.
 * @param {string | undefined} header
 * @param {import('./state').Store} store
 * @returns {Caller}
 */
function identify(header, store) {
	if (header === undefined || header.trim() === '') return { kind: 'none' };
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
	if (!match) return { kind: 'invalid' };
	const key = match[1];
	if (key === store.keys.workspace) return { kind: 'workspace' };
	// A starting-point reference is not a key (PUBLIC-DOCS-FACTS §2): as a
	// Bearer token it is refused like any unknown key.
	return { kind: 'invalid' };
}

/** @param {Caller} caller */
function logLabel(caller) {
	return caller.kind;
}

module.exports = { identify, logLabel };
