import type { IDataObject } from 'n8n-workflow';

/**
 * The entries of an n8n fixedCollection (`{ [name]: [...] }`) mapped for the
 * shared payload builders. Anything that is not such a collection is passed
 * through unchanged, so the builder reports it with its own message.
 */
export function fixedCollectionEntries<T>(collection: unknown, name: string, map: (entry: IDataObject) => T): unknown {
	if (collection === null || collection === undefined || collection === '') return [];
	if (typeof collection !== 'object' || Array.isArray(collection)) return collection;
	const values = (collection as IDataObject)[name] ?? [];
	return Array.isArray(values) ? values.map((v) => map((v ?? {}) as IDataObject)) : values;
}
