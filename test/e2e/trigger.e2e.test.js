// The delivery-status trigger in a real n8n: a published workflow with the trigger, a
// provider status POSTed to its production webhook, and the sandbox's own callbacks.
// Runs only once a `*Trigger.node.js` is built and listed in package.json; until then
// jest reports these tests as skipped (not passed).
'use strict';

const fs = require('fs');
const path = require('path');
const instance = require('../../scripts/n8n/instance');
const { SANDBOX_CREDENTIALS } = require('../../sandbox/server');
const { readState, instanceEnv, startServer, sandboxClient } = require('./support/e2e');

const TRIGGER_FILES = instance
	.declaredTypeFiles()
	.nodes.filter((file) => /Trigger\.node\.js$/.test(file) && fs.existsSync(path.join(instance.PACKAGE_ROOT, file)));
const WORKFLOW_ID = 'SmsOtpE2eTrigger';
const WEBHOOK_ID = '5d0c7f3e-2b1a-4c6d-9e8f-0a1b2c3d4e5f';
const WEBHOOK_RETRY_MS = 500;
// /healthz/readiness turns OK shortly before production webhooks are registered.
const WEBHOOK_REGISTRATION_TIMEOUT_MS = 30000;
const EXECUTION_TIMEOUT_MS = 30000;
const SANDBOX_STATUS_INTERVAL_MS = 200;

const describeWhenTriggerBuilt = TRIGGER_FILES.length > 0 ? describe : describe.skip;

function loadTriggerDescription() {
	const file = TRIGGER_FILES[0];
	const className = path.basename(file).split('.')[0];
	return new (require(path.join(instance.PACKAGE_ROOT, file))[className])().description;
}

function triggerWorkflow(description) {
	const versions = [].concat(description.version);
	return {
		id: WORKFLOW_ID,
		name: 'Delivery status trigger (e2e)',
		nodes: [
			{
				parameters: {},
				id: '5d0c7f3e-2b1a-4c6d-9e8f-0a1b2c3d4e60',
				name: 'Delivery status',
				type: `${instance.PACKAGE_NAME}.${description.name}`,
				typeVersion: Math.max(...versions),
				position: [0, 0],
				webhookId: WEBHOOK_ID,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describeWhenTriggerBuilt('delivery-status trigger (runs once a *Trigger.node.js is built and listed)', () => {
	let state;
	let n8n;
	let cookie;
	let webhookUrl;

	beforeAll(async () => {
		state = readState();
		const description = loadTriggerDescription();
		const webhook = description.webhooks.find((hook) => hook.name === 'default') || description.webhooks[0];
		const options = { version: state.n8nVersion };

		// Import and publish while n8n is stopped, as the CLI requires.
		const env = await instanceEnv(state);
		const file = path.join(state.userFolder, 'trigger-workflow.json');
		fs.writeFileSync(file, JSON.stringify(triggerWorkflow(description)));
		await instance.n8nCliOk(['import:workflow', `--input=${file}`], env, options);
		await instance.activateWorkflow(WORKFLOW_ID, env, options);

		n8n = await startServer(state, 'trigger');
		({ cookie } = await instance.setupOwner(n8n.baseUrl));
		// n8n's production webhook URL: /webhook/<webhookId>/<path>, or /webhook/<path> for full paths.
		webhookUrl = `${n8n.baseUrl}/webhook/${webhook.isFullPath ? '' : `${WEBHOOK_ID}/`}${webhook.path}`;
	});

	afterAll(async () => {
		if (n8n) await n8n.stop();
	});

	async function postStatus(body) {
		const deadline = Date.now() + WEBHOOK_REGISTRATION_TIMEOUT_MS;
		for (;;) {
			const response = await fetch(webhookUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			if (response.status !== 404 || Date.now() > deadline) return response;
			await sleep(WEBHOOK_RETRY_MS);
		}
	}

	async function executions() {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
		const response = await fetch(`${n8n.baseUrl}/rest/executions?filter=${filter}`, { headers: { cookie } });
		expect(response.status).toBe(200);
		return (await response.json()).data.results;
	}

	async function waitForExecutions(count) {
		const deadline = Date.now() + EXECUTION_TIMEOUT_MS;
		let found = await executions();
		while (found.length < count && Date.now() < deadline) {
			await sleep(WEBHOOK_RETRY_MS);
			found = await executions();
		}
		return found;
	}

	test('a Betatel status POSTed to /webhook/<webhookId>/<path> starts a successful execution', async () => {
		const response = await postStatus({
			messageId: 'c86a6910-e638-11f1-9dde-cd77457d3d84',
			channel: 'sms',
			status: 'DELIVERED',
			to: '254712345678',
			timestamp: new Date().toISOString(),
		});
		expect(response.status).toBeLessThan(300);

		const found = await waitForExecutions(1);
		expect(found.length).toBeGreaterThanOrEqual(1);
		expect(found.every((execution) => execution.status === 'success')).toBe(true);
	});

	test("the sandbox's own status callbacks for a sent SMS are accepted by the webhook", async () => {
		const sandbox = sandboxClient(state);
		await sandbox.configure({ betatelWebhookUrl: webhookUrl, statusIntervalMs: SANDBOX_STATUS_INTERVAL_MS });
		const before = (await executions()).length;

		const { apiKey, userId } = SANDBOX_CREDENTIALS.betatelSms;
		const sent = await fetch(`${state.sandboxUrl}/api/v1/connect-hub/sms`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-user-id': userId },
			body: JSON.stringify({ from: 'SmsOtpDemo', to: '254712345678', text: 'Your code is 123456' }),
		});
		expect(sent.status).toBe(200);

		// PENDING, SENT, DELIVERED: one execution each.
		const found = await waitForExecutions(before + 3);
		expect(found.length).toBeGreaterThanOrEqual(before + 3);
		const callbacks = await sandbox.callbacks();
		expect(callbacks.filter((callback) => callback.url === webhookUrl).map((c) => c.responseStatus)).toEqual([
			200, 200, 200,
		]);
	});
});
