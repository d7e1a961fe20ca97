import type { Field } from './validate';
import { invalid, positiveId } from './validate';

/** The back-office address of an end user; any host, for regional or self-hosted back-offices. */
export const USER_URL_REGEX = '^https?://[^/\\s]+/p/settings/users/(\\d+)/?(?:[?#].*)?$';
const USER_URL = new RegExp(USER_URL_REGEX);

/** The end user id from the resource locator, whatever mode it was given in. */
export function userIdFromLocator(f: Field, locator: unknown): string {
	const isLocator = locator !== null && typeof locator === 'object' && !Array.isArray(locator) && '__rl' in locator;
	const { mode, value } = isLocator ? (locator as { mode?: string; value?: unknown }) : { mode: 'id', value: locator };
	if (mode === 'url') {
		const match = typeof value === 'string' ? USER_URL.exec(value.trim()) : null;
		if (!match) throw invalid(f, 'must be an end user address like https://app.kohomai.com/p/settings/users/123');
		return positiveId(f, match[1]);
	}
	return positiveId(f, value);
}
