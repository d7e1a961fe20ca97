import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { journeyLocator, redirectUrlField, userLocator } from '../common.descriptions';
import { connectionOutput } from '../connection';
import type { RunContext } from '../operation';
import { idFromLocator } from '../../mapping/backOfficeUrls';
import { journeySession, userSession } from '../../mapping/payloads';
import { InputError, shown } from '../../mapping/validate';

const properties: INodeProperties[] = [
	{
		displayName: 'Session For',
		name: 'sessionFor',
		type: 'options',
		options: [
			{
				name: 'End User',
				value: 'user',
				description: 'Open a session for a person, as on the vendor page of May 2023',
			},
			{
				name: 'Journey',
				value: 'journey',
				description: 'Open a session on one journey of a person, as in Kohomai’s later docs',
			},
		],
		default: 'user',
		description: 'Whether the session is opened for a person or for one of their journeys',
	},
	{ ...userLocator, displayOptions: { show: { sessionFor: ['user'] } } },
	{ ...journeyLocator, displayOptions: { show: { sessionFor: ['journey'] } } },
	redirectUrlField,
];

export const option = {
	name: 'Create',
	description: 'Open a new session for an existing end user or journey and get the one-time login link (ConnectionURL)',
	action: 'Create a session',
};

export const description = updateDisplayOptions({ show: { resource: ['session'], operation: ['create'] } }, properties);

/** The POST /sessions body, by user (SDK-A/B/C) or by journey (FOS 2023-06-27). Throws InputError. */
export function prepare(this: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const sessionFor = this.getNodeParameter('sessionFor', itemIndex, 'user');
	const redirectUrl = this.getNodeParameter('redirectUrl', itemIndex, '');
	if (sessionFor === 'journey') {
		return journeySession(
			idFromLocator('Journey', 'journey', this.getNodeParameter('journey', itemIndex, undefined)),
			redirectUrl,
		);
	}
	if (sessionFor === 'user') {
		return userSession(
			idFromLocator('End User', 'user', this.getNodeParameter('user', itemIndex, undefined)),
			redirectUrl,
		);
	}
	throw new InputError('Session For', `must be "user" or "journey", not ${shown(sessionFor)}`);
}

/** POST /sessions; the connection (with its one-time ConnectionURL) as Kohomai returns it. */
export async function send(
	this: IExecuteFunctions,
	body: Record<string, unknown>,
	itemIndex: number,
	{ client }: RunContext,
): Promise<IDataObject[]> {
	return connectionOutput(
		await client.request({ method: 'POST', path: '/sessions', body, itemIndex, sideEffect: 'session' }),
	);
}
