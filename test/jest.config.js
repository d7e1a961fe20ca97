// Kept out of package.json: the published package.json is linted by n8n's
// scanner, which rejects jest's "<rootDir>" placeholders.
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/tools/engine/env.js'],
	testTimeout: 60000,
	maxWorkers: 2,
};
