import { engine, useSandbox, BIG_ID } from '../fixtures';
describe('x', () => {
	const env = useSandbox();
	test.each([1,2,3,4,5])('303 session %i', async () => {
		env.sb.fault({ kind: 'redirect:303', method: 'POST', path: '/sessions' });
		const t = Date.now();
		const run = await engine.run({ nodes: [{ parameters: { resource: 'session', operation: 'create', user: { __rl: true, mode: 'id', value: BIG_ID }, options: { timeout: 5000 } } }], credentials: env.credentials });
		console.log(Date.now() - t, run.error()?.message, env.sb.log.map((r) => `${r.method} ${r.path} ${r.status}`));
	});
});
