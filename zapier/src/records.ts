import { idsAsStrings } from '../../nodes/Kohomai/mapping/ids';
import type { JsonRecord } from '../../nodes/Kohomai/mapping/lists';

/**
 * A Kohomai record as a Zapier result: every id as exact digits in a string,
 * plus the lowercase `id` Zapier deduplicates polling results by and fills
 * dynamic dropdowns from (the record's `Id`, as a string).
 */
export function zapierRecord(record: JsonRecord): JsonRecord & { id: string } {
	const exact = idsAsStrings(record) as JsonRecord;
	return { id: String(exact.Id ?? exact.id ?? ''), ...exact };
}
