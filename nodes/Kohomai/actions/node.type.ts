import type { AllEntities, INodeProperties } from 'n8n-workflow';

import * as journey from './journey';
import type { AnyOperation, Operation } from './operation';
import * as session from './session';
import * as user from './user';
import * as workflow from './workflow';

/**
 * The resource map: each resource and its operations, as exported by
 * `actions/<resource>/index.ts` (one line per operation). Everything else is
 * derived from it: the Resource and Operation dropdowns, every parameter, the
 * router's dispatch and the `KohomaiType` union. `satisfies` makes the build
 * fail when an export is not a complete operation, or a resource lacks its
 * display name below.
 */
export const RESOURCES = { journey, session, user, workflow } satisfies Record<string, Record<string, AnyOperation>>;

export type KohomaiMap = { [R in keyof typeof RESOURCES]: keyof (typeof RESOURCES)[R] & string };

/** Every valid `{ resource, operation }` pair, in n8n's `AllEntities` form. */
export type KohomaiType = AllEntities<KohomaiMap>;

const RESOURCE_NAMES: Record<keyof KohomaiMap, string> = {
	journey: 'Journey',
	session: 'Session',
	user: 'User',
	workflow: 'Workflow',
};

const DEFAULT_OPERATION: KohomaiType[] = [
	{ resource: 'journey', operation: 'create' },
	{ resource: 'session', operation: 'create' },
	{ resource: 'user', operation: 'search' },
	{ resource: 'workflow', operation: 'getAll' },
];

/** The operation for a resource/operation pair read from the node's parameters, or undefined. */
export function findOperation(resource: unknown, operation: unknown): Operation<unknown> | undefined {
	if (typeof resource !== 'string' || typeof operation !== 'string') return undefined;
	if (!Object.prototype.hasOwnProperty.call(RESOURCES, resource)) return undefined;
	const operations = RESOURCES[resource as keyof KohomaiMap] as Record<string, Operation<unknown>>;
	return Object.prototype.hasOwnProperty.call(operations, operation) ? operations[operation] : undefined;
}

/** The Resource dropdown, each resource's Operation dropdown, then every operation's parameters. */
export function nodeProperties(): INodeProperties[] {
	const names = Object.keys(RESOURCES) as Array<keyof KohomaiMap>;
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: names.map((r) => ({ name: RESOURCE_NAMES[r], value: r })),
			default: 'journey',
		},
	];
	for (const resource of names) {
		const operations = Object.entries(RESOURCES[resource]) as Array<[string, AnyOperation]>;
		const operationDefault = DEFAULT_OPERATION.find((d) => d.resource === resource)?.operation ?? operations[0][0];
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: operations.map(([value, op]) => ({ ...op.option, value })).sort((a, b) => a.name.localeCompare(b.name)),
			default: operationDefault,
		});
	}
	for (const resource of names) {
		for (const op of Object.values(RESOURCES[resource]) as AnyOperation[]) properties.push(...op.description);
	}
	return properties;
}
