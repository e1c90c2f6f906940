// A journaled Bulk Send of 3,000 recipients on a worker that is killed (SIGKILL) half way,
// as an out-of-memory kill or a deploy does; the execution is stopped and retried as a user
// does it (the editor's Stop and "Retry execution"), on a worker. The workflow starts from a
// published webhook: n8n 2.41.1 refuses to retry a manual run offloaded to a worker ("aborted
// before starting"). The journal, an
// n8n data table behind n8n's public API on main, keeps the retry from sending a message
// twice. A killed worker records nothing more: what the journal last knew as `pending` (the
// requests in flight, the answers not yet written, and with Write Journal Ahead the requests
// written ahead) comes out `unknown` and is not sent: at most Concurrency, or twice that
// written ahead. Prints the counts.
'use strict';

const instance = require('../../scripts/n8n/instance');
const { prepareOtpInstance, request } = require('../../scripts/n8n/otpSetup');
const { ensureCampaignTables } = require('../../scripts/n8n/campaignSetup');
const { queueTestContext, nodeOutput, recordSplit } = require('./support/queue');

const RECIPIENTS = 3000;
const CONCURRENCY = 10;
const LATENCY_MS = 20;
const numbers = Array.from({ length: RECIPIENTS }, (_, index) => `+447911${String(100000 + index)}`);

const VARIANTS = [
	{ label: 'default', workflowId: 'SmsOtpQueueCmpgn', suffix: 'b', writeAhead: false, inDoubt: CONCURRENCY },
	{ label: 'Write Journal Ahead', workflowId: 'SmsOtpQueueCmpAh', suffix: 'c', writeAhead: true, inDoubt: 2 * CONCURRENCY },
];

/** The workflow of a variant: its own IDs, webhook path and campaign. */
const campaignWorkflow = ({ workflowId, suffix, writeAhead }) => ({
	id: workflowId,
	name: `Queue suite: a journaled Bulk Send of 3,000 recipients${writeAhead ? ', written ahead' : ''}`,
	nodes: [
		{
			parameters: { httpMethod: 'POST', path: `campaign-queue/send-${suffix}`, responseMode: 'onReceived', options: {} },
			id: `7b2e3f4d-5e6c-4f70-9b8c-0d1e2f3a5${suffix}01`,
			name: 'Start',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			webhookId: `7b2e3f4d-5e6c-4f70-9b8c-0d1e2f3a5${suffix}10`,
		},
		{
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ numbers }), options: {} },
			id: `7b2e3f4d-5e6c-4f70-9b8c-0d1e2f3a5${suffix}02`,
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
				options: {
					concurrency: CONCURRENCY,
					campaign: {
						journal: { __rl: true, mode: 'name', value: 'sms-journal' },
						campaignKey: `queue-killed-${suffix}-${Date.now().toString(36)}`,
						writeAhead,
					},
				},
			},
			id: `7b2e3f4d-5e6c-4f70-9b8c-0d1e2f3a5${suffix}03`,
			name: 'Bulk Send',
			type: 'n8n-nodes-sms-otp.betatel',
			typeVersion: 1,
			position: [440, 0],
			credentials: {
				betatelSmsApi: { id: 'SmsOtpBetatelSms', name: 'Betatel SMS (sandbox)' },
				otpDataTableApi: { id: 'SmsOtpOtpDataTbl', name: 'Data Table API (this n8n)' },
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
		Recipients: { main: [[{ node: 'Bulk Send', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
});

describe('a journaled Bulk Send whose worker is killed', () => {
	let cluster;
	let sandbox;
	let state;

	beforeAll(async () => {
		({ cluster, sandbox, state } = queueTestContext());
		const cookie = await instance.login(cluster.mainUrl, state.cluster.owner);
		const { setupApi } = await prepareOtpInstance(cluster.mainUrl, cookie, []);
		await ensureCampaignTables(setupApi);
		await cluster.createWorkflows(VARIANTS.map((variant) => ({ ...campaignWorkflow(variant), publish: true })));
	});

	afterAll(async () => {
		await sandbox?.configure({ latencyMs: 0 });
	});

	const acceptedCount = async () => (await request('GET', `${state.sandboxUrl}/__sandbox/health`)).json.accepted;

	test.each(VARIANTS)(`${RECIPIENTS} recipients (journal: $label), the worker SIGKILLed half way, the execution retried: no number twice`, async (variant) => {
		await sandbox.reset();
		await sandbox.configure({ latencyMs: LATENCY_MS });
		const called = await cluster.callWebhook(`campaign-queue/send-${variant.suffix}`, { body: {} });
		expect(called.status).toBe(200);
		let executionId;
		for (const stop = Date.now() + 30000; !executionId && Date.now() < stop; await instance.sleep(200)) {
			executionId = (await cluster.executionPage({ workflowId: variant.workflowId, limit: 1 })).results[0]?.id;
		}
		const [worker] = await cluster.workersThatRan(executionId, { timeoutMs: 60000 });
		const deadline = Date.now() + 120000;
		while ((await acceptedCount()) < RECIPIENTS / 2) {
			if (Date.now() > deadline) throw new Error(`only ${await acceptedCount()} messages after 120 s`);
			await instance.sleep(25);
		}
		cluster.killWorker(worker);
		// Requests already on the wire may still arrive: wait until nothing more comes.
		for (let seen = -1; seen !== (await acceptedCount()); ) {
			seen = await acceptedCount();
			await instance.sleep(300);
		}
		const killedRun = new Set((await sandbox.accepted()).map((message) => message.to));
		await cluster.rest('POST', `/executions/${executionId}/stop`);
		await cluster.replaceWorker(worker);

		const retried = await cluster.rest('POST', `/executions/${executionId}/retry`, { loadWorkflow: false });
		const retry = await cluster.waitForExecution(retried.id, { timeoutMs: 180000 });
		const items = nodeOutput(retry, 'Bulk Send');
		const withStatus = (status) => items.filter((item) => item.status === status).map((item) => item.to);
		const [skipped, unknown, accepted] = ['skipped', 'unknown', 'accepted'].map(withStatus);
		const received = (await sandbox.accepted()).map((message) => message.to);
		const reached = new Set(received);
		const counts = {
			killedWorker: worker,
			killedRun: killedRun.size,
			retry: { skipped: skipped.length, unknown: unknown.length, accepted: accepted.length, total: items.length },
			sandbox: { messages: received.length, numbers: reached.size, neverReached: RECIPIENTS - reached.size },
		};
		recordSplit(`campaign-killed-worker${variant.writeAhead ? '-ahead' : ''}`, counts);
		process.stderr.write(`[queue] journaled Bulk Send (${variant.label}), worker killed: ${JSON.stringify(counts)}\n`);

		expect(retry.data.resultData.runData['Bulk Send'].map((run) => run.executionStatus)).toEqual(['success']);
		expect(items).toHaveLength(RECIPIENTS);
		expect(skipped.length + unknown.length + accepted.length).toBe(RECIPIENTS);
		expect(reached.size).toBe(received.length);
		for (const to of skipped) expect(killedRun.has(to)).toBe(true);
		for (const to of accepted) expect(killedRun.has(to)).toBe(false);
		// At most Concurrency messages (twice that written ahead) were in doubt when the worker died.
		expect(unknown.length).toBeLessThanOrEqual(variant.inDoubt);
		for (const item of items) if (!reached.has(item.to)) expect(item.status).toBe('unknown');
	}, 300000);
});
