import { createAppTester } from 'zapier-platform-core';

import { createSandbox } from '../../tools/sandbox';
import type { Sandbox, SandboxLogRecord } from '../../tools/sandbox';
import App from '../src/index';

/** Zapier's own app tester: each call runs through zapier-platform-core's handler, middlewares and z.request. */
export const TESTED_APP = { ...App, version: '0.0.0-test' };
export const appTester = createAppTester(TESTED_APP);

export const BIG_ID = '74590868830731162';

export interface Ctx {
	sb: Sandbox;
	baseUrl: string;
	authData: { apiKey: string; baseUrl: string };
}

/** A sandbox on 127.0.0.1 per test file, reset before each test, and connection data pointing at it. */
export function useSandbox(options: Record<string, unknown> = {}): Ctx {
	const ctx = {} as Ctx;
	beforeAll(async () => {
		ctx.sb = createSandbox(options);
		const { baseUrl } = await ctx.sb.start();
		ctx.baseUrl = baseUrl;
		ctx.authData = { apiKey: ctx.sb.keys.workspace, baseUrl };
	});
	beforeEach(() => ctx.sb.reset());
	afterAll(async () => await ctx.sb.stop());
	return ctx;
}

/** The API requests the sandbox received for a path such as '/sessions'. */
export function requestsTo(sb: Sandbox, path: string, method?: string): SandboxLogRecord[] {
	return sb.log.filter((r) => r.path.endsWith(path) && (!method || r.method === method));
}

export interface Failure {
	/** Zapier's error class: 'AppError' (z.errors.Error), 'HaltedError', 'ThrottledError'. */
	name: string;
	message: string;
	code?: string;
	status?: number;
	delay?: number;
	/** Everything the error carries, for checks that no secret is in it. */
	whole: string;
}

/**
 * The error a step ended with. z.errors.Error and ThrottledError carry their
 * fields as JSON in `message` (zapier-platform-core src/errors.js); this reads
 * them back. Fails the test when the step succeeded.
 */
export async function failureOf(step: Promise<unknown>): Promise<Failure> {
	let error: unknown;
	try {
		await step;
	} catch (caught) {
		error = caught;
	}
	if (!(error instanceof Error))
		throw new Error(`expected the step to fail, it returned ${error === undefined ? 'a result' : String(error)}`);
	let fields: { message?: string; code?: string; status?: number; delay?: number } = { message: error.message };
	if (error.name === 'AppError' || error.name === 'ThrottledError') fields = JSON.parse(error.message);
	return {
		name: error.name,
		message: String(fields.message),
		code: fields.code,
		status: fields.status,
		delay: fields.delay,
		whole: `${error.name} ${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`,
	};
}

/** Runs one operation of the app ('creates.create_session.operation.perform') as Zapier would, with the sandbox connection. */
export function run(
	ctx: Ctx,
	method: string,
	inputData: Record<string, unknown> = {},
	authData: Record<string, unknown> = ctx.authData,
): Promise<any> {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const perform = method.split('.').reduce((node: any, key) => node[key], TESTED_APP);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	return appTester(perform, { authData, inputData } as any);
}
