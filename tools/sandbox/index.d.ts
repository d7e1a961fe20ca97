// Types for the JavaScript sandbox (sandbox/index.js), for TypeScript tests and scripts.

export type ListShape =
	| 'data'
	| 'array'
	| 'items'
	| 'ignoresPaging'
	/** { Data, Total, Offset, Limit } */
	| 'pascal'
	/** { Items, Count } where Count is the size of the page */
	| 'pascalItems'
	/** { Results, HasMore } */
	| 'pascalHasMore'
	/** { data } with the first page whatever the offset */
	| 'ignoresOffset'
	/** { Page: { Entries }, Total }: no readable list */
	| 'opaque';

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	latencyMs?: number;
	rateLimitPerSecond?: number | null;
	pageSizeMax?: number;
	listShape?: ListShape;
	duplicateEmail?: 'conflict' | 'allow';
	workspaceKey?: string;
	/** false starts with no workflows, users or data keys. */
	seed?: boolean;
	/** Loopback only: '127.0.0.1' (default), '::1' or 'localhost'. */
	host?: string;
	/** Serve HTTPS with a fresh self-signed certificate (needs openssl). */
	https?: boolean;
	/** Which POST /journeys body is accepted: 'nested' (default, vendor page), 'flat' (later docs) or 'both'. */
	registrationFormat?: RegistrationFormat;
	/** false: GET /workflows answers 404, only GET /funnels lists workflows. Default true. */
	workflowsPath?: boolean;
	/** What GET /journeys rows carry: 'full' (default: Status and Activities), 'status' (no Activities), 'bare' (neither). */
	journeyListDetail?: JourneyListDetail;
}

export type JourneyListDetail = 'full' | 'status' | 'bare';

export type RegistrationFormat = 'nested' | 'flat' | 'both';

export interface SandboxWorkflow {
	Id: string;
	Name: string;
	createdDate: string;
}

export interface SandboxUser {
	Id: string;
	Firstname: string;
	Lastname: string;
	ContactPrefs: { Email: string };
	createdDate: string;
}

export interface SandboxDataKey {
	Id: string;
	Name: string;
}

export interface SandboxActivity {
	Id: string;
	Name: string;
	Status: 'Todo' | 'Done';
	completedDate: string | null;
}

export interface SandboxJourney {
	Id: string;
	UUID: string;
	WorkflowId: string | null;
	UserId: string;
	Email: string;
	RedirectURL: string | null;
	JourneyData: { StringValue: string; DataKey: { Id: string } }[];
	/** 'Completed' once every activity is Done */
	Status: 'InProgress' | 'Completed';
	Activities: SandboxActivity[];
	createdDate: string;
	changedDate: string;
	/** set on journeys registered through POST /journeys */
	Format?: 'nested' | 'flat';
	PhoneNumber?: string | null;
}

export interface SandboxJourneyInput {
	/** digits; random above 2^53 when omitted */
	Id?: string;
	UUID?: string;
	/** an existing user's id */
	UserId: string;
	WorkflowId?: string | null;
	Email?: string;
	RedirectURL?: string | null;
	JourneyData?: { StringValue: string; DataKey: { Id: string } }[];
	/** default: the workflow's seeded activities, all 'Todo' */
	Activities?: (string | { Name: string; Status?: 'Todo' | 'Done' })[];
	createdDate?: string;
}

export interface SandboxSession {
	Id: string;
	UUID: string;
	UserId: string;
	/** the journey the session was opened for; null for a session by user */
	JourneyId?: string | null;
	RedirectURL: string | null;
	createdDate: string;
}

export interface SandboxState {
	workflows: SandboxWorkflow[];
	users: SandboxUser[];
	dataKeys: SandboxDataKey[];
	journeys: SandboxJourney[];
	sessions: SandboxSession[];
}

export interface SandboxKeys {
	workspace: string;
	/** workflow id → reference of its API starting point (the `ref` of POST /journeys) */
	references: Record<string, string>;
}

export interface SandboxLogRecord {
	seq: number;
	time: string;
	method: string;
	/** full path, e.g. '/api/v1/journeys' */
	path: string;
	query: Record<string, string | string[]>;
	/** 'workspace' | 'invalid' | 'none' */
	key: string;
	contentType: string | null;
	/** raw body text; null when the socket was reset before the body was read */
	body: string | null;
	/** null when no response was sent (reset faults) */
	status: number | null;
	fault: string | null;
}

export interface SandboxStats {
	requests: number;
	journeysCreated: number;
	sessionsCreated: number;
	duplicateJourneys: number;
	rateLimited: number;
	/** HTTPS only: handshakes a client broke off (e.g. refusing the self-signed certificate) */
	tlsHandshakeFailures: number;
}

export type FaultKind =
	| '429'
	| '429-date'
	| '429-none'
	| `429:${number}`
	| `status:${400 | 401 | 403 | 404 | 409 | 422 | 500 | 502 | 503 | 504}`
	| `slow:${number}`
	| 'reset-before-read'
	| 'reset-after-read'
	| 'malformed-json'
	| 'html-200'
	| 'html-502'
	| 'empty-200'
	/** no effect; Location: the same URL on the other scheme, or `location` */
	| 'redirect:301'
	| 'redirect:302'
	| 'redirect:307'
	| 'redirect:308'
	/** performed; Location: the ConnectionURL created (or `location`) */
	| 'redirect:303'
	/** no effect; answers 200 with the fault's `body` text instead of the route */
	| 'json-200'
	/** no effect; answers that status with the fault's `body` text */
	| `json:${number}`;

export interface FaultSpec {
	kind: FaultKind;
	/** default 1; Infinity allowed */
	times?: number;
	method?: string;
	/** '/journeys' or '/api/v1/journeys'; omit to match any API request */
	path?: string;
	/** Location of a redirect fault */
	location?: string;
	/** Body text of a 'json-200' or 'json:<status>' fault */
	body?: string;
}

export interface Sandbox {
	start(): Promise<{ baseUrl: string; port: number }>;
	stop(): Promise<void>;
	readonly keys: SandboxKeys;
	readonly state: SandboxState;
	readonly log: SandboxLogRecord[];
	stats(): SandboxStats;
	addUser(user: {
		Id?: string;
		Firstname?: string;
		Lastname?: string;
		Email?: string;
		ContactPrefs?: { Email?: string };
	}): SandboxUser;
	addWorkflows(n: number): SandboxWorkflow[];
	addDataKey(dataKey: { Id?: string; Name?: string }): SandboxDataKey;
	/** Throws for an unknown user or a taken id. */
	addJourney(journey: SandboxJourneyInput): SandboxJourney;
	/** The live stored journey, or undefined. */
	journey(id: string): SandboxJourney | undefined;
	/** Journeys added since the seed (POST /journeys, addJourney), oldest first. */
	createdJourneys(): SandboxJourney[];
	/** The user's journeys, oldest first. */
	journeysOf(userId: string): SandboxJourney[];
	/** Marks every activity Done and the journey Completed; throws for an unknown id. */
	completeJourney(id: string): SandboxJourney;
	/** Marks one activity Done (by Id, or 0-based position) and the journey Completed when it was the last; `at` ISO, default now. */
	completeActivity(journeyId: string, activity: string | number, at?: string): SandboxJourney;
	/** Moves every timestamp of the journey `ms` into the past (for "no progress for N days"). */
	ageJourney(journeyId: string, ms: number): SandboxJourney;
	setJourneyListDetail(detail: JourneyListDetail): void;
	fault(spec: FaultSpec): void;
	clearFaults(): void;
	setRegistrationFormat(format: RegistrationFormat): void;
	setWorkflowsPath(on: boolean): void;
	setLatency(ms: number): void;
	setListShape(shape: ListShape): void;
	setRateLimit(perSecond: number | null): void;
	/** A limit changing mid-run; times from the first API request after reset(); null: back to setRateLimit's. */
	setRateLimitSchedule(steps: Array<{ afterMs: number; perSecond: number }> | null): void;
	/** RateLimit-Limit / -Remaining / -Reset (whole seconds) on every API answer while a limit is set. */
	setRateLimitHeaders(on: boolean): void;
	reset(): void;
}

export function createSandbox(options?: SandboxOptions): Sandbox;
