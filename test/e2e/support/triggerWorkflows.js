// The workflows and credential the trigger's e2e suite publishes: one SMS Status Trigger
// workflow per protection mode, and a "send" workflow (a Webhook node and the Betatel node)
// that sends a WhatsApp OTP while n8n runs (`n8n execute` cannot run beside `n8n start`).
'use strict';

const { PACKAGE_NAME } = require('../../../scripts/n8n/instance');

const TOKEN = 'e2e-status-token-5b0f9c2e7a41';
const BASIC = Object.freeze({ user: 'betatel-e2e', password: 'e2e-basic-password-83d1' });
const BASIC_CREDENTIAL = Object.freeze({ id: 'SmsOtpE2eStBasic', name: 'Status trigger Basic Auth (e2e)' });
const SEND_PATH = 'e2e-send-whatsapp-otp';
const STATUS_PATH = 'delivery-status';

function triggerWorkflow(id, webhookId, parameters, credentials) {
	return {
		webhookId,
		json: {
			id,
			name: `SMS Status Trigger e2e: ${id}`,
			nodes: [
				{
					parameters,
					id: `${webhookId.slice(0, -2)}aa`,
					name: 'SMS Status Trigger',
					type: `${PACKAGE_NAME}.smsStatusTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					...(credentials ? { credentials } : {}),
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
			pinData: {},
			active: false,
		},
	};
}

const WORKFLOWS = {
	betatel: triggerWorkflow('SmsOtpE2eStBetat', '5d0c7f3e-2b1a-4c6d-9e8f-0a1b2c3d4e01', { provider: 'betatel' }),
	skycore: triggerWorkflow('SmsOtpE2eStSkyco', '5d0c7f3e-2b1a-4c6d-9e8f-0a1b2c3d4e02', {
		provider: 'skycore',
		authentication: 'headerToken',
		token: TOKEN,
		options: { ignoreDuplicates: true },
	}),
	basicAuth: triggerWorkflow(
		'SmsOtpE2eStBasic',
		'5d0c7f3e-2b1a-4c6d-9e8f-0a1b2c3d4e03',
		{ provider: 'betatel', authentication: 'basicAuth', statuses: ['failed', 'expired'] },
		{ smsStatusTriggerBasicAuthApi: BASIC_CREDENTIAL },
	),
	roundTrip: triggerWorkflow('SmsOtpE2eStRound', '5d0c7f3e-2b1a-4c6d-9e8f-0a1b2c3d4e04', {
		provider: 'betatel',
		authentication: 'queryToken',
		token: TOKEN,
		statuses: ['delivered', 'read'],
	}),
	send: {
		json: {
			id: 'SmsOtpE2eStSendW',
			name: 'SMS Status Trigger e2e: send a WhatsApp OTP on a webhook call',
			nodes: [
				{
					parameters: { httpMethod: 'POST', path: SEND_PATH, options: {} },
					id: '5d0c7f3e-2b1a-4c6d-9e8f-0a1b2c3d4eb1',
					name: 'Send request',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: '5d0c7f3e-2b1a-4c6d-9e8f-0a1b2c3d4eb2',
				},
				{
					parameters: {
						resource: 'whatsapp',
						operation: 'sendOtp',
						to: '={{ $json.body.to }}',
						text: '={{ $json.body.text }}',
						options: {},
					},
					id: '5d0c7f3e-2b1a-4c6d-9e8f-0a1b2c3d4eb3',
					name: 'Send WhatsApp OTP',
					type: `${PACKAGE_NAME}.betatel`,
					typeVersion: 1,
					position: [220, 0],
					credentials: { betatelWhatsAppApi: { id: 'SmsOtpBetatelWha', name: 'Betatel WhatsApp (sandbox)' } },
				},
			],
			connections: { 'Send request': { main: [[{ node: 'Send WhatsApp OTP', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			pinData: {},
			active: false,
		},
	},
};

// examples/workflows/betatel-status-trigger.json, imported by global-setup with the other examples.
const BETATEL_EXAMPLE = Object.freeze({
	webhookId: '7f2c9a4e-1b3d-4e5f-8a6b-0c1d2e3f4a5b',
	json: { id: 'SmsOtpExStatusBt' },
	token: 'sandbox-status-token',
});

const CREDENTIALS = [{ ...BASIC_CREDENTIAL, type: 'smsStatusTriggerBasicAuthApi', data: { ...BASIC } }];

/** A trigger's production webhook URL: /webhook/<webhookId>/<path>. */
function webhookUrl(baseUrl, workflow) {
	return `${baseUrl}/webhook/${workflow.webhookId}/${STATUS_PATH}`;
}

function sendWorkflowUrl(baseUrl) {
	return `${baseUrl}/webhook/${SEND_PATH}`;
}

module.exports = { WORKFLOWS, BETATEL_EXAMPLE, CREDENTIALS, TOKEN, BASIC, webhookUrl, sendWorkflowUrl };
