/** Each provider's send operation, described for the shared contract suite. */
import type { SendFixture } from './providerContract';
import { SANDBOX_CREDENTIALS } from './sandbox';

export const betatelSmsFixture: SendFixture = {
	provider: 'Betatel',
	nodeType: 'n8n-nodes-sms-otp.betatel',
	credentialType: 'betatelSmsApi',
	parameters: {
		resource: 'sms',
		operation: 'send',
		from: 'Sender',
		to: '={{ $json.to }}',
		text: '={{ $json.text }}',
		options: {},
	},
	input: (to, text = 'Your code is 555345') => ({ to, text }),
	credentials: (baseUrl) => ({ ...SANDBOX_CREDENTIALS.betatelSms, baseUrl }),
	wrongCredentials: (baseUrl) => ({ ...SANDBOX_CREDENTIALS.betatelSms, apiKey: 'wrong-key', baseUrl }),
	path: '/api/v1/connect-hub/sms',
	credentialHint: 'the API key and user ID',
	messageIdField: 'messageId',
	answerWithoutId: { from: 'Sender', status: 'queued' },
	exhaustBalance: ({ sandbox }) => {
		sandbox.configure({ betatelBalance: 0 });
		return 'The Betatel account balance is too low to send this message (HTTP 402)';
	},
	sentTo: '447911123456',
	recipientOf: (request) => request.body?.to,
	withCountry: (value) => ({ options: { defaultCountry: value } }),
};

export const betatelWhatsAppFixture: SendFixture = {
	...betatelSmsFixture,
	credentialType: 'betatelWhatsAppApi',
	parameters: { resource: 'whatsapp', operation: 'sendOtp', to: '={{ $json.to }}', text: '={{ $json.text }}', options: {} },
	credentials: (baseUrl) => ({ ...SANDBOX_CREDENTIALS.betatelWhatsApp, baseUrl }),
	wrongCredentials: (baseUrl) => ({ ...SANDBOX_CREDENTIALS.betatelWhatsApp, accountId: 'someone-else', baseUrl }),
	path: '/api/v1/connect-hub/whatsapp/otp',
	credentialHint: 'the API key and account ID',
	messageIdField: 'uuid',
	answerWithoutId: { to: '447911123456', status: 'queued' },
};

export const skycoreFixture: SendFixture = {
	provider: 'Skycore',
	nodeType: 'n8n-nodes-sms-otp.skycore',
	credentialType: 'skycoreApi',
	parameters: {
		resource: 'sms',
		operation: 'send',
		from: '60856',
		to: '={{ $json.to }}',
		text: '={{ $json.text }}',
		options: {},
	},
	input: (to, text = 'Your code is 555345') => ({ to, text }),
	credentials: (baseUrl) => ({ ...SANDBOX_CREDENTIALS.skycore, endpointUrl: `${baseUrl}/skycore/api/v2` }),
	wrongCredentials: (baseUrl) => ({ apiKey: 'wrong-key', endpointUrl: `${baseUrl}/skycore/api/v2` }),
	path: '/skycore/api/v2',
	credentialHint: 'the API key and the endpoint URL',
	messageIdField: 'tracking-id',
	answerWithoutId: { status: 'Success', to: '447911123456', 'status-details': 'queued' },
	exhaustBalance: ({ sandbox }) => {
		// The sandbox has no Skycore balance: the billing failure comes as Skycore sends it.
		sandbox.injectFault({
			path: '/skycore/api/v2',
			status: 200,
			body: { status: 'Failure', 'error-code': 'E713', 'error-info': 'Billing problem.', to: '447911123456' },
		});
		return 'Skycore could not bill the account (E713)';
	},
	sentTo: '447911123456',
	recipientOf: (request) => request.body?.to,
	withCountry: (value) => ({ options: { defaultCountry: value } }),
};

export const smsGatewayFixture: SendFixture = {
	provider: 'SMS Gateway',
	nodeType: 'n8n-nodes-sms-otp.smsGateway',
	credentialType: 'smsGatewayApi',
	parameters: {
		resource: 'sms',
		operation: 'send',
		numbers: '={{ $json.to }}',
		message: '={{ $json.text }}',
		options: {},
	},
	input: (to, text = 'Your code is 555345') => ({ to, text }),
	credentials: (baseUrl) => ({ ...SANDBOX_CREDENTIALS.smsGateway, baseUrl: `${baseUrl}/gateway/api` }),
	wrongCredentials: (baseUrl) => ({ ...SANDBOX_CREDENTIALS.smsGateway, password: 'wrong', baseUrl: `${baseUrl}/gateway/api` }),
	path: '/gateway/api/v1/sms/send',
	credentialHint: 'the username and password (v1, key management) or the API key (v2)',
	messageIdField: 'data.recipients[].message_id',
	answerWithoutId: { status: 'success', message: 'Message queued', data: { count: 1 } },
	exhaustBalance: ({ sandbox }) => {
		sandbox.configure({ gatewayBalance: 0 });
		return 'The SMS Gateway account balance is too low to send this message (HTTP 402)';
	},
	sentTo: '447911123456',
	recipientOf: (request) => request.body?.numbers,
	withCountry: (value) => ({ defaultCountry: value }),
};
