// @ts-check
'use strict';

/**
 * @typedef {{ kind: 'workspace' } | { kind: 'endpoint', workflowId: string } | { kind: 'invalid' } | { kind: 'none' }} Caller
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
  const workflowId = store.workflowForKey(key);
  if (workflowId !== undefined) return { kind: 'endpoint', workflowId };
  return { kind: 'invalid' };
}

/** @param {Caller} caller */
function logLabel(caller) {
  return caller.kind === 'endpoint' ? `endpoint:${caller.workflowId}` : caller.kind;
}

module.exports = { identify, logLabel };
