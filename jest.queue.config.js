// Queue-mode suite: the package in a real n8n running as main + 2 workers + a webhook
// process on Redis and PostgreSQL (scripts/queue/cluster.js). `npm run test:queue`;
// needs postgresql and redis-server (scripts/queue/install-services.sh) and a built
// package. Cluster logs end up in test-results/queue/logs.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	// *.spec.js, not *.test.js: the unit suite (jest.config.js) runs every *.test.js under test/.
	testMatch: ['**/*.queue.spec.js'],
	transform: {},
	globalSetup: '<rootDir>/test/queue/global-setup.js',
	globalTeardown: '<rootDir>/test/queue/global-teardown.js',
	// One cluster and one sandbox recording per run: the files must not run in parallel.
	maxWorkers: 1,
	testTimeout: 120000,
	verbose: true,
};
