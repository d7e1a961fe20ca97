/**
 * One Zapier field takes an id or a back-office address: a value that starts
 * like a web address is read as one, anything else as an id.
 */
export function idOrBackOfficeUrl(value: unknown): { mode: 'url' | 'id'; value: unknown } {
	return {
		mode: typeof value === 'string' && /^\s*https?:/i.test(value) ? 'url' : 'id',
		value: typeof value === 'string' ? value.trim() : value,
	};
}
