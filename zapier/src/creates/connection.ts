import type { ZObject } from 'zapier-platform-core';

import type { JsonRecord } from '../../../nodes/Kohomai/mapping/lists';
import type { SideEffect } from '../../../nodes/Kohomai/mapping/status';
import { ambiguousCreation } from '../errors';
import { zapierRecord } from '../records';

/**
 * The connection both POSTs return (SDK-B 2023-05-30, FOS 2023-06-27):
 * `{ UUID, RedirectURL, ConnectionURL, ValidUntil, changedDate, createdDate,
 * User: { Firstname, Lastname, Id } }`, ids as exact strings. A 2xx without a
 * ConnectionURL was performed but gave nothing usable: it is ambiguous, not
 * retried.
 */
export function connectionResult(z: ZObject, body: unknown, effect: SideEffect) {
	const record = body as JsonRecord;
	if (
		record === null ||
		typeof record !== 'object' ||
		Array.isArray(record) ||
		typeof record.ConnectionURL !== 'string'
	) {
		throw ambiguousCreation(z, 'Kohomai answered without a login link', effect);
	}
	const result = zapierRecord(record);
	return { ...result, id: String(record.UUID ?? result.id) };
}

export const CONNECTION_SAMPLE = {
	id: '2bb35288-f2ac-4c68-b7aa-51acd82af485',
	UUID: '2bb35288-f2ac-4c68-b7aa-51acd82af485',
	RedirectURL: 'https://www.example.com/welcome',
	ConnectionURL: 'https://app.kohomai.com/internal/v1/autologin?UUID=2bb35288-f2ac-4c68-b7aa-51acd82af485',
	ValidUntil: '2023-05-30T09:05:01.614Z',
	changedDate: '2023-05-30T09:00:01.620Z',
	createdDate: '2023-05-30T09:00:00.755Z',
	User: { Firstname: 'John', Lastname: 'Doe', Id: '74590868830731162' },
};

export const CONNECTION_OUTPUT_FIELDS = [
	{ key: 'ConnectionURL', label: 'Login Link (one use, secret)' },
	{ key: 'ValidUntil', label: 'Login Link Valid Until', type: 'datetime' as const },
	{ key: 'RedirectURL', label: 'Redirect URL' },
	{ key: 'User__Id', label: 'User ID' },
	{ key: 'User__Firstname', label: 'First Name' },
	{ key: 'User__Lastname', label: 'Last Name' },
	{ key: 'UUID', label: 'Session UUID' },
];
