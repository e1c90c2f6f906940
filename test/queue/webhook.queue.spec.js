// The production path in queue mode: a published workflow whose Webhook node feeds the
// Betatel node. Its POST goes to the webhook process (`n8n webhook`, /webhook/...), which
// enqueues the execution; a worker runs it. Main serves no production webhooks here
// (N8N_DISABLE_PRODUCTION_MAIN_PROCESS), so a run can only come in through the webhook
// process. The workflow is created and published through main's REST API while the
// cluster runs, as later cases add theirs.
'use strict';

const { queueTestContext, expectRunByOneWorker, nodeOutput } = require('./support/queue');
const { SMS_PATH, expectSmsHeaders } = require('../e2e/support/betatelExamples');

const WORKFLOW_ID = 'SmsOtpQueueHook1';
const WEBHOOK_PATH = 'sms-otp-queue/send-sms';

const webhookSendSms = {
	id: WORKFLOW_ID,
	name: 'Queue suite: webhook -> Betatel send SMS',
	nodes: [
		{
			parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
			id: '6a1e2f3c-4d5b-4e6f-8a7b-9c0d1e2f3a01',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '6a1e2f3c-4d5b-4e6f-8a7b-9c0d1e2f3a02',
		},
		{
			parameters: {
				resource: 'sms',
				operation: 'send',
				from: 'SmsOtpDemo',
				to: '={{ $json.body.to }}',
				text: '=Your verification code is {{ $json.body.code }}',
				options: {},
			},
			id: '6a1e2f3c-4d5b-4e6f-8a7b-9c0d1e2f3a03',
			name: 'Send SMS',
			type: 'n8n-nodes-sms-otp.betatel',
			typeVersion: 1,
			position: [220, 0],
			credentials: { betatelSmsApi: { id: 'SmsOtpBetatelSms', name: 'Betatel SMS (sandbox)' } },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Send SMS', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	publish: true,
};

describe('production webhook on the webhook process, run by a worker', () => {
	let cluster;
	let sandbox;

	beforeAll(async () => {
		({ cluster, sandbox } = queueTestContext());
		await cluster.createWorkflows([webhookSendSms]);
	});

	beforeEach(() => sandbox.clearRequests());

	test('a POST to /webhook/<path> sends the SMS from a worker', async () => {
		const response = await cluster.callWebhook(WEBHOOK_PATH, { body: { to: '+254712345678', code: '551177' } });
		expect(response.status).toBe(200);

		const [summary] = await cluster.waitForExecutions(WORKFLOW_ID, 1);
		const execution = await cluster.execution(summary.id);
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		await expectRunByOneWorker(cluster, summary.id, { enqueuedBy: 'webhook' });

		expect(nodeOutput(execution, 'Send SMS')).toEqual([
			expect.objectContaining({
				provider: 'betatel',
				to: '254712345678',
				status: 'accepted',
				messageId: expect.stringMatching(/\S/),
			}),
		]);
		const requests = await sandbox.requests();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'POST', path: SMS_PATH, responseStatus: 200 });
		expectSmsHeaders(requests[0]);
		expect(requests[0].body).toEqual({ from: 'SmsOtpDemo', to: '254712345678', text: 'Your verification code is 551177' });
	});

	test('main does not answer production webhooks in this setup', async () => {
		const response = await fetch(`${cluster.mainUrl}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ to: '+254712345678', code: '000000' }),
		});
		expect(response.status).toBe(404);
		expect(await sandbox.requests()).toEqual([]);
	});
});
