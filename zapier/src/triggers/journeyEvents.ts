import type { Bundle, ZObject } from 'zapier-platform-core';

import type { JourneyEvent, JourneyEventKind } from '../../../nodes/Kohomai/mapping/events';
import { currentEvents, needsDetail, readJourney } from '../../../nodes/Kohomai/mapping/events';
import type { JsonRecord } from '../../../nodes/Kohomai/mapping/lists';
import { positiveId } from '../../../nodes/Kohomai/mapping/validate';
import { checked } from '../errors';
import type { Deadline } from '../http';
import { callKohomai, startDeadline } from '../http';
import { readList } from '../listing';
import { zapierRecord } from '../records';

/**
 * At most this many `GET /journeys/{id}` per poll, newest journeys first, and
 * only while the list lacks statuses: Zapier stops a poll after 30 s.
 */
export const MAX_DETAILS = 25;
/** Single reads stop when less than this is left of the step's budget, so the poll still answers in time. */
const RESERVE_MS = 5_000;

/**
 * A polling trigger's results for one kind of event, from the same rules as
 * the n8n trigger (nodes/Kohomai/mapping/events.ts): every event the journeys
 * show now, newest first, each with an `id` unique to the event (journey id
 * plus event, plus the activity), so Zapier's deduplication triggers each
 * once. The journey follows, ids as exact strings. Zapier keeps the seen ids,
 * so the trigger keeps no state; on Zap-on it stores them all without
 * triggering. Reads GET /journeys (up to MAX_RECORDS, listing.ts) and, when
 * the list lacks statuses, GET /journeys/{id} for the newest MAX_DETAILS.
 * Throws z.errors.* (ThrottledError on 429) like every step.
 */
export async function journeyEvents(z: ZObject, bundle: Bundle, kind: JourneyEventKind) {
	const workflowId = checked(z, () => {
		const given = bundle.inputData.workflowId;
		return given === undefined || given === null || given === '' ? undefined : positiveId('Workflow', given);
	});
	const deadline = startDeadline();
	const rows = await readList(
		z,
		bundle,
		'/journeys',
		{},
		deadline,
		(row) => workflowId === undefined || readJourney(row).workflowId === workflowId,
	);
	const records = await withDetails(z, bundle, rows, kind === 'activityCompleted', deadline);
	return currentEvents(records, [kind], { now: Date.now(), stalledDays: 0 }).map(toResult);
}

async function withDetails(
	z: ZObject,
	bundle: Bundle,
	rows: JsonRecord[],
	wantActivities: boolean,
	deadline: Deadline,
): Promise<JsonRecord[]> {
	const lacking = rows
		.filter((row) => needsDetail(row, wantActivities))
		.map((row) => readJourney(row))
		.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))
		.slice(0, MAX_DETAILS);
	const details = new Map<string, JsonRecord>();
	for (const view of lacking) {
		if (deadline.endsAt - Date.now() < RESERVE_MS) break;
		const { body } = await callKohomai(z, bundle, { method: 'GET', path: `/journeys/${view.id}`, deadline }, true);
		if (body !== null && typeof body === 'object') details.set(view.id, body as JsonRecord);
	}
	return rows.map((row) => details.get(readJourney(row).id) ?? row);
}

/** Zapier's `event_type` values (snake case, like the trigger keys). */
const EVENT_TYPES: Record<JourneyEventKind, string> = {
	journeyStarted: 'journey_started',
	activityCompleted: 'activity_completed',
	journeyCompleted: 'journey_completed',
	journeyStalled: 'journey_stalled',
};

function toResult(event: JourneyEvent) {
	const journey = zapierRecord(event.journey);
	return {
		...journey,
		id: event.id,
		event_type: EVENT_TYPES[event.kind],
		event_date: new Date(event.at).toISOString(),
		journey_id: event.journeyId,
		...(event.activity ? { activity: zapierRecord(event.activity.record) } : {}),
	};
}

/** The optional Workflow filter, a dropdown of the workspace's workflows. */
export const WORKFLOW_FILTER = {
	key: 'workflowId',
	label: 'Workflow',
	required: false,
	dynamic: 'workflow.id.Name',
	helpText: 'Only journeys of this workflow. Leave empty for every workflow.',
};

/** A journey as GET /journeys/{id} gives it (shape as in the sandbox; the docs show none). */
const JOURNEY = {
	Id: '58230741923847561',
	UUID: '7d4c2a1e-5b3f-4c8e-9a6d-1f2e3d4c5b6a',
	Status: 'Completed',
	User: { Id: '74590868830731162', Firstname: 'John', Lastname: 'Doe' },
	Workflow: { Id: '318274650918273645', Name: 'Employee onboarding' },
	RedirectURL: null,
	createdDate: '2024-01-10T09:12:00.000Z',
	changedDate: '2024-01-12T16:40:00.000Z',
	Activities: [
		{
			Id: '58230741923847601',
			Name: 'Sign the employment contract',
			Status: 'Done',
			completedDate: '2024-01-11T10:00:00.000Z',
		},
		{
			Id: '58230741923847602',
			Name: 'Upload an ID document',
			Status: 'Done',
			completedDate: '2024-01-12T16:40:00.000Z',
		},
	],
};

export const JOURNEY_COMPLETED_SAMPLE = {
	...JOURNEY,
	id: '58230741923847561-completed',
	event_type: 'journey_completed',
	event_date: '2024-01-12T16:40:00.000Z',
	journey_id: '58230741923847561',
};

export const ACTIVITY_COMPLETED_SAMPLE = {
	...JOURNEY,
	Status: 'InProgress',
	Activities: [JOURNEY.Activities[0], { ...JOURNEY.Activities[1], Status: 'Todo', completedDate: null }],
	id: '58230741923847561-activity-58230741923847601',
	event_type: 'activity_completed',
	event_date: '2024-01-11T10:00:00.000Z',
	journey_id: '58230741923847561',
	activity: { id: '58230741923847601', ...JOURNEY.Activities[0] },
};

/** Fields every journey event shows in the Zap editor. */
export const EVENT_OUTPUT_FIELDS = [
	{ key: 'id', label: 'Event ID' },
	{ key: 'event_type', label: 'Event' },
	{ key: 'event_date', label: 'Event Date', type: 'datetime' as const },
	{ key: 'journey_id', label: 'Journey ID' },
	{ key: 'Status', label: 'Journey Status' },
	{ key: 'User__Id', label: 'User ID' },
	{ key: 'User__Firstname', label: 'First Name' },
	{ key: 'User__Lastname', label: 'Last Name' },
	{ key: 'Workflow__Id', label: 'Workflow ID' },
	{ key: 'Workflow__Name', label: 'Workflow Name' },
];
