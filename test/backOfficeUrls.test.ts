import { backOfficeUrl, idFromBackOfficeUrl } from '../nodes/Kohomai/mapping/backOfficeUrls';
import { InputError } from '../nodes/Kohomai/mapping/validate';

describe('back-office URLs (resource locator "By URL")', () => {
	test.each([
		['user', 'https://app.kohomai.com/p/settings/users/74590868830731162', '74590868830731162'],
		['user', 'https://app.kohomai.com/p/settings/users/74590868830731162/', '74590868830731162'],
		['user', 'https://app.kohomai.com/p/settings/users/74590868830731162?tab=1', '74590868830731162'],
		['user', 'https://app.kohomai.com/p/settings/users/74590868830731162/?tab=1#x', '74590868830731162'],
		['user', 'https://app.kohomai.com/p/settings/users/74590868830731162/journeys', '74590868830731162'],
		['user', 'HTTPS://APP.KOHOMAI.COM/p/settings/users/74590868830731162', '74590868830731162'],
		['user', 'http://eu.kohomai.example/p/settings/users/12', '12'],
		['user', '  https://app.hyperaktiv.ai/p/settings/users/74590868830731162/edit  ', '74590868830731162'],
		['journey', 'https://app.hyperaktiv.ai/p/journeys/98765432109876543', '98765432109876543'],
		['journey', 'https://backoffice.example.org:8443/p/journeys/98765432109876543/activities?x=1', '98765432109876543'],
		['workflow', 'https://app.kohomai.com/p/funnels/edit/123', '123'],
		['workflow', 'https://app.kohomai.com/p/workflows/edit/123/', '123'],
		// Copied from the address bar, without the scheme.
		['user', 'app.kohomai.com/p/settings/users/12', '12'],
		['workflow', 'app.hyperaktiv.ai/p/funnels/edit/123', '123'],
	] as const)('%s %s gives %s', (kind, url, id) => {
		expect(idFromBackOfficeUrl('URL', kind, url)).toBe(id);
	});

	test.each([
		['user', 'https://app.kohomai.com/p/funnels/edit/123'],
		['user', 'https://app.kohomai.com/p/settings/users/'],
		['user', 'https://app.kohomai.com/p/settings/users/12ab'],
		['user', 'ftp://app.kohomai.com/p/settings/users/12'],
		['journey', 'https://app.kohomai.com/p/settings/users/12'],
		['journey', undefined],
		['workflow', ''],
	] as const)('%s %s is refused with a sentence naming the field', (kind, url) => {
		let error: unknown;
		try {
			idFromBackOfficeUrl('Journey', kind, url);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(InputError);
		expect((error as Error).message).toMatch(/^"Journey" must be a Kohomai back-office address like https:\/\//);
		expect((error as Error).message).not.toMatch(/undefined/);
	});

	test('links use the host of the Base URL', () => {
		expect(backOfficeUrl('user', 'https://app.hyperaktiv.ai/api/v1', '74590868830731162')).toBe(
			'https://app.hyperaktiv.ai/p/settings/users/74590868830731162',
		);
		expect(backOfficeUrl('journey', 'http://127.0.0.1:4010/api/v1', '5')).toBe('http://127.0.0.1:4010/p/journeys/5');
	});
});
