import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { idFromLocator } from '../Kohomai/mapping/backOfficeUrls';
import type { JourneyEvent, JourneyEventKind, WatchState } from '../Kohomai/mapping/events';
import {
	DETAILS_PER_POLL,
	EVENT_NAMES,
	baseline,
	chooseDetails,
	currentEvents,
	detect,
	isWatchState,
	needsDetail,
	readJourney,
} from '../Kohomai/mapping/events';
import type { JsonRecord } from '../Kohomai/mapping/lists';
import { InputError } from '../Kohomai/mapping/validate';
import { KohomaiClient } from '../Kohomai/transport';
import { readMaxRateLimitWaitMs } from '../Kohomai/helpers/parameters';

/**
 * Default Options > Max Wait When Rate Limited of a poll, in minutes. Shorter than the node's: a
 * poll runs again by itself on the next Poll Time, and a poll still waiting then only makes the
 * next one skip; failing after a minute shows the problem (n8n's Error Workflow) and loses nothing,
 * since the state only advances after a successful poll.
 */
export const POLL_RATE_LIMIT_WAIT_MINUTES = 1;

/**
 * Polls in progress in this process, by workflow and node. n8n starts the
 * next scheduled poll even while one is still running (a slow or rate-limited
 * API); both would start from the same state and emit the same events. The
 * later one skips instead: what it would have found, the next poll finds.
 */
const inFlight = new Set<string>();

/** Where the trigger keeps its state in the node's static data (`node:<node name>`). */
const STATE_KEY = 'kohomaiWatch';

interface Settings {
	event: JourneyEventKind;
	/** How long a request of the poll may wait for Kohomai's rate limit before the poll fails (ms). */
	maxRateLimitWaitMs: number;
	/** 0 unless the event is Journey Stalled. */
	stalledDays: number;
	/** Exact digits; undefined watches every workflow. */
	workflowId?: string;
	/** What the state was built for: a change of any setting starts from a new baseline. */
	scope: string;
}

function readSettings(ctx: IPollFunctions): Settings {
	const event = ctx.getNodeParameter('event', 'journeyCompleted') as JourneyEventKind;
	if (!(event in EVENT_NAMES))
		throw new NodeOperationError(ctx.getNode(), `"Trigger On" must be one of ${Object.values(EVENT_NAMES).join(', ')}`);
	let stalledDays = 0;
	if (event === 'journeyStalled') {
		stalledDays = Number(ctx.getNodeParameter('stalledDays', 3));
		if (!Number.isInteger(stalledDays) || stalledDays < 1)
			throw new NodeOperationError(ctx.getNode(), '"Days Without Progress" must be a whole number of days, at least 1');
	}
	const locator = ctx.getNodeParameter('workflow', { mode: 'list', value: '' }) as IDataObject;
	const given = typeof locator === 'object' && locator !== null ? locator.value : locator;
	let workflowId: string | undefined;
	if (given !== undefined && given !== null && String(given).trim() !== '') {
		try {
			workflowId = idFromLocator('Workflow', 'workflow', locator);
		} catch (error) {
			throw asNodeError(ctx, error);
		}
	}
	let maxRateLimitWaitMs: number;
	try {
		maxRateLimitWaitMs = readMaxRateLimitWaitMs(
			ctx.getNodeParameter('options', {}) as IDataObject,
			POLL_RATE_LIMIT_WAIT_MINUTES,
		);
	} catch (error) {
		throw asNodeError(ctx, error);
	}
	return {
		event,
		stalledDays,
		workflowId,
		maxRateLimitWaitMs,
		scope: `${event}|${stalledDays}|${workflowId ?? '*'}`,
	};
}

/** An event as the trigger's output item: what happened, then the journey as Kohomai returned it. */
function toItem(event: JourneyEvent): INodeExecutionData {
	const json: IDataObject = {
		event: event.kind,
		eventId: event.id,
		eventDate: new Date(event.at).toISOString(),
	};
	if (event.activity) json.activity = event.activity.record as IDataObject;
	if (event.stalledDays !== undefined) json.stalledDays = event.stalledDays;
	return { json: { ...json, ...(event.journey as IDataObject), ...json } };
}

/** The error n8n shows for the poll: Kohomai's (NodeApiError) as is, anything else as a NodeOperationError. */
function asNodeError(ctx: IPollFunctions, error: unknown): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof InputError)
		return new NodeOperationError(ctx.getNode(), error.message, {
			description: `Fix "${error.field}" in the trigger's parameters. Nothing was sent to Kohomai.`,
		});
	return new NodeOperationError(ctx.getNode(), error as Error);
}

/** `GET /journeys/{id}` for each id, one after the other; a journey gone meanwhile (404) is left out. */
async function fetchDetails(
	ctx: IPollFunctions,
	client: KohomaiClient,
	ids: string[],
): Promise<Map<string, JsonRecord>> {
	const details = new Map<string, JsonRecord>();
	for (const id of ids) {
		try {
			const record = await client.request({ method: 'GET', path: `/journeys/${id}` });
			if (record !== null && typeof record === 'object') details.set(id, record as JsonRecord);
		} catch (error) {
			if (error instanceof NodeApiError && error.httpCode === '404') continue;
			throw asNodeError(ctx, error);
		}
	}
	return details;
}

/**
 * One poll of the Kohomai Trigger (see docs/trigger.md).
 * - Manual ("Fetch Test Event"): the newest matching event as a sample; the state is not touched.
 * - No state for these settings (first activation, renamed node, changed settings): records a
 *   baseline and emits nothing.
 * - Otherwise: the events since the last successful poll, each once. The state is written only
 *   when every request of the poll succeeded; any API error is thrown, so n8n records a failed
 *   execution and runs the Error Workflow, and the next poll starts from the same state.
 * - A poll that starts while the previous one of the same node still runs returns null at once.
 * Requests: the journey list (all its pages), plus at most DETAILS_PER_POLL single journeys.
 */
export async function pollJourneys(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(this);
	if (this.getMode() === 'manual') return await watch(this, settings, true);
	const node = this.getNode();
	const key = `${this.getWorkflow().id ?? ''}:${node.id || node.name}`;
	if (inFlight.has(key)) return null;
	inFlight.add(key);
	try {
		return await watch(this, settings, false);
	} finally {
		inFlight.delete(key);
	}
}

async function watch(ctx: IPollFunctions, settings: Settings, manual: boolean): Promise<INodeExecutionData[][] | null> {
	const client = await KohomaiClient.create(ctx, { maxRateLimitWaitMs: settings.maxRateLimitWaitMs });
	const all = await client.list({ path: '/journeys' });
	const rows = (all as JsonRecord[]).filter(
		(row) => settings.workflowId === undefined || readJourney(row).workflowId === settings.workflowId,
	);
	const wantActivities = settings.event === 'activityCompleted' || settings.event === 'journeyStalled';
	const now = Date.now();

	if (manual) return await sample(ctx, client, rows, settings, wantActivities, now);

	const staticData = ctx.getWorkflowStaticData('node');
	const stored = staticData[STATE_KEY];
	const previous: WatchState | undefined =
		isWatchState(stored) && stored.scope === settings.scope ? (stored as WatchState) : undefined;
	if (!previous) {
		staticData[STATE_KEY] = baseline(rows, settings.scope, now, settings.stalledDays) as unknown as IDataObject;
		return null;
	}
	const { ids, next } = chooseDetails(previous, rows, wantActivities);
	const details = await fetchDetails(ctx, client, ids);
	const { state, events } = detect(previous, rows, details, {
		now,
		stalledDays: settings.stalledDays,
		next,
		wantActivities,
	});
	staticData[STATE_KEY] = state as unknown as IDataObject;
	const items = events.filter((e) => e.kind === settings.event).map(toItem);
	return items.length > 0 ? [items] : null;
}

async function sample(
	ctx: IPollFunctions,
	client: KohomaiClient,
	rows: JsonRecord[],
	settings: Settings,
	wantActivities: boolean,
	now: number,
): Promise<INodeExecutionData[][]> {
	// The newest journeys whose list rows lack statuses are read one by one, within the same bound as a poll.
	const lacking = rows
		.filter((row) => needsDetail(row, wantActivities))
		.map((row) => readJourney(row))
		.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))
		.slice(0, DETAILS_PER_POLL)
		.map((v) => v.id);
	const details = await fetchDetails(ctx, client, lacking);
	const records = rows.map((row) => details.get(readJourney(row).id) ?? row);
	const [newest] = currentEvents(records, [settings.event], { now, stalledDays: settings.stalledDays });
	if (!newest) {
		const where = settings.workflowId ? ` in the workflow ${settings.workflowId}` : '';
		throw new NodeOperationError(
			ctx.getNode(),
			`No ${EVENT_NAMES[settings.event]} event to show: none of the ${rows.length} journey(s)${where} in Kohomai has one yet`,
			{
				description:
					'Fetch Test Event shows the newest matching event among the journeys that exist now. Make one happen (for example complete an activity in Kohomai), or activate the workflow: it will run for the next one.',
			},
		);
	}
	return [[toItem(newest)]];
}
