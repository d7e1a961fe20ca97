/**
 * What earlier tries of the same node run did with each creation (a POST
 * with a side effect). n8n's Retry On Fail runs the node again after a
 * failure, in the same process and the same execution, with the same items
 * and the same run index (WorkflowExecute in n8n-core 2.41: the run index is
 * computed once per node run, then up to 5 tries call runNode() with it, each
 * a fresh execute()). Without this memory, every journey that the first try
 * created would be created again.
 *
 * A flow that comes back into the node (Loop Over Items, an IF routing back,
 * a second incoming connection, an AI agent calling the tool again) is a new
 * run of the node, with the next run index: it creates anew. So an entry is
 * keyed by (node, run index, item, request as sent).
 *
 * `created` keeps the parsed answer, returned as it was on the first try;
 * `uncertain` means the request was sent and may have taken effect (timeout,
 * reset, 5xx, garbled answer, 303), so it is never sent again in this run.
 * Requests that provably had no effect (refused, 4xx, certificate) leave no
 * entry and may be sent again.
 *
 * The memory lives exactly as long as its execution, because an answer holds
 * a one-time login link (ConnectionURL) and n8n's retries all happen inside
 * the execution: it hangs on the execution's cancel signal (one AbortSignal
 * per WorkflowExecute, the same object for every try of every node), held in
 * a WeakMap, so it goes when the execution is dropped, and at once when the
 * execution is stopped.
 */
export type Earlier = { state: 'created'; result: unknown } | { state: 'uncertain' };

/** What the memory needs from n8n's execute context; each part may be missing in an older n8n. */
export interface ExecutionContext {
	getExecutionId?: () => string | undefined;
	getExecutionCancelSignal?: () => AbortSignal | undefined;
	getContext?: (type: 'flow') => object;
	getWorkflowDataProxy?: (itemIndex: number) => { $runIndex?: unknown };
}

type Store = Map<string, Earlier>;

const byExecution = new WeakMap<object, Store>();

/**
 * Last resort for a context that offers no object living as long as the
 * execution (none known: every n8n since 1.0 has the cancel signal or the
 * flow context). Such stores are dropped after FALLBACK_MAX_AGE_MS, longer
 * than n8n's retries take (at most 5 tries, at most 5 s apart, plus timeouts).
 */
const FALLBACK_MAX_AGE_MS = 10 * 60_000;
const byExecutionId = new Map<string, { store: Store; at: number }>();

/**
 * The execution's own object: its cancel signal (n8n 1.x and 2.x), or else
 * the workflow's flow context, kept in the execution's data for as long as
 * the execution runs. Undefined when the context has neither.
 */
function executionObject(ctx: ExecutionContext): object | undefined {
	try {
		const signal = ctx.getExecutionCancelSignal?.();
		if (signal && typeof signal === 'object') return signal;
	} catch {
		// an older context: try the next
	}
	try {
		const flow = ctx.getContext?.('flow');
		if (flow && typeof flow === 'object') return flow;
	} catch {
		// no run data (an editor call): nothing to scope by
	}
	return undefined;
}

function storeFor(ctx: ExecutionContext, executionId: string | undefined, now: number): Store | undefined {
	const owner = executionObject(ctx);
	if (owner) {
		let store = byExecution.get(owner);
		if (!store) {
			store = new Map();
			byExecution.set(owner, store);
			// A stopped execution is not retried: its links go at once.
			const signal = owner as Partial<AbortSignal>;
			if (typeof signal.addEventListener === 'function')
				signal.addEventListener('abort', () => byExecution.get(owner)?.clear(), { once: true });
		}
		return store;
	}
	if (!executionId) return undefined;
	for (const [id, entry] of byExecutionId) {
		if (now - entry.at <= FALLBACK_MAX_AGE_MS) break;
		byExecutionId.delete(id);
	}
	let entry = byExecutionId.get(executionId);
	if (!entry) {
		entry = { store: new Map(), at: now };
		byExecutionId.set(executionId, entry);
	}
	return entry.store;
}

/** n8n's run index of this node run: 0, then 1, 2, ... each time the flow comes back into the node. */
function runIndexOf(ctx: ExecutionContext): number | undefined {
	try {
		const index = ctx.getWorkflowDataProxy?.(0)?.$runIndex;
		return typeof index === 'number' ? index : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The memory of one node run (one execute() call): read its scope once, then
 * recall and remember per request. Without an execution (editor calls,
 * credential tests) nothing is remembered.
 */
export class Creations {
	private constructor(
		private readonly store: Store | undefined,
		private readonly runIndex: number,
	) {}

	/** For a node run; `ctx` is n8n's execute context (or a load-options one, which has no execution). */
	static of(ctx: ExecutionContext, now = Date.now()): Creations {
		let executionId: string | undefined;
		try {
			executionId = ctx.getExecutionId?.();
		} catch {
			executionId = undefined;
		}
		if (!executionId) return new Creations(undefined, 0);
		const runIndex = runIndexOf(ctx);
		// Without the run index, a second run cannot be told from a retry: remember nothing rather than hand out a spent link.
		if (runIndex === undefined) return new Creations(undefined, 0);
		return new Creations(storeFor(ctx, executionId, now), runIndex);
	}

	/**
	 * The key of one creation, or undefined when it cannot be told apart across tries.
	 * @param request method, path, query and body as sent: a different request is a different creation
	 */
	key(node: string, itemIndex: number | undefined, request: string): string | undefined {
		if (!this.store || itemIndex === undefined) return undefined;
		return JSON.stringify([node, this.runIndex, itemIndex, request]);
	}

	recall(key: string | undefined): Earlier | undefined {
		return key === undefined ? undefined : this.store?.get(key);
	}

	remember(key: string | undefined, earlier: Earlier): void {
		if (key !== undefined) this.store?.set(key, earlier);
	}
}
