// One queue-mode n8n for the whole run (scripts/queue/cluster.js): Redis, PostgreSQL,
// main, two workers and a webhook process with the built package, plus the provider
// sandbox in this process. The example credentials (pointed at the sandbox) and
// workflows are imported before n8n starts; test files add their own workflows through
// main's REST API (support/queue.js).
'use strict';

const fs = require('fs');
const path = require('path');
const instance = require('../../scripts/n8n/instance');
const { startQueueCluster } = require('../../scripts/queue/cluster');
const { createSandbox } = require('../../sandbox/server');
const { STATE_FILE_ENV, RESULTS_DIR } = require('./support/queue');

const WORKERS = 2;
const CONCURRENCY = 10;

function log(message) {
	process.stderr.write(`[queue setup] ${message}\n`);
}

module.exports = async function globalSetup() {
	const started = Date.now();
	const version = instance.n8nVersion();
	log(`n8n ${version} in queue mode (${WORKERS} workers)`);
	await instance.ensureN8n(version);
	const missing = instance.missingBuildFiles();
	if (missing.length > 0) {
		log(`dist/ is missing or incomplete (${missing.join(', ')}): running npm run build`);
		instance.buildPackage();
	}

	const sandbox = createSandbox({});
	await sandbox.start(0);
	const logDir = path.join(RESULTS_DIR, 'logs');
	fs.rmSync(logDir, { recursive: true, force: true });
	let cluster;
	try {
		// Logs are copied to test-results/queue/logs when the cluster stops.
		cluster = await startQueueCluster({
			workers: WORKERS,
			concurrency: CONCURRENCY,
			sandboxUrl: sandbox.url,
			logDir,
			version,
		});
	} catch (error) {
		await sandbox.stop();
		throw error;
	}
	globalThis.__SMS_OTP_QUEUE__ = { sandbox, cluster };

	const stateFile = path.join(cluster.root, 'queue-state.json');
	fs.writeFileSync(stateFile, JSON.stringify({ sandboxUrl: sandbox.url, cluster: cluster.describe() }, null, 2));
	process.env[STATE_FILE_ENV] = stateFile;
	const seconds = Math.round((Date.now() - started) / 1000);
	log(`ready in ${seconds} s: main ${cluster.main.url}, webhook ${cluster.webhook.url}, logs in ${cluster.logsDir}`);
};
