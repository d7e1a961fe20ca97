// @ts-check
'use strict';

const { raw, toIdString } = require('./json');
const { fail, page } = require('./paging');

/**
 * @typedef {import('./state').Journey} Journey
 * @typedef {import('./state').Store} Store
 * @typedef {import('./paging').ApiResult} ApiResult
 * @typedef {'full' | 'status' | 'bare'} JourneyListDetail
 * @typedef {{ query: URLSearchParams, params: Record<string, string>, store: Store,
 *   settings: import('./paging').PageSettings & { journeyListDetail?: JourneyListDetail } }} JourneyRequest
 */

/**
 * The sandbox's answer for one journey. FOS (2023-06-27) documents that
 * `GET /journeys/{journey-id}` reports the status of every activity but shows
 * no shape; this one follows the connection object's conventions (raw-digit
 * ids, `createdDate`/`changedDate`, `User { Id, Firstname, Lastname }`).
 * @param {Journey} j @param {Store} store
 */
function renderJourney(j, store) {
	const user = store.findUser(j.UserId);
	const workflow = j.WorkflowId === null ? undefined : store.state.workflows.find((w) => w.Id === j.WorkflowId);
	return {
		Id: raw(j.Id),
		UUID: j.UUID,
		Status: j.Status,
		User: { Id: raw(j.UserId), Firstname: user?.Firstname ?? '', Lastname: user?.Lastname ?? '' },
		Workflow: workflow ? { Id: raw(workflow.Id), Name: workflow.Name } : null,
		RedirectURL: j.RedirectURL,
		createdDate: j.createdDate,
		changedDate: j.changedDate,
		Activities: j.Activities.map((a) => ({
			Id: raw(a.Id),
			Name: a.Name,
			Status: a.Status,
			completedDate: a.completedDate,
		})),
	};
}

/**
 * `GET /journeys[?userId=<digits>]`: paged like /users; `userId` matches exactly.
 * @param {JourneyRequest} req @returns {ApiResult}
 */
function listJourneys(req) {
	const userIdIn = req.query.get('userId');
	let all = req.store.state.journeys;
	if (userIdIn !== null && userIdIn !== '') {
		const userId = toIdString(userIdIn);
		if (userId === null) return fail(400, 'userId must be an integer id');
		all = all.filter((j) => j.UserId === userId);
	}
	const detail = req.settings.journeyListDetail ?? 'full';
	return page(all, req.query, req.settings, (j) => listRow(renderJourney(j, req.store), detail));
}

/**
 * A journey as the list shows it. Whether GET /journeys carries statuses is
 * undocumented (FOS 2023-06-27 documents them on GET /journeys/{id} only), so
 * the list can leave out the activities ('status') or the statuses too ('bare').
 * @param {ReturnType<typeof renderJourney>} row @param {JourneyListDetail} detail
 */
function listRow(row, detail) {
	if (detail === 'full') return row;
	const { Activities: _activities, Status: status, ...rest } = row;
	return detail === 'status' ? { ...rest, Status: status } : rest;
}

/** `GET /journeys/{id}`. @param {JourneyRequest} req @returns {ApiResult} */
function getJourney(req) {
	const id = toIdString(req.params.id);
	const journey = id === null ? undefined : req.store.findJourney(id);
	if (!journey) return fail(404, 'Journey not found');
	return { status: 200, body: renderJourney(journey, req.store) };
}

module.exports = { renderJourney, listJourneys, getJourney };
