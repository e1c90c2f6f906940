// Bulk Send in queue mode: 3,000 recipients sent by a worker, each accepted by the sandbox
// exactly once, with the worker's own log naming the execution. Prints the throughput.
'use strict';

const { queueTestContext, expectRunByOneWorker, nodeOutput, recordSplit } = require('./support/queue');

const WORKFLOW_ID = 'SmsOtpQueueBulk1';
const RECIPIENTS = 3000;
const numbers = Array.from({ length: RECIPIENTS }, (_, index) => `+447911${String(100000 + index)}`);

const bulkWorkflow = {
	id: WORKFLOW_ID,
	name: 'Queue suite: Bulk Send of 3,000 recipients',
	nodes: [
		{
			parameters: {},
			id: '7b2e3f4d-5e6c-4f70-9b8c-0d1e2f3a4b01',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
		},
		{
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ numbers }), options: {} },
			id: '7b2e3f4d-5e6c-4f70-9b8c-0d1e2f3a4b02',
			name: 'Recipients',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
		},
		{
			parameters: {
				resource: 'sms',
				operation: 'sendBulk',
				from: 'SmsOtpDemo',
				recipients: '={{ $json.numbers }}',
				text: 'Service notice: maintenance tonight',
				options: { concurrency: 50 },
			},
			id: '7b2e3f4d-5e6c-4f70-9b8c-0d1e2f3a4b03',
			name: 'Bulk Send',
			type: 'n8n-nodes-sms-otp.betatel',
			typeVersion: 1,
			position: [440, 0],
			credentials: { betatelSmsApi: { id: 'SmsOtpBetatelSms', name: 'Betatel SMS (sandbox)' } },
		},
	],
	connections: {
		Start: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
		Recipients: { main: [[{ node: 'Bulk Send', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};

describe('Bulk Send on a worker', () => {
	let cluster;
	let sandbox;

	beforeAll(async () => {
		({ cluster, sandbox } = queueTestContext());
		await cluster.createWorkflows([bulkWorkflow]);
	});

	test(`${RECIPIENTS} recipients: each accepted exactly once, run by a worker`, async () => {
		await sandbox.reset();
		const executionId = await cluster.runManually(WORKFLOW_ID);
		const execution = await cluster.waitForExecution(executionId, { timeoutMs: 180000 });
		expect(execution.status).toBe('success');
		const worker = await expectRunByOneWorker(cluster, executionId);

		const items = nodeOutput(execution, 'Bulk Send');
		expect(items).toHaveLength(RECIPIENTS);
		expect(items.every((item) => item.status === 'accepted')).toBe(true);
		const accepted = await sandbox.accepted();
		expect(accepted).toHaveLength(RECIPIENTS);
		expect(new Set(accepted.map((entry) => entry.to)).size).toBe(RECIPIENTS);
		const byId = new Map(accepted.map((entry) => [entry.messageId, entry.to]));
		for (const item of items) expect(byId.get(item.messageId)).toBe(item.to);

		const runData = execution.data.resultData.runData['Bulk Send'][0];
		const perSecond = Math.round(RECIPIENTS / (runData.executionTime / 1000));
		recordSplit('bulk-throughput', { worker, recipients: RECIPIENTS, executionTimeMs: runData.executionTime, perSecond });
		process.stderr.write(`[queue] Bulk Send on ${worker}: ${RECIPIENTS} recipients in ${runData.executionTime} ms (${perSecond}/s)\n`);
	}, 240000);
});
