/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	rootDir: '..',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	// n8n-core reads its settings at load time; see tools/engine/env.js.
	setupFiles: ['<rootDir>/tools/engine/env.js'],
	testTimeout: 60_000,
	// Retry and rate-limit tests wait for real Retry-After seconds; files run in parallel.
	maxWorkers: 2,
};
