// "Custom API Call" on the Betatel and Skycore nodes opens n8n's HTTP Request node with the
// provider's credential as its predefined credential type. Here that node, in a real n8n,
// posts to the sandbox with each credential: the provider receives the credential's headers.
'use strict';

const instance = require('../../scripts/n8n/instance');
const { SANDBOX_CREDENTIALS } = require('../../sandbox/server');
const { readState, instanceEnv, runWorkflow, nodeOutput, sandboxClient, secretsIn } = require('./support/e2e');

const WORKFLOW_ID = 'SmsOtpE2eCustApi';
const CALLS = {
	betatel: {
		credentialType: 'betatelSmsApi',
		credential: { id: 'SmsOtpBetatelSms', name: 'Betatel SMS (sandbox)' },
		path: '/api/v1/connect-hub/sms',
		body: { from: 'SmsOtpDemo', to: '38761444555', text: 'Sent by a Custom API Call' },
	},
	skycore: {
		credentialType: 'skycoreApi',
		credential: { id: 'SmsOtpSkycoreApi', name: 'Skycore (sandbox)' },
		path: '/skycore/api/v2',
		body: { action: 'sendsms', to: '17743199144', from: '60856', 'message-text': 'Sent by a Custom API Call' },
	},
};

/** A manual trigger, then one HTTP Request node per provider, as Custom API Call makes them. */
function customApiCallWorkflow(sandboxUrl) {
	const names = Object.keys(CALLS);
	const requestNodes = names.map((name, index) => ({
		parameters: {
			method: 'POST',
			url: `${sandboxUrl}${CALLS[name].path}`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: CALLS[name].credentialType,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: JSON.stringify(CALLS[name].body),
			options: {},
		},
		id: `5e0c7b1a-2f3d-4c8e-9a61-0000000c00${index + 1}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [220 * (index + 1), 0],
		credentials: { [CALLS[name].credentialType]: CALLS[name].credential },
	}));
	const connections = { Start: { main: [[{ node: names[0], type: 'main', index: 0 }]] } };
	for (let i = 0; i + 1 < names.length; i++) connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return {
		id: WORKFLOW_ID,
		name: 'e2e: Custom API Call with the Betatel and Skycore credentials',
		nodes: [
			{ parameters: {}, id: '5e0c7b1a-2f3d-4c8e-9a61-0000000c0000', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
			...requestNodes,
		],
		connections,
		settings: { executionOrder: 'v1' },
	};
}

describe('Custom API Call: n8n HTTP Request node with the Betatel and Skycore credentials', () => {
	let state;
	let sandbox;

	beforeAll(async () => {
		state = readState();
		sandbox = sandboxClient(state);
		await instance.importEntities(await instanceEnv(state), { workflows: [customApiCallWorkflow(state.sandboxUrl)] }, { version: state.n8nVersion });
		await sandbox.reset();
	});

	test('each request carries its credential headers, and no secret reaches the output', async () => {
		const run = await runWorkflow(state, WORKFLOW_ID);
		if (run.code !== 0 || !run.execution) throw new Error(`n8n execute exited ${run.code}\n${run.stdout}\n${run.stderr}`);
		expect(run.execution.status).toBe('success');
		expect(secretsIn(run.stdout + run.stderr)).toEqual([]);
		expect(nodeOutput(run.execution, 'betatel')[0]).toEqual(expect.objectContaining({ messageId: expect.any(String), to: '38761444555' }));
		expect(nodeOutput(run.execution, 'skycore')[0]).toEqual(expect.objectContaining({ status: 'Success' }));

		const requests = await sandbox.requests();
		expect(requests.map((request) => request.path)).toEqual([CALLS.betatel.path, CALLS.skycore.path]);
		const [betatel, skycore] = requests;
		expect(betatel.responseStatus).toBe(200);
		expect(betatel.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.betatelSms.apiKey);
		expect(betatel.headers['x-user-id']).toBe(SANDBOX_CREDENTIALS.betatelSms.userId);
		expect(betatel.body).toEqual(CALLS.betatel.body);
		expect(skycore.responseStatus).toBe(200);
		expect(skycore.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.skycore.apiKey);
		expect(skycore.body).toEqual(CALLS.skycore.body);
	});
});
