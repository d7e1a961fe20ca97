// Runs the Kohomai Trigger's poll() the way n8n does: a real PollContext from
// n8n-core, called through n8n's TriggersAndPollers.runPollFunction, with the
// workflow's static data saved and reloaded as n8n's database keeps it.
import '../../tools/engine/env';
import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, PollContext, TriggersAndPollers, WorkflowExecute } from 'n8n-core';
import type {
	INode,
	INodeExecutionData,
	IRun,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData } from 'n8n-workflow';

import { KohomaiApi } from '../../credentials/KohomaiApi.credentials';
import { KohomaiTrigger } from '../../nodes/KohomaiTrigger/KohomaiTrigger.node';
import { createSandbox } from '../../tools/sandbox';
import type { Sandbox } from '../../tools/sandbox';
/* eslint-disable @typescript-eslint/no-require-imports */
const { TestCredentialsHelper } = require('../../tools/engine/credentials');
const { baseAdditionalData } = require('../../tools/engine/parts');
/* eslint-enable @typescript-eslint/no-require-imports */

export const TRIGGER_TYPE = 'n8n-nodes-kohomai.kohomaiTrigger';
const NODE_NAME = 'Kohomai Trigger';
const STATE_KEY = 'kohomaiWatch';

export interface PollOutcome {
	/** The items poll() returned (one execution), or [] for null. */
	items: INodeExecutionData[];
	/** True when poll() returned data, i.e. n8n would start an execution. */
	emitted: boolean;
	error?: Error & { httpCode?: string; description?: string };
	/** API requests the sandbox received during this poll. */
	requests: number;
}

const nodeType = new KohomaiTrigger();
const credentialType = new KohomaiApi();
const nodeTypes = {
	getByName: (name: string) => (name === TRIGGER_TYPE ? nodeType : undefined),
	getByNameAndVersion: (name: string) => (name === TRIGGER_TYPE ? nodeType : undefined),
	getKnownTypes: () => ({}),
} as unknown as ConstructorParameters<typeof Workflow>[0]['nodeTypes'];

/**
 * One active workflow starting with the Kohomai Trigger. `poll()` runs a
 * scheduled poll (or the activation poll) in this "n8n process"; `restart()`
 * drops the process and reloads the workflow from what n8n saved; `manual()`
 * runs "Fetch Test Event" through WorkflowExecute.
 *
 * Saving follows n8n's ActiveWorkflowManager: the activation poll's state is
 * saved by add(); a later poll's state is saved when it emits (__emit); a poll
 * that returns null keeps its state in memory only; a poll that throws saves nothing.
 */
export class TriggerWorkflow {
	/** The workflow row's staticData column, as JSON. */
	saved = '{}';
	private workflow!: Workflow;

	constructor(
		private readonly sandbox: Sandbox,
		private readonly credentials: { apiKey: string; baseUrl: string },
		public parameters: Record<string, unknown>,
		private readonly nodeName = NODE_NAME,
	) {
		this.load();
	}

	private node(): INode {
		return {
			id: 'trigger-node',
			name: this.nodeName,
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: this.parameters as INode['parameters'],
			credentials: { kohomaiApi: { id: '1', name: 'Kohomai account' } },
		};
	}

	private load(): void {
		this.workflow = new Workflow({
			id: 'trigger-workflow',
			name: 'trigger test',
			active: true,
			nodes: [this.node()],
			connections: {},
			nodeTypes,
			staticData: JSON.parse(this.saved),
			settings: {},
		});
	}

	private additionalData(): IWorkflowExecuteAdditionalData {
		return baseAdditionalData(
			new TestCredentialsHelper({ kohomaiApi: credentialType }, { kohomaiApi: this.credentials }),
			'test-user',
		);
	}

	/** n8n restarts: the in-memory workflow is gone; it is loaded again from the database. */
	restart(): void {
		this.load();
	}

	/** The node's state as n8n last saved it. */
	savedState(): Record<string, unknown> | undefined {
		const data = JSON.parse(this.saved) as Record<string, Record<string, unknown>>;
		return data[`node:${this.nodeName}`]?.[STATE_KEY] as Record<string, unknown> | undefined;
	}

	/** The node's state in memory now. */
	memoryState(): unknown {
		const data = this.workflow.staticData as Record<string, Record<string, unknown>>;
		return JSON.parse(JSON.stringify(data[`node:${this.nodeName}`]?.[STATE_KEY] ?? null));
	}

	private save(): void {
		const data = this.workflow.staticData as Record<string, unknown>;
		if (data.__dataChanged !== true) return;
		data.__dataChanged = false;
		this.saved = JSON.stringify(data, (key, value) => (key === '__dataChanged' ? undefined : value));
	}

	/** A scheduled poll ('trigger'), or the one n8n runs when the workflow is activated ('activate') or at startup ('init'). */
	async poll(activation: WorkflowActivateMode | 'trigger' = 'trigger'): Promise<PollOutcome> {
		const before = this.sandbox.log.length;
		const node = this.workflow.getNode(this.nodeName)!;
		const ctx = new PollContext(
			this.workflow,
			node,
			this.additionalData(),
			'trigger',
			activation === 'trigger' ? 'activate' : activation,
		);
		try {
			const result = await Container.get(TriggersAndPollers).runPollFunction(this.workflow, node, ctx);
			const items = result?.[0] ?? [];
			if (result !== null || activation !== 'trigger') this.save();
			return { items, emitted: result !== null, requests: this.sandbox.log.length - before };
		} catch (error) {
			return {
				items: [],
				emitted: false,
				error: error as PollOutcome['error'],
				requests: this.sandbox.log.length - before,
			};
		}
	}

	/** "Fetch Test Event": a manual execution of the trigger through WorkflowExecute (n8n's executePollNode). */
	async manual(): Promise<PollOutcome & { run: IRun }> {
		const before = this.sandbox.log.length;
		const workflowData = {
			id: 'trigger-workflow',
			name: 'trigger test',
			active: false,
			nodes: [this.node()],
			connections: {},
			settings: {},
			createdAt: new Date(),
			updatedAt: new Date(),
		};
		const workflow = new Workflow({ ...workflowData, nodeTypes, staticData: JSON.parse(this.saved) });
		const additionalData = this.additionalData();
		additionalData.executionId = `manual-${Date.now()}`;
		additionalData.hooks = new ExecutionLifecycleHooks('manual', additionalData.executionId, workflowData as never);
		const execution = new WorkflowExecute(additionalData, 'manual', createRunExecutionData());
		const run = await execution.run({ workflow, startNode: workflow.getNode(this.nodeName)! });
		const task = run.data.resultData.runData[this.nodeName]?.[0];
		const items = task?.data?.main?.[0] ?? [];
		const changed = (workflow.staticData as Record<string, unknown>).__dataChanged === true;
		return {
			items,
			emitted: items.length > 0,
			error: (task?.error ?? run.data.resultData.error) as PollOutcome['error'],
			requests: this.sandbox.log.length - before,
			run: Object.assign(run, { staticDataChanged: changed }),
		};
	}
}

/** A sandbox per test file (reset before each test) and the credential data pointing at it. */
export function useTriggerSandbox(options: Record<string, unknown> = {}) {
	const ctx = {} as { sb: Sandbox; credentials: { apiKey: string; baseUrl: string } };
	beforeAll(async () => {
		ctx.sb = createSandbox(options);
		const { baseUrl } = await ctx.sb.start();
		ctx.credentials = { apiKey: ctx.sb.keys.workspace, baseUrl };
	});
	beforeEach(() => ctx.sb.reset());
	afterAll(async () => await ctx.sb.stop());
	return ctx;
}

export const JOHN = '74590868830731162';
export const JOHNS_JOURNEY = '58230741923847561';
export const ANNS_JOURNEY = '3304958671203948576';
export const EMPLOYEE_ONBOARDING = '318274650918273645';
export const DAY_MS = 24 * 60 * 60 * 1000;
