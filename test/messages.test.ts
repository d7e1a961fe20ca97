import fc from 'fast-check';

import { idFromBackOfficeUrl, idFromLocator } from '../nodes/Kohomai/mapping/backOfficeUrls';
import {
	flatRegistration,
	journeySession,
	nestedRegistration,
	registrationBody,
	userSession,
} from '../nodes/Kohomai/mapping/payloads';
import {
	email,
	InputError,
	optionalEmail,
	optionalHttpUrl,
	optionalText,
	positiveId,
	requiredText,
	startingPointReference,
	switchValue,
	wholeNumber,
} from '../nodes/Kohomai/mapping/validate';

/**
 * Every check's message reads as a sentence after the field's name, for any
 * input: missing ones (an AI Agent tool call that leaves a field out), odd
 * types, huge or broken text. Never "not a undefined" or "[object Object]".
 */

const CHECKS: Array<[string, (v: unknown) => unknown]> = [
	['requiredText', (v) => requiredText('First Name', v, 255)],
	['optionalText', (v) => optionalText('First Name', v, 5)],
	['email', (v) => email('Email', v)],
	['optionalEmail', (v) => optionalEmail('Email', v)],
	['optionalHttpUrl', (v) => optionalHttpUrl('Redirect URL', v)],
	['positiveId', (v) => positiveId('End User', v)],
	['wholeNumber', (v) => wholeNumber('Limit', v, 1, 100)],
	['switchValue', (v) => switchValue('Return All', v)],
	['startingPointReference', (v) => startingPointReference('API Starting Point Reference', v)],
	['idFromBackOfficeUrl', (v) => idFromBackOfficeUrl('Journey', 'journey', v)],
	['idFromLocator', (v) => idFromLocator('Journey', 'journey', v)],
	['idFromLocator (mode only)', (v) => idFromLocator('Journey', 'journey', { mode: 'id', value: v })],
	['userSession', (v) => userSession('1', v)],
	['journeySession', (v) => journeySession('1', v)],
	['nestedRegistration', (v) => nestedRegistration({ firstName: v, lastName: v, email: v, journeyData: v })],
	[
		'flatRegistration',
		(v) => flatRegistration({ email: 'a@b.co', phoneNumber: v, journeyData: [{ dataPoint: v, value: v }] }),
	],
	['registrationBody', (v) => registrationBody(v, { email: 'a@b.co' })],
];

const ODD: unknown[] = [
	undefined,
	null,
	'',
	'   ',
	0,
	-1,
	1.5,
	NaN,
	Infinity,
	true,
	false,
	{},
	[],
	[undefined],
	{ value: undefined },
	'x'.repeat(3000),
	'\uD800',
	'a\nb',
	Symbol.for('s').toString(),
	10n,
];

function sentence(error: unknown): string {
	if (!(error instanceof InputError)) throw new Error(`not an InputError: ${String((error as Error)?.stack)}`);
	const e = error as InputError;
	expect(e.field).toMatch(/^[A-Z][A-Za-z0-9 >:]+$/);
	expect(e.problem).toMatch(/^(is|must|contains) /);
	expect(e.message).not.toMatch(/\ba undefined\b|\ba null\b|an? object Object|\[object |undefined"/);
	return e.message;
}

describe('validation messages are sentences for any input', () => {
	test.each(CHECKS)('%s: every odd value is accepted or refused in a sentence', (_name, check) => {
		for (const value of ODD) {
			try {
				check(value);
			} catch (error) {
				sentence(error);
			}
		}
	});

	test('missing values say "is required" where a value is needed', () => {
		for (const check of [
			() => requiredText('First Name', undefined, 10),
			() => email('Email', undefined),
			() => positiveId('End User', undefined),
			() => idFromLocator('End User', 'user', { __rl: true, mode: 'id' }),
			() => idFromLocator('End User', 'user', { mode: 'list', value: '' }),
			() => startingPointReference('API Starting Point Reference', undefined),
		]) {
			expect(() => check()).toThrow(/^"[^"]+" is required$/);
		}
		expect(() => wholeNumber('Limit', undefined, 1)).toThrow('"Limit" must be a whole number, not nothing');
		expect(() => switchValue('Return All', undefined)).toThrow('"Return All" must be true or false, not nothing');
	});

	test('generated values of any type: accepted, or refused in a sentence', () => {
		fc.assert(
			fc.property(fc.anything({ withBigInt: true, withNullPrototype: false }), (value) => {
				for (const [, check] of CHECKS) {
					try {
						check(value);
					} catch (error) {
						sentence(error);
					}
				}
			}),
			{ numRuns: 300 },
		);
	});
});
