// Shared by the queue-mode test files: the run's state written by global-setup (the
// cluster's describe() and the sandbox URL), a client for the cluster, the sandbox's
// control API, and the e2e suite's readers for n8n's results.
'use strict';

const fs = require('fs');
const path = require('path');
const { PACKAGE_ROOT } = require('../../../scripts/n8n/package');
const { queueClient } = require('../../../scripts/queue/client');
const { sandboxClient, nodeOutput, secretsIn } = require('../../e2e/support/e2e');

const STATE_FILE_ENV = 'SMS_OTP_QUEUE_STATE_FILE';
const RESULTS_DIR = path.join(PACKAGE_ROOT, 'test-results', 'queue');

function readState() {
	const file = process.env[STATE_FILE_ENV];
	if (!file || !fs.existsSync(file)) throw new Error(`${STATE_FILE_ENV} is not set: run through jest.queue.config.js`);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** { state, cluster: queueClient, sandbox: sandboxClient } for a test file's beforeAll. */
function queueTestContext() {
	const state = readState();
	return { state, cluster: queueClient(state.cluster), sandbox: sandboxClient(state) };
}

/**
 * Asserts that execution `id` was run by exactly one worker, from the workers' own log
 * lines ("Worker started execution <id> (job <n>)"), that `enqueuedBy` (main or webhook)
 * logged enqueueing it, and that no other process ran it. Resolves the worker's name.
 */
async function expectRunByOneWorker(cluster, id, { enqueuedBy = 'main' } = {}) {
	const ran = await cluster.workersThatRan(id);
	expect({ id, ran }).toEqual({ id, ran: [expect.stringMatching(/^worker-/)] });
	expect(cluster.enqueuedBy(id)).toEqual([enqueuedBy]);
	for (const name of ['main', 'webhook']) {
		expect(cluster.log(name)).not.toMatch(new RegExp(`Worker started execution ${id} \\(`));
	}
	return ran[0];
}

/** Records which worker ran which execution, for the run's report. */
function recordSplit(name, split) {
	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), JSON.stringify(split, null, 2) + '\n');
}

module.exports = {
	STATE_FILE_ENV,
	RESULTS_DIR,
	readState,
	queueTestContext,
	expectRunByOneWorker,
	recordSplit,
	nodeOutput,
	secretsIn,
};
