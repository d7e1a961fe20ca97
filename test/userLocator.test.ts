import { USER_URL_REGEX } from '../nodes/Kohomai/helpers/userLocator';

describe('end user URL (resource locator "By URL")', () => {
	const re = new RegExp(USER_URL_REGEX);
	test.each([
		['https://app.kohomai.com/p/settings/users/74590868830731162', '74590868830731162'],
		['https://app.kohomai.com/p/settings/users/74590868830731162/', '74590868830731162'],
		['https://app.kohomai.com/p/settings/users/74590868830731162?tab=1', '74590868830731162'],
		['https://app.kohomai.com/p/settings/users/74590868830731162/?tab=1#x', '74590868830731162'],
		['http://eu.kohomai.example/p/settings/users/12', '12'],
	])('%s gives %s', (url, id) => {
		expect(re.exec(url)?.[1]).toBe(id);
	});

	test.each([
		'https://app.kohomai.com/p/funnels/edit/123',
		'https://app.kohomai.com/p/settings/users/',
		'https://app.kohomai.com/p/settings/users/12ab',
		'app.kohomai.com/p/settings/users/12',
	])('%s is refused', (url) => {
		expect(re.exec(url)).toBeNull();
	});
});
