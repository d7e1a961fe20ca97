// @ts-check
'use strict';

/**
 * @typedef {{ status: number, body: unknown, headers?: Record<string, string> }} ApiResult
 * @typedef {'data' | 'array' | 'items' | 'ignoresPaging' | 'pascal' | 'pascalItems' | 'pascalHasMore' | 'ignoresOffset' | 'opaque'} ListShape
 * @typedef {{ pageSizeMax: number, listShape: ListShape }} PageSettings
 */

/** @param {number} status @param {string} message @returns {ApiResult} */
function fail(status, message) {
	return { status, body: { message } };
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
 * @param {PageSettings} settings
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

module.exports = { fail, intParam, page };
