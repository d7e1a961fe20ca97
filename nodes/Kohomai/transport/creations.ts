/**
 * What earlier tries of the same execution did with each creation (a POST
 * with a side effect). n8n's Retry On Fail runs the whole node again in the
 * same process, with the same execution id and the same items, after any
 * failure (WorkflowExecute in n8n-core 2.41: up to 5 tries, each a fresh
 * execute() call). Without this memory, every journey that the first try
 * created would be created again.
 *
 * One entry per (execution, node, item, request): `created` keeps the parsed
 * answer, returned as it was on the first try; `uncertain` means the request
 * was sent and may have taken effect (timeout, reset, 5xx, garbled answer, 303),
 * so it is never sent again in this execution. Requests that provably had no
 * effect (refused, 4xx, certificate) leave no entry and may be sent again.
 *
 * Entries live in this process's memory only and are pruned by age whenever
 * one is written (no timers): n8n's retries all happen within about half a
 * minute (at most 5 tries, at most 5 s apart, plus request timeouts).
 */
export type Earlier = { state: 'created'; result: unknown } | { state: 'uncertain' };

interface Entry {
	earlier: Earlier;
	at: number;
}

const MAX_AGE_MS = 60 * 60_000;
const MAX_ENTRIES = 100_000;
const memory = new Map<string, Entry>();

export interface CreationId {
	/** n8n's execution id; without one (editor calls, credential tests) nothing is remembered. */
	executionId: string | undefined;
	node: string;
	itemIndex: number | undefined;
	/** Method, path, query and body as sent: a different request is a different creation. */
	request: string;
}

/** The memory key, or undefined when this request cannot be told apart across tries. */
export function creationKey(id: CreationId): string | undefined {
	if (!id.executionId || id.itemIndex === undefined) return undefined;
	return JSON.stringify([id.executionId, id.node, id.itemIndex, id.request]);
}

export function recall(key: string | undefined, now = Date.now()): Earlier | undefined {
	if (key === undefined) return undefined;
	const entry = memory.get(key);
	if (!entry || now - entry.at > MAX_AGE_MS) return undefined;
	return entry.earlier;
}

export function remember(key: string | undefined, earlier: Earlier, now = Date.now()): void {
	if (key === undefined) return;
	memory.delete(key);
	memory.set(key, { earlier, at: now });
	// A Map iterates in insertion order, so the oldest entries come first.
	for (const [k, entry] of memory) {
		if (now - entry.at <= MAX_AGE_MS && memory.size <= MAX_ENTRIES) break;
		memory.delete(k);
	}
}
