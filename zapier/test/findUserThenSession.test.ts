import { BIG_ID, requestsTo, run, useSandbox } from './harness';

const ctx = useSandbox();

describe('Find User, then Create Session with the id it found', () => {
	it('finds John by email with his exact id, and the session request carries exactly those digits', async () => {
		const found = (await run(ctx, 'searches.find_user.operation.perform', { email: 'johndoe@example.com' })) as Array<
			Record<string, unknown>
		>;
		expect(found).toHaveLength(1);
		expect(found[0].id).toBe(BIG_ID);
		expect(found[0].Id).toBe(BIG_ID);

		const session = (await run(ctx, 'creates.create_session.operation.perform', { userId: found[0].id })) as Record<
			string,
			unknown
		>;

		const sent = requestsTo(ctx.sb, '/sessions', 'POST');
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toBe(`{"User":{"Id":${BIG_ID}}}`);
		// The sandbox's Jane Roe has 74590868830731170, John's id rounded by JSON.parse: the session is John's.
		expect(ctx.sb.state.sessions.map((s) => s.UserId)).toEqual([BIG_ID]);
		expect(session.User).toEqual({ Firstname: 'John', Lastname: 'Doe', Id: BIG_ID });
		expect(typeof session.ConnectionURL).toBe('string');
		expect(typeof session.ValidUntil).toBe('string');
	});

	it('keeps only exact email matches when the API matches loosely (ann@ also finds joann@)', async () => {
		const found = (await run(ctx, 'searches.find_user.operation.perform', { email: 'ANN@example.com' })) as Array<
			Record<string, unknown>
		>;
		expect(found.map((u) => u.id)).toEqual(['183746501928374650']);
		expect(requestsTo(ctx.sb, '/users')[0].query.email).toBe('ANN@example.com');
	});

	it('returns no result for an email nobody has', async () => {
		const found = await run(ctx, 'searches.find_user.operation.perform', { email: 'nobody@example.com' });
		expect(found).toEqual([]);
	});
});
