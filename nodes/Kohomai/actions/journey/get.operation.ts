import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { journeyLocator } from '../common.descriptions';
import type { RunContext } from '../operation';
import { idFromLocator } from '../../mapping/backOfficeUrls';

export const option = {
	name: 'Get',
	description: 'Get one journey with the status of each of its activities, to learn whether the person finished',
	action: 'Get a journey',
};

export const description = updateDisplayOptions({ show: { resource: ['journey'], operation: ['get'] } }, [
	journeyLocator,
]);

/** The journey id as exact digits. Throws InputError. */
export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return idFromLocator('Journey', 'journey', this.getNodeParameter('journey', itemIndex, undefined));
}

/** GET /journeys/{id} (FOS 2023-06-27: "the status of every activity"); the answer as Kohomai gives it, ids as text. */
export async function send(
	this: IExecuteFunctions,
	id: string,
	itemIndex: number,
	{ client }: RunContext,
): Promise<IDataObject[]> {
	const body = await client.request({ method: 'GET', path: `/journeys/${id}`, itemIndex });
	return [
		body !== null && typeof body === 'object' && !Array.isArray(body)
			? (body as IDataObject)
			: { response: body as string },
	];
}
