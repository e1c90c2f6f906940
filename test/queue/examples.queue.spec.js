// The example workflows in queue mode: each is run as the editor's "Execute workflow"
// does (REST POST /rest/workflows/:id/run on main). With OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS
// main only enqueues the run; a worker takes it from Redis, runs the Betatel node and
// saves the result in PostgreSQL. This path keeps the examples unchanged (manual trigger)
// and is the one n8n 3 makes the only one; production webhooks (webhook.queue.spec.js)
// are the other way in. Which process ran an execution is read from the worker's own log
// ("Worker started execution <id> (job <n>)"), not inferred from timing.
'use strict';

const { queueTestContext, expectRunByOneWorker, recordSplit, nodeOutput, secretsIn } = require('./support/queue');
const { BETATEL_EXAMPLES } = require('../e2e/support/betatelExamples');

// More runs than one worker's concurrency (10, test/queue/global-setup.js), each held open
// by the sandbox's latency longer than it takes to start them all: one worker cannot
// take them all, whatever order Redis hands them out in.
const PARALLEL_RUNS = 12;
const SANDBOX_LATENCY_MS = 1500;

describe('example workflows run by a queue-mode worker', () => {
	let cluster;
	let sandbox;

	beforeAll(() => {
		({ cluster, sandbox } = queueTestContext());
	});

	beforeEach(() => sandbox.clearRequests());

	test.each(BETATEL_EXAMPLES)('$title', async (example) => {
		const id = await cluster.runManually(example.workflowId);
		const execution = await cluster.waitForExecution(id);
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('manual');

		await expectRunByOneWorker(cluster, id, { enqueuedBy: 'main' });
		example.expectItems(nodeOutput(execution, example.node));
		example.expectRequests(await sandbox.requests());
	});

	test(`both workers take work: ${PARALLEL_RUNS} runs started at once are split between them`, async () => {
		const [example] = BETATEL_EXAMPLES;
		await sandbox.configure({ latencyMs: SANDBOX_LATENCY_MS });
		let ids;
		let executions;
		try {
			ids = await Promise.all(Array.from({ length: PARALLEL_RUNS }, () => cluster.runManually(example.workflowId)));
			executions = await Promise.all(ids.map((id) => cluster.waitForExecution(id)));
		} finally {
			await sandbox.configure({ latencyMs: 0 });
		}
		expect(executions.map((e) => e.status)).toEqual(ids.map(() => 'success'));

		const byWorker = {};
		for (const id of ids) {
			const worker = await expectRunByOneWorker(cluster, id);
			(byWorker[worker] ||= []).push(id);
		}
		recordSplit('examples-split', byWorker);
		const counts = cluster.workerNames.map((w) => `${w} ${byWorker[w]?.length || 0}`).join(', ');
		process.stderr.write(`[queue] ${PARALLEL_RUNS} parallel runs: ${counts}\n`);
		expect(Object.keys(byWorker).sort()).toEqual(cluster.workerNames);

		for (const execution of executions) example.expectItems(nodeOutput(execution, example.node));
		const requests = await sandbox.requests();
		expect(requests).toHaveLength(PARALLEL_RUNS);
		for (const request of requests) example.expectRequests([request]);
	});

	test('no process logged a credential secret', () => {
		for (const name of ['main', 'webhook', ...cluster.workerNames]) {
			expect({ name, secrets: secretsIn(cluster.log(name)) }).toEqual({ name, secrets: [] });
		}
	});
});
