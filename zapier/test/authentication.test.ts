import { failureOf, requestsTo, run, useSandbox, TESTED_APP, appTester } from './harness';

const ctx = useSandbox();
const TEST = 'authentication.test';

describe('Authentication', () => {
	it('tests the key with GET /workflows and labels the connection with the host', async () => {
		const result = await run(ctx, TEST);
		expect(result).toEqual({ host: new URL(ctx.baseUrl).host, workflowsPath: '/workflows' });
		const [sent] = requestsTo(ctx.sb, '/workflows');
		expect(sent.key).toBe('workspace');
		const label = await appTester(TESTED_APP.authentication.connectionLabel, {
			authData: ctx.authData,
			inputData: result,
		} as never);
		expect(label).toBe(`Kohomai at ${new URL(ctx.baseUrl).host}`);
	});

	it('tries /funnels when /workflows answers 404 and nothing else', async () => {
		ctx.sb.fault({ kind: 'status:404', path: '/workflows' });
		ctx.sb.fault({ kind: 'status:404', path: '/funnels' });
		const failure = await failureOf(run(ctx, TEST));
		expect(requestsTo(ctx.sb, '/workflows')).toHaveLength(1);
		expect(requestsTo(ctx.sb, '/funnels')).toHaveLength(1);
		expect(failure.message).toContain('neither /workflows nor /funnels');
	});

	it('refuses a wrong key with advice, and without the key in the error', async () => {
		const wrongKey = 'sbx_wrong_key_123456';
		const failure = await failureOf(run(ctx, TEST, {}, { ...ctx.authData, apiKey: wrongKey }));
		expect(failure.status).toBe(401);
		expect(failure.message).toContain('Settings > API');
		expect(failure.whole).not.toContain(wrongKey);
	});

	it('refuses a Base URL that is not a web address, before sending anything', async () => {
		const failure = await failureOf(run(ctx, TEST, {}, { ...ctx.authData, baseUrl: 'app.kohomai.com/api/v1' }));
		expect(failure.message).toContain('"Base URL" must be a full http:// or https:// address');
		expect(ctx.sb.log).toHaveLength(0);
	});

	it('says when nothing listens at the Base URL', async () => {
		const failure = await failureOf(run(ctx, TEST, {}, { ...ctx.authData, baseUrl: 'http://127.0.0.1:9/api/v1' }));
		expect(failure.message).toContain('could not connect to Kohomai');
	});
});

describe('Authentication where only GET /funnels lists workflows', () => {
	const funnels = useSandbox({ workflowsPath: false });

	it('passes the test through /funnels, and the Workflows dropdown follows', async () => {
		expect(await run(funnels, TEST)).toEqual({ host: new URL(funnels.baseUrl).host, workflowsPath: '/funnels' });
		const workflows = await run(funnels, 'triggers.workflow.operation.perform');
		expect(workflows.map((w: { id: string }) => w.id)).toEqual(funnels.sb.state.workflows.map((w) => w.Id));
		expect(requestsTo(funnels.sb, '/funnels').length).toBeGreaterThanOrEqual(2);
	});
});
