// End-to-end suite: a real n8n from npm (scripts/n8n/install.js, cached) with this
// package loaded, against the provider sandbox. `npm run test:e2e`; N8N_VERSION picks
// the n8n line (default 2.41.1; 1.123.81 also works). Expects `npm run build` to have run.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.js'],
	transform: {},
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
	// One n8n database and fixed ports per run: the files must not run in parallel.
	maxWorkers: 1,
	// A cold n8n install alone takes minutes; it happens in globalSetup, which has no
	// timeout. Each test starts n8n processes that take ~5-15 s each.
	testTimeout: 180000,
	verbose: true,
};
