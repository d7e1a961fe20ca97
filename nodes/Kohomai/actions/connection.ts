import type { IDataObject } from 'n8n-workflow';

/**
 * The connection Kohomai returns for a journey or a session, as returned, so
 * `{{$json.ConnectionURL}}` and `{{$json.ValidUntil}}` work in the next node.
 * The vendor's mixed casing (ValidUntil, createdDate) is kept on purpose.
 */
export function connectionOutput(body: unknown): IDataObject[] {
	return [
		body !== null && typeof body === 'object' && !Array.isArray(body)
			? (body as IDataObject)
			: { response: body as string },
	];
}
