import type { IExecuteFunctions } from 'n8n-workflow';

import { switchValue, wholeNumber } from '../mapping/validate';

/**
 * Numbers and switches are read through here: a value typed by expression
 * arrives as text ("100", "true"), which n8n's own nodes accept, and anything
 * else is refused with an InputError naming the parameter, never replaced by
 * a silent default.
 */

/** Return All / Limit: undefined means every page. Throws InputError. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (switchValue('Return All', ctx.getNodeParameter('returnAll', itemIndex, false))) return undefined;
	return wholeNumber('Limit', ctx.getNodeParameter('limit', itemIndex, 50), 1);
}
