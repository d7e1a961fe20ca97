/**
 * Ids leave the node as strings, whatever their size: a workflow that reads
 * `{{$json.Id}}` then always holds the exact digits, and never a number that
 * JavaScript has rounded. Fields named `Id`/`id` or ending in `Id` count as ids.
 */
const ID_KEY = /^(id|Id|ID)$|Id$/;

export function idsAsStrings(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(idsAsStrings);
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
		out[key] = typeof v === 'number' && ID_KEY.test(key) && Number.isInteger(v) ? String(v) : idsAsStrings(v);
	}
	return out;
}
