// The SMS Status Trigger in queue mode: a published trigger workflow receives a burst of
// status POSTs through the webhook process (`n8n webhook`), and every valid event starts
// exactly one execution, run by a worker. Prints the executions per second.
'use strict';

const { queueTestContext, recordSplit } = require('./support/queue');

// n8n colours its console log when it thinks it can.
const ANSI = /\u001b\[[0-9;]*m/g;

const WORKFLOW_ID = 'SmsOtpQueueStat1';
const WEBHOOK_ID = '8c3f4a5e-6f7d-4081-9c9d-1e2f3a4b5c01';
const EVENTS = 300;
const CONCURRENCY = 20;
const TOKEN = 'queue-status-token-2f7c91ab';

const triggerWorkflow = {
	id: WORKFLOW_ID,
	name: 'Queue suite: SMS Status Trigger',
	nodes: [
		{
			parameters: { provider: 'betatel', authentication: 'queryToken', token: TOKEN },
			id: '8c3f4a5e-6f7d-4081-9c9d-1e2f3a4b5c02',
			name: 'SMS Status Trigger',
			type: 'n8n-nodes-sms-otp.smsStatusTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	publish: true,
};

const event = (index) => ({
	messageId: `queue-message-${index}`,
	channel: 'whatsapp',
	status: 'DELIVERED',
	to: '38761444555',
	timestamp: '2026-11-23T10:00:00.000Z',
});

describe('status events through the webhook process, run by workers', () => {
	let cluster;

	beforeAll(async () => {
		({ cluster } = queueTestContext());
		await cluster.createWorkflows([triggerWorkflow]);
		// The first call waits until the webhook process knows the new workflow; a refused one starts nothing.
		const refused = await cluster.callWebhook(`${WEBHOOK_ID}/delivery-status`, { body: event(-1) });
		expect(refused.status).toBe(401);
	});

	test(`${EVENTS} events at concurrency ${CONCURRENCY}: each starts exactly one execution on a worker`, async () => {
		// Executions are found from the processes' own logs, written after this point: n8n's
		// paged execution list repeats and skips executions that start in the same instant.
		const logStart = Object.fromEntries(['webhook', 'worker-1', 'worker-2'].map((name) => [name, cluster.log(name).length]));
		const newLog = (name) => cluster.log(name).slice(logStart[name]).replace(ANSI, '');
		const started = Date.now();
		const answers = [];
		let next = 0;
		await Promise.all(
			Array.from({ length: CONCURRENCY }, async () => {
				while (next < EVENTS) {
					const index = next++;
					const response = await cluster.callWebhook(`${WEBHOOK_ID}/delivery-status?token=${TOKEN}`, { body: event(index) });
					answers.push(response.status);
					await response.arrayBuffer();
				}
			}),
		);
		expect(answers.filter((status) => status === 200)).toHaveLength(EVENTS);

		await cluster.waitForExecutions(WORKFLOW_ID, EVENTS, { timeoutMs: 240000 });
		const seconds = (Date.now() - started) / 1000;
		// Exactly EVENTS finished executions of the workflow: n8n's count, not its paged list.
		expect((await cluster.executionCount(WORKFLOW_ID))).toBe(EVENTS);

		const enqueued = [...newLog('webhook').matchAll(/Enqueued execution (\S+) \(job /g)].map((match) => match[1]);
		expect(new Set(enqueued).size).toBe(EVENTS);
		const split = {};
		const runBy = new Map();
		for (const name of ['worker-1', 'worker-2']) {
			const ids = [...newLog(name).matchAll(/Worker started execution (\S+) \(job /g)].map((match) => match[1]);
			split[name] = ids.length;
			for (const id of ids) runBy.set(id, [...(runBy.get(id) ?? []), name]);
		}
		for (const id of enqueued) expect({ id, ran: runBy.get(id) }).toEqual({ id, ran: [expect.stringMatching(/^worker-/)] });
		for (const name of ['main', 'webhook']) expect(cluster.log(name)).not.toMatch(/Worker started execution/);

		// Each event's message ID in exactly one execution.
		const seen = new Map();
		for (const id of enqueued) {
			const execution = await cluster.execution(id);
			expect(execution.workflowId).toBe(WORKFLOW_ID);
			expect(execution.status).toBe('success');
			const [item] = execution.data.resultData.runData['SMS Status Trigger'][0].data.main[0];
			seen.set(item.json.messageId, (seen.get(item.json.messageId) ?? 0) + 1);
		}
		expect(seen.size).toBe(EVENTS);
		expect([...seen.values()].every((count) => count === 1)).toBe(true);

		const perSecond = Math.round((EVENTS / seconds) * 10) / 10;
		recordSplit('status-trigger-burst', { events: EVENTS, concurrency: CONCURRENCY, seconds, perSecond, split });
		process.stderr.write(`[queue] status trigger: ${EVENTS} events -> ${EVENTS} executions in ${seconds.toFixed(1)} s (${perSecond}/s), split ${JSON.stringify(split)}\n`);
	}, 300000);
});
