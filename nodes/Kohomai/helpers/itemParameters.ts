import type { IExecuteFunctions, NodeParameterValueType } from 'n8n-workflow';

/** Reads one parameter for one item: `(name, itemIndex, fallback) => value`, as getNodeParameter. */
export type ItemParameterReader = (name: string, itemIndex: number, fallback: unknown) => unknown;

/**
 * getNodeParameter for every item, but only where the value can differ per
 * item. n8n does the whole resolution on each call (a deep copy of the value,
 * expression resolution, checks against the node description), so a parameter
 * holding no expression anywhere has one value for every item and is read once,
 * for the first item that asks. Throws what getNodeParameter throws; a failed
 * read is not remembered, so the next item reads (and fails) for itself.
 * The value read once is shared: callers must not change it.
 *
 * @param parameters the node's raw parameters (getNode().parameters), taken once per run
 */
export function itemParameterReader(ctx: IExecuteFunctions, parameters: Record<string, unknown>): ItemParameterReader {
	const constants = new Map<string, unknown>();
	const perItem = new Map<string, boolean>();
	return (name, itemIndex, fallback) => {
		let varies = perItem.get(name);
		if (varies === undefined) {
			varies = hasExpression(parameters[name]);
			perItem.set(name, varies);
		}
		if (varies) return ctx.getNodeParameter(name, itemIndex, fallback as NodeParameterValueType);
		if (!constants.has(name))
			constants.set(name, ctx.getNodeParameter(name, itemIndex, fallback as NodeParameterValueType));
		return constants.get(name);
	};
}

/** n8n marks an expression with a leading "=", at any depth of a collection. */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

const readers = new WeakMap<IExecuteFunctions, ItemParameterReader>();

/**
 * The reader of this node run: n8n hands every item of a run the same
 * context object, and a new one to the next run (or n8n's retry), so the
 * reader lives exactly as long as the run.
 */
export function parameterReaderFor(ctx: IExecuteFunctions): ItemParameterReader {
	let read = readers.get(ctx);
	if (!read) {
		read = itemParameterReader(ctx, ctx.getNode().parameters);
		readers.set(ctx, read);
	}
	return read;
}
