import type { Bundle, ZObject } from 'zapier-platform-core';

import { registrationBody } from '../../../nodes/Kohomai/mapping/payloads';
import { requiredText } from '../../../nodes/Kohomai/mapping/validate';
import { checked } from '../errors';
import { callKohomai, startDeadline } from '../http';
import { CONNECTION_OUTPUT_FIELDS, CONNECTION_SAMPLE, connectionResult } from './connection';

/**
 * POST /journeys?ref=<starting point reference> (SDK-C 2023-06-19, LR-1
 * 2023-06-27) with the workspace key, in the body format the workspace takes:
 * nested (vendor page SDK-B 2023-05-30) or flat (LR-2 2023-06-28, journey data
 * by name from 2023-09-01). Every field is checked before anything is sent.
 */
async function perform(z: ZObject, bundle: Bundle) {
	const input = bundle.inputData;
	const { reference, body } = checked(z, () => ({
		reference: requiredText('Starting Point Reference', input.reference, 200),
		body: registrationBody(input.bodyFormat ?? 'nested', {
			firstName: input.firstName,
			lastName: input.lastName,
			email: input.email,
			phoneNumber: input.phoneNumber,
			redirectUrl: input.redirectUrl,
			journeyData: input.journeyData,
		}),
	}));
	const answer = await callKohomai(z, bundle, {
		method: 'POST',
		path: '/journeys',
		query: { ref: reference },
		body,
		creates: 'journey',
		contentHint:
			'If Kohomai names a key it does not expect (such as Email or Journey), your workspace takes the other Body Format: switch it.',
		deadline: startDeadline(),
	});
	return connectionResult(z, answer.body, 'journey');
}

export const createJourney = {
	key: 'create_journey',
	noun: 'Journey',
	display: {
		label: 'Create Journey',
		description:
			"Registers a person through a workflow's API starting point, which starts their journey, and returns their one-time login link.",
	},
	operation: {
		inputFields: [
			{
				key: 'reference',
				label: 'Starting Point Reference',
				required: true,
				helpText:
					"The reference of the workflow's API starting point: in the Kohomai back-office, open the workflow and click its API starting point.",
			},
			{
				key: 'bodyFormat',
				label: 'Body Format',
				required: true,
				default: 'nested',
				choices: [
					{
						value: 'nested',
						label: 'Nested (first and last name required; journey data by data point ID)',
						sample: 'nested',
					},
					{
						value: 'flat',
						label: 'Flat (only email required; phone number; journey data by data point name)',
						sample: 'flat',
					},
				],
				helpText:
					"Which registration format your Kohomai workspace accepts. Kohomai's docs show both; ask Kohomai if unsure.",
			},
			{ key: 'email', label: 'Email', required: true },
			{ key: 'firstName', label: 'First Name', required: false, helpText: 'Required with the nested format.' },
			{ key: 'lastName', label: 'Last Name', required: false, helpText: 'Required with the nested format.' },
			{ key: 'phoneNumber', label: 'Phone Number', required: false, helpText: 'Sent with the flat format only.' },
			{
				key: 'redirectUrl',
				label: 'Redirect URL',
				required: false,
				helpText: 'Where Kohomai sends the person once every activity open to them is done (a full https:// address).',
			},
			{
				key: 'journeyData',
				label: 'Journey Data',
				required: false,
				children: [
					{
						key: 'dataPoint',
						label: 'Data Point',
						helpText: 'Nested format: the data point ID. Flat format: the data point name.',
					},
					{ key: 'value', label: 'Value' },
				],
			},
		],
		perform,
		sample: CONNECTION_SAMPLE,
		outputFields: CONNECTION_OUTPUT_FIELDS,
	},
};
