'use strict';
// The instance owner every run sets up, so the editor and REST calls can log in.
const OWNER = {
	email: 'owner@kohomai-e2e.local',
	password: 'Kohomai-e2e-2024',
	firstName: 'Erin',
	lastName: 'Tester',
};

async function setupOwnerAndLogin(rest) {
	await rest.ok('POST', '/rest/owner/setup', OWNER);
	const user = await rest.ok('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	return user;
}

module.exports = { OWNER, setupOwnerAndLogin };
