/**
 * What happened to a person's journey, detected by comparing what Kohomai
 * answers now with a small record of what was seen before. Platform-free:
 * the Kohomai Trigger (n8n) keeps the record in the workflow's static data,
 * the Zapier triggers use the same rules on a single look.
 *
 * Source of the facts: `GET /journeys` lists journeys and `GET /journeys/{id}`
 * reports "the status of every activity" (FOS 2023-06-27). No public version
 * of the docs shows either shape (PUBLIC-DOCS-FACTS §1.3, §4.2): field names
 * follow the connection object (`Id`, `createdDate`, SDK-B 2023-05-30), and
 * every status is matched ignoring case against the words below.
 */
import type { JsonRecord } from './lists';
import { recordId } from './records';

/** The events of the Kohomai Trigger, by the value of its "Events" parameter. */
export type JourneyEventKind = 'journeyStarted' | 'activityCompleted' | 'journeyCompleted' | 'journeyStalled';

export const EVENT_NAMES: Readonly<Record<JourneyEventKind, string>> = {
	journeyStarted: 'Journey Started',
	activityCompleted: 'Activity Completed',
	journeyCompleted: 'Journey Completed',
	journeyStalled: 'Journey Stalled',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Journey statuses that mean the person is done (the sandbox says `Completed`). */
const JOURNEY_DONE = new Set(['completed', 'complete', 'done', 'finished', 'closed', 'ended']);
/** Activity statuses that mean the activity is done (the sandbox says `Done`). */
const ACTIVITY_DONE = new Set(['done', 'completed', 'complete', 'finished', 'validated', 'succeeded']);

/** One activity of a journey, as the rules need it. */
export interface ActivityView {
	id: string;
	done: boolean;
	/** When it was completed (ms since the epoch), when Kohomai says. */
	completedAt?: number;
	record: JsonRecord;
}

/** A journey, as the rules need it. */
export interface JourneyView {
	id: string;
	/** The id of its workflow, '' when it has none. */
	workflowId: string;
	/** ms since the epoch; undefined when the record has no readable `createdDate`. */
	createdAt?: number;
	/** The activities with their statuses; undefined when the record carries none (a list row may not). */
	activities?: ActivityView[];
	/**
	 * THE completion rule: true when the journey's own status says so, or when
	 * it has activities and every one is done; false when the record says it
	 * is still open; undefined when the record carries neither status nor
	 * activities, so only `GET /journeys/{id}` can tell.
	 */
	completed?: boolean;
	record: JsonRecord;
}

function get(record: unknown, ...names: string[]): unknown {
	if (record === null || typeof record !== 'object') return undefined;
	const r = record as JsonRecord;
	for (const name of names) if (r[name] !== undefined && r[name] !== null) return r[name];
	return undefined;
}

/** ms since the epoch for an ISO date (or a number of ms), undefined otherwise. */
export function timeOf(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const t = Date.parse(value);
	return Number.isNaN(t) ? undefined : t;
}

function statusWord(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== ''
		? value
				.trim()
				.toLowerCase()
				.replace(/[\s_-]/g, '')
		: undefined;
}

/** Reads a journey record (list row or `GET /journeys/{id}` answer). Ids stay exact strings. */
export function readJourney(record: JsonRecord): JourneyView {
	const status = statusWord(get(record, 'Status', 'status', 'State', 'state'));
	const list = get(record, 'Activities', 'activities', 'Steps', 'steps');
	const activities = Array.isArray(list)
		? (list as JsonRecord[])
				.filter((a) => a !== null && typeof a === 'object')
				.map((a) => {
					const completedAt = timeOf(get(a, 'completedDate', 'CompletedDate', 'completedAt', 'CompletedAt'));
					const word = statusWord(get(a, 'Status', 'status', 'State', 'state'));
					return {
						id: recordId(a),
						done: word !== undefined ? ACTIVITY_DONE.has(word) : completedAt !== undefined,
						completedAt,
						record: a,
					};
				})
		: undefined;
	let completed: boolean | undefined;
	if (status !== undefined && JOURNEY_DONE.has(status)) completed = true;
	else if (activities && activities.length > 0 && activities.every((a) => a.done)) completed = true;
	else if (status !== undefined || activities !== undefined) completed = false;
	const workflow = get(record, 'Workflow', 'workflow', 'Funnel', 'funnel');
	return {
		id: recordId(record),
		workflowId: recordId(workflow) || String(get(record, 'WorkflowId', 'workflowId') ?? ''),
		createdAt: timeOf(get(record, 'createdDate', 'CreatedDate', 'createdAt', 'CreatedAt')),
		activities,
		completed,
		record,
	};
}

/** Whether the journey is completed, by the one rule (see JourneyView.completed). */
export function isJourneyCompleted(record: JsonRecord): boolean | undefined {
	return readJourney(record).completed;
}

/** What the trigger remembers of one journey it watches. Keys are short: this is stored for every open journey. */
export interface WatchEntry {
	/** Ids of the activities seen done; absent until the activities were seen once. */
	d?: string[];
	/** The progress time (ms) whose stall was already reported: a new progress time re-arms. */
	s?: number;
	/** When the trigger first saw progress that Kohomai gave no date for (ms). */
	p?: number;
	/** The progress time (ms) seen at the last look at the activities, when later than creation. */
	t?: number;
	/** 1: watched since activation without its activities; the first look at them records them and emits nothing. */
	b?: 1;
	/** 1: watched since activation without knowing whether it was finished; if the first look says so, it leaves silently. */
	u?: 1;
}

/**
 * The whole state of a trigger, small by construction: a creation-time
 * high-water mark (with the ids at that exact time), and one WatchEntry per
 * journey still open, at most `WATCH_CAP`. Completed journeys leave it.
 */
export interface WatchState {
	v: 1;
	/** What the watch covers (the workflow filter); another scope starts from a new baseline. */
	scope: string;
	/** The newest `createdDate` seen (ms); journeys created after it are new. */
	hwm?: number;
	/**
	 * Ids created exactly at `hwm`, already seen and not watched (the watched
	 * ones are known by `open`); at most AT_HWM_CAP.
	 */
	atHwm: string[];
	/** 1: more than AT_HWM_CAP unwatched journeys share `hwm`; no journey created exactly then counts as new. */
	full?: 1;
	/** Open journeys by id. */
	open: Record<string, WatchEntry>;
	/** Round-robin: the last journey id whose details were fetched, when a poll could not fetch them all. */
	next?: string;
}

/** At most this many journeys are watched; beyond it, those without progress for longest leave the watch. */
export const WATCH_CAP = 5000;
/**
 * At most this many finished journeys created in the very millisecond of the
 * newest one are remembered (a bulk import may create thousands at once). A
 * journey that later appears with exactly that creation time is new only if
 * it is not among them; the bound only matters if the list shows a journey
 * after journeys created in the same millisecond.
 */
export const AT_HWM_CAP = 100;
/** At most this many `GET /journeys/{id}` per poll. */
export const DETAILS_PER_POLL = 50;

/** One event, with an id unique to it (the same on every platform and every poll). */
export interface JourneyEvent {
	kind: JourneyEventKind;
	id: string;
	journeyId: string;
	/** When it happened (ms): creation, completion, or the moment the stall reached N days. */
	at: number;
	activity?: ActivityView;
	/** Days without progress, for Journey Stalled. */
	stalledDays?: number;
	journey: JsonRecord;
}

/** The event id: journey id and event, plus the activity (or the stalled progress time). */
export function eventId(kind: JourneyEventKind, journeyId: string, detail?: string | number): string {
	switch (kind) {
		case 'journeyStarted':
			return `${journeyId}-started`;
		case 'journeyCompleted':
			return `${journeyId}-completed`;
		case 'activityCompleted':
			return `${journeyId}-activity-${detail}`;
		case 'journeyStalled':
			return `${journeyId}-stalled-${detail}`;
	}
}

/**
 * The latest known progress (ms): creation, the latest dated activity
 * completion, or progress first seen without a date. When the record carries
 * no activities (a list row), the progress remembered from the last look
 * stands in for them.
 */
export function progressAt(view: JourneyView, entry?: WatchEntry): number | undefined {
	const times = [view.createdAt, entry?.p];
	if (view.activities) {
		for (const a of view.activities) if (a.done) times.push(a.completedAt);
	} else times.push(entry?.t);
	let latest: number | undefined;
	for (const t of times) if (t !== undefined && (latest === undefined || t > latest)) latest = t;
	return latest;
}

/** When the journey was completed: its latest activity completion, else its `changedDate`, else `fallback`. */
export function completedAt(view: JourneyView, fallback: number): number {
	let latest: number | undefined;
	for (const a of view.activities ?? [])
		if (a.completedAt !== undefined && (latest === undefined || a.completedAt > latest)) latest = a.completedAt;
	return latest ?? timeOf(get(view.record, 'changedDate', 'ChangedDate', 'updatedAt')) ?? fallback;
}

function isStalled(progress: number | undefined, now: number, stalledDays: number): progress is number {
	return stalledDays > 0 && progress !== undefined && now - progress >= stalledDays * DAY_MS;
}

/** Compares ids as numbers written in digits, without converting them. */
export function compareIds(a: string, b: string): number {
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Whether a list row lacks what the poll needs, so `GET /journeys/{id}` must
 * be asked: always when it has neither status nor activities; when it has no
 * activities and activity events (or stall dates) are wanted.
 */
export function needsDetail(row: JsonRecord, wantActivities: boolean): boolean {
	const view = readJourney(row);
	return view.completed === undefined || (wantActivities && view.activities === undefined);
}

/** First look: the state that makes every existing journey "already seen". Emits nothing. */
export function baseline(rows: JsonRecord[], scope: string, now: number, stalledDays: number): WatchState {
	const state: WatchState = { v: 1, scope, atHwm: [], open: {} };
	for (const row of rows) {
		const view = readJourney(row);
		if (!view.id) continue;
		advanceHwm(state, view);
		if (view.completed === true) continue;
		const entry: WatchEntry = {};
		if (view.activities) entry.d = view.activities.filter((a) => a.done).map((a) => a.id);
		else entry.b = 1;
		if (view.completed === undefined) entry.u = 1;
		const progress = progressAt(view);
		if (view.activities && progress !== undefined && progress !== view.createdAt) entry.t = progress;
		if (isStalled(progress, now, stalledDays)) entry.s = progress;
		state.open[view.id] = entry;
	}
	return finish(state, rows);
}

function advanceHwm(state: WatchState, view: JourneyView): void {
	if (view.createdAt === undefined) return;
	if (state.hwm === undefined || view.createdAt > state.hwm) {
		state.hwm = view.createdAt;
		state.atHwm = [view.id];
		delete state.full;
	} else if (view.createdAt === state.hwm) state.atHwm.push(view.id); // duplicates go in finish()
}

function isNew(previous: WatchState, view: JourneyView): boolean {
	if (previous.open[view.id] || view.createdAt === undefined) return false;
	if (previous.hwm === undefined || view.createdAt > previous.hwm) return true;
	return view.createdAt === previous.hwm && previous.full !== 1 && !previous.atHwm.includes(view.id);
}

/**
 * Which journeys to ask `GET /journeys/{id}` for in this poll: those watched
 * or new whose list row lacks what is needed, at most `perPoll`, in id order
 * starting after `previous.next` (round-robin: those left out come first in
 * the next poll, so none is skipped for good).
 */
export function chooseDetails(
	previous: WatchState,
	rows: JsonRecord[],
	wantActivities: boolean,
	perPoll = DETAILS_PER_POLL,
): { ids: string[]; next?: string } {
	const views = rows
		.map((row) => readJourney(row))
		.filter((v) => v.id && (previous.open[v.id] || isNew(previous, v)) && needsDetail(v.record, wantActivities));
	// Journeys the list already shows finished go first: they leave the watch once read.
	const finishing = views
		.filter((v) => v.completed === true)
		.map((v) => v.id)
		.sort(compareIds);
	const candidates = views
		.filter((v) => v.completed !== true)
		.map((v) => v.id)
		.sort(compareIds);
	const room = Math.max(0, perPoll - finishing.length);
	const first = finishing.slice(0, perPoll);
	if (candidates.length <= room) return { ids: [...first, ...candidates], next: previous.next };
	const start = previous.next === undefined ? 0 : candidates.findIndex((id) => compareIds(id, previous.next!) > 0);
	const from = start < 0 ? 0 : start;
	const taken = [...candidates.slice(from), ...candidates.slice(0, from)].slice(0, room);
	return { ids: [...first, ...taken], next: taken.length ? taken[taken.length - 1] : previous.next };
}

/**
 * One poll: the events since `previous` and the state after them. `rows` is
 * the journey list (already filtered to the watched scope); `details` holds
 * the `GET /journeys/{id}` answers fetched for this poll, by id. Pure: the
 * caller stores the returned state only once the poll has succeeded.
 * Events come oldest first.
 */
export function detect(
	previous: WatchState,
	rows: JsonRecord[],
	details: ReadonlyMap<string, JsonRecord>,
	options: { now: number; stalledDays: number; next?: string; wantActivities?: boolean },
): { state: WatchState; events: JourneyEvent[] } {
	const { now, stalledDays } = options;
	const state: WatchState = { v: 1, scope: previous.scope, hwm: previous.hwm, atHwm: [...previous.atHwm], open: {} };
	if (previous.full === 1) state.full = 1;
	if (options.next !== undefined) state.next = options.next;
	const events: JourneyEvent[] = [];
	for (const row of rows) {
		const listed = readJourney(row);
		if (!listed.id) continue;
		const view = details.has(listed.id) ? readJourney(details.get(listed.id)!) : listed;
		const known = previous.open[listed.id];
		const fresh = isNew(previous, listed);
		advanceHwm(state, listed);
		if (!known && !fresh) continue; // finished before the watch, or left it
		const entry: WatchEntry = known ? { ...known } : {};
		const emit = (kind: JourneyEventKind, at: number, extra: Partial<JourneyEvent> = {}, detail?: string | number) =>
			events.push({ kind, id: eventId(kind, view.id, detail), journeyId: view.id, at, journey: view.record, ...extra });
		if (fresh) emit('journeyStarted', listed.createdAt ?? now);
		// Learning silently: what was not known at activation is recorded at first sight, without events.
		const silentActivities = entry.b === 1;
		const silentCompletion = entry.u === 1;
		if (view.activities) {
			const before = new Set(entry.d ?? []);
			const newlyDone = view.activities.filter((a) => a.done && !before.has(a.id));
			if (!silentActivities) {
				for (const a of newlyDone) emit('activityCompleted', a.completedAt ?? now, { activity: a }, a.id);
				if (newlyDone.some((a) => a.completedAt === undefined)) entry.p = now;
			}
			entry.d = view.activities.filter((a) => a.done).map((a) => a.id);
			delete entry.b;
			const seen = progressAt(view, entry);
			if (seen !== undefined && seen !== view.createdAt) entry.t = seen;
			else delete entry.t;
		}
		// A journey the list shows finished, whose last activities were not read yet, waits for its read.
		const waitForActivities = options.wantActivities === true && !view.activities && !silentActivities;
		if (view.completed === true && !waitForActivities) {
			if (!silentCompletion) emit('journeyCompleted', completedAt(view, now));
			continue; // finished journeys leave the state
		}
		if (view.completed === true) {
			state.open[view.id] = entry;
			continue;
		}
		if (view.completed === false) delete entry.u;
		const progress = progressAt(view, entry);
		if (isStalled(progress, now, stalledDays) && entry.s !== progress) {
			if (!silentActivities && !silentCompletion)
				emit('journeyStalled', progress + stalledDays * DAY_MS, { stalledDays }, progress);
			entry.s = progress;
		}
		state.open[view.id] = entry;
	}
	events.sort((a, b) => a.at - b.at || compareIds(a.journeyId, b.journeyId));
	return { state: finish(state, rows), events };
}

/** Bounds the state: the tie set holds unwatched ids only, at most AT_HWM_CAP; the watch at most WATCH_CAP. */
function finish(state: WatchState, rows: JsonRecord[]): WatchState {
	const capped = capWatch(state, rows);
	const unwatched = [...new Set(capped.atHwm)].filter((id) => !capped.open[id]).sort(compareIds);
	if (unwatched.length > AT_HWM_CAP) {
		capped.full = 1;
		capped.atHwm = [];
	} else capped.atHwm = unwatched;
	return capped;
}

/** Keeps at most WATCH_CAP journeys: those with the most recent progress (or creation) stay. */
function capWatch(state: WatchState, rows: JsonRecord[], cap = WATCH_CAP): WatchState {
	const ids = Object.keys(state.open);
	if (ids.length <= cap) return state;
	const recency = new Map<string, number>();
	for (const row of rows) {
		const view = readJourney(row);
		if (state.open[view.id]) recency.set(view.id, progressAt(view, state.open[view.id]) ?? 0);
	}
	const keep = ids.sort((a, b) => (recency.get(b) ?? 0) - (recency.get(a) ?? 0) || compareIds(b, a)).slice(0, cap);
	const open: Record<string, WatchEntry> = {};
	for (const id of keep) open[id] = state.open[id];
	return { ...state, open };
}

/**
 * Every event the journeys show right now, newest first, without any memory:
 * what a sample (n8n's "Fetch Test Event") and the Zapier triggers return.
 * Journey Started for every journey, Activity Completed for every done
 * activity, Journey Completed for every completed journey, Journey Stalled
 * for every open journey without progress for `stalledDays`.
 */
export function currentEvents(
	records: JsonRecord[],
	kinds: readonly JourneyEventKind[],
	options: { now: number; stalledDays: number },
): JourneyEvent[] {
	const events: JourneyEvent[] = [];
	for (const record of records) {
		const view = readJourney(record);
		if (!view.id) continue;
		const base = { journeyId: view.id, journey: record };
		if (kinds.includes('journeyStarted') && view.createdAt !== undefined)
			events.push({ ...base, kind: 'journeyStarted', id: eventId('journeyStarted', view.id), at: view.createdAt });
		if (kinds.includes('activityCompleted'))
			for (const a of view.activities ?? [])
				if (a.done)
					events.push({
						...base,
						kind: 'activityCompleted',
						id: eventId('activityCompleted', view.id, a.id),
						at: a.completedAt ?? completedAt(view, 0),
						activity: a,
					});
		if (kinds.includes('journeyCompleted') && view.completed === true)
			events.push({
				...base,
				kind: 'journeyCompleted',
				id: eventId('journeyCompleted', view.id),
				at: completedAt(view, 0),
			});
		const progress = progressAt(view);
		if (
			kinds.includes('journeyStalled') &&
			view.completed === false &&
			isStalled(progress, options.now, options.stalledDays)
		)
			events.push({
				...base,
				kind: 'journeyStalled',
				id: eventId('journeyStalled', view.id, progress),
				at: progress + options.stalledDays * DAY_MS,
				stalledDays: options.stalledDays,
			});
	}
	return events.sort((a, b) => b.at - a.at || compareIds(b.id, a.id));
}

/** Whether a value read from static data is a state this version wrote. */
export function isWatchState(value: unknown): value is WatchState {
	if (value === null || typeof value !== 'object') return false;
	const s = value as Partial<WatchState>;
	return s.v === 1 && typeof s.scope === 'string' && Array.isArray(s.atHwm) && !!s.open && typeof s.open === 'object';
}
