// The SMS Status Trigger in a real n8n: workflows with the trigger are published, status
// reports are POSTed over HTTP to their production webhook URLs, and the executions n8n ran
// are read back over its REST API (and counted, so that rejected and filtered requests are
// seen to run nothing). Then the round trip: the Betatel node sends a WhatsApp OTP to the
// sandbox, whose status callbacks start the trigger's workflow for DELIVERED and READ.
'use strict';

const fs = require('fs');
const path = require('path');
const instance = require('../../scripts/n8n/instance');
const { readState, instanceEnv, startServer, sandboxClient, RESULTS_DIR } = require('./support/e2e');
const { executionsApi } = require('./support/executions');
const { WORKFLOWS, BETATEL_EXAMPLE, CREDENTIALS, TOKEN, BASIC, sendWorkflowUrl, webhookUrl } = require('./support/triggerWorkflows');

// /healthz/readiness turns OK shortly before production webhooks are registered.
const WEBHOOK_REGISTRATION_TIMEOUT_MS = 30000;
const RETRY_MS = 500;
const EXECUTION_TIMEOUT_MS = 30000;
// Long enough for a stray execution of a refused request to have shown up.
const SETTLE_MS = 1500;
// n8n's own body limit for this run (megabytes), so that both limits are cheap to cross.
const PAYLOAD_SIZE_MAX_MB = 2;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const betatelEvent = (status, overrides = {}) => ({
	uuid: '01JV5V54KPYK9GB29265EQRZ2P',
	channel: 'whatsapp',
	status,
	to: '38761444555',
	timestamp: '2026-01-01T00:00:00.000Z',
	...overrides,
});

const skycoreXml = (code, text, trackingId) =>
	`<?xml version="1.0" encoding="UTF-8"?>\n<POSTBACK>\n<ORIGIN>SMS_MT</ORIGIN>\n<CODE>${code}</CODE>\n<STATUS>${text}</STATUS>\n` +
	`<FROM>60856</FROM>\n<TO>17743199144</TO>\n<TRACKINGID>${trackingId}</TRACKINGID>\n<SPID>0009999</SPID>\n` +
	`<TIMESTAMP>2026-01-01T05:41:08-05:00</TIMESTAMP>\n</POSTBACK>\n`;

describe('SMS Status Trigger in a real n8n (published workflows, production webhook URLs)', () => {
	let state;
	let n8n;
	let api;
	const url = (workflow) => webhookUrl(n8n.baseUrl, workflow);

	beforeAll(async () => {
		state = readState();
		const options = { version: state.n8nVersion };
		// Import and publish while n8n is stopped, as the CLI requires.
		const env = await instanceEnv(state);
		const workflows = Object.values(WORKFLOWS).map((workflow) => workflow.json);
		await instance.importEntities(env, { credentials: CREDENTIALS, workflows }, options);
		for (const { id } of [...workflows, BETATEL_EXAMPLE.json]) await instance.activateWorkflow(id, env, options);

		n8n = await startServer(state, 'trigger', { N8N_PAYLOAD_SIZE_MAX: String(PAYLOAD_SIZE_MAX_MB) });
		const { cookie } = await instance.setupOwner(n8n.baseUrl);
		api = executionsApi(n8n.baseUrl, cookie);
		await untilRegistered(url(WORKFLOWS.betatel));
	});

	afterAll(async () => {
		if (state) await sandboxClient(state).configure({ betatelWebhookUrl: null, skycorePostbackUrl: null });
		if (n8n) await n8n.stop();
	});

	async function untilRegistered(target) {
		const deadline = Date.now() + WEBHOOK_REGISTRATION_TIMEOUT_MS;
		for (;;) {
			// An empty POST: 404 until the webhook is registered, then the trigger refuses it (400).
			const response = await fetch(target, { method: 'POST' });
			if (response.status !== 404) return;
			if (Date.now() > deadline) throw new Error(`${target} was not registered in time`);
			await sleep(RETRY_MS);
		}
	}

	async function post(target, body, { contentType = 'application/json', headers = {} } = {}) {
		const response = await fetch(target, {
			method: 'POST',
			headers: { 'content-type': contentType, ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});
		return { status: response.status, json: await response.json().catch(() => null) };
	}

	/** Waits for `count` executions of the workflow, then checks no more came; resolves the newest. */
	async function expectExecutions(workflow, count) {
		expect(await api.waitForCount(workflow.json.id, count, EXECUTION_TIMEOUT_MS)).toBe(count);
		await sleep(SETTLE_MS);
		const { count: settled, results } = await api.list(workflow.json.id);
		expect(settled).toBe(count);
		expect(results.every((execution) => execution.status === 'success')).toBe(true);
		return results;
	}

	async function itemsOf(execution, nodeName = 'SMS Status Trigger') {
		return api.nodeItems(execution.id, nodeName);
	}

	async function sendWhatsAppOtp(to) {
		const send = await fetch(sendWorkflowUrl(n8n.baseUrl), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ to, text: 'Your code is 482910' }),
		});
		expect(send.status).toBe(200);
	}

	test('Betatel, no authentication: one status and a batch of two, each one execution', async () => {
		const target = url(WORKFLOWS.betatel);
		expect(await post(target, betatelEvent('DELIVERED'))).toEqual({
			status: 200,
			json: { message: 'Workflow was started' },
		});
		expect((await post(target, [betatelEvent('FAILED', { error: { errorCode: 'UNDELIVERABLE' } }), betatelEvent('EXPIRED')])).status).toBe(200);

		const [batch, single] = await expectExecutions(WORKFLOWS.betatel, 2);
		expect(await itemsOf(single)).toEqual([
			{
				provider: 'betatel',
				channel: 'whatsapp',
				messageId: '01JV5V54KPYK9GB29265EQRZ2P',
				status: 'delivered',
				providerStatus: 'DELIVERED',
				to: '38761444555',
				from: null,
				timestamp: '2026-01-01T00:00:00.000Z',
				raw: betatelEvent('DELIVERED'),
			},
		]);
		expect((await itemsOf(batch)).map((item) => [item.status, item.errorCode])).toEqual([
			['failed', 'UNDELIVERABLE'],
			['expired', undefined],
		]);
	});

	test('bad bodies: 400 from the node, 422 and 500 from n8n itself; none runs the workflow', async () => {
		const target = url(WORKFLOWS.betatel);
		const before = (await api.list(WORKFLOWS.betatel.json.id, 1)).count;
		const big = (megabytes) => JSON.stringify({ ...betatelEvent('READ'), pad: 'x'.repeat(megabytes * 1024 * 1024) });
		const answers = {
			empty: await post(target, ''),
			text: await post(target, 'DELIVERED', { contentType: 'text/plain' }),
			form: await post(target, 'status=DELIVERED', { contentType: 'application/x-www-form-urlencoded' }),
			noEvent: await post(target, { note: 'refused-body-marker' }),
			overNodeLimit: await post(target, big(1.5)),
			malformedJson: await post(target, '{"status":'),
			malformedXml: await post(target, '<POSTBACK><CODE>N201</POSTBACK>', { contentType: 'application/xml' }),
			overN8nLimit: await post(target, big(PAYLOAD_SIZE_MAX_MB + 1)),
		};
		expect(Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, answer.status]))).toEqual({
			empty: 400,
			text: 400,
			form: 400,
			noEvent: 400,
			overNodeLimit: 400,
			malformedJson: 422,
			malformedXml: 422,
			overN8nLimit: 500,
		});
		expect(answers.empty.json).toEqual({ message: 'Bad request: the body is empty' });
		expect(answers.overNodeLimit.json).toEqual({ message: 'Bad request: the body is larger than 1 MB' });
		expect(answers.malformedXml.json).toMatchObject({ code: 422, message: 'Failed to parse request body' });
		await sleep(SETTLE_MS);
		expect((await api.list(WORKFLOWS.betatel.json.id, 1)).count).toBe(before);
	});

	test('Skycore with a header token: JSON and XML postbacks, a retry ignored, a missing or wrong token refused', async () => {
		const target = url(WORKFLOWS.skycore);
		const token = { headers: { 'x-webhook-token': TOKEN } };
		const refused = [
			await post(target, { code: 'N201', 'tracking-id': 'sc-1' }),
			await post(target, { code: 'N201', 'tracking-id': 'sc-1' }, { headers: { 'x-webhook-token': `${TOKEN}-not` } }),
		];
		expect(refused.map((answer) => answer.status)).toEqual([401, 401]);
		expect(refused[0].json).toEqual({ message: 'Unauthorized: no token in the x-webhook-token header' });

		const json = { origin: 'SMS_MT', code: 'N201', status: 'Sent', 'tracking-id': 'sc-1', to: '17743199144', timestamp: '2026-01-01T00:00:00.000+00:00' };
		expect((await post(target, json, token)).status).toBe(200);
		const retry = await post(target, json, token);
		expect(retry).toEqual({ status: 200, json: { message: 'Received; every event was a repeat, so no workflow was started' } });
		const xml = skycoreXml('E202', 'Message Sent/Expired', 'sc-1');
		expect((await post(target, xml, { ...token, contentType: 'application/xml' })).status).toBe(200);

		const [expired, sent] = await expectExecutions(WORKFLOWS.skycore, 2);
		expect(await itemsOf(sent)).toEqual([expect.objectContaining({ messageId: 'sc-1', status: 'sent', providerStatus: 'N201' })]);
		expect(await itemsOf(expired)).toEqual([
			expect.objectContaining({
				messageId: 'sc-1',
				status: 'expired',
				providerStatus: 'E202',
				errorCode: 'E202',
				errorInfo: 'Message Sent/Expired',
				timestamp: '2026-01-01T10:41:08.000Z',
				// n8n's XML parser: tag names lowercased, no lists for single elements.
				raw: expect.objectContaining({ code: 'E202', trackingid: 'sc-1', spid: '0009999' }),
			}),
		]);
	});

	test('Basic Auth and a statuses filter: a filtered status is answered 200 and runs nothing', async () => {
		const target = url(WORKFLOWS.basicAuth);
		const authorization = (password) => ({
			headers: { authorization: `Basic ${Buffer.from(`${BASIC.user}:${password}`).toString('base64')}` },
		});
		const wrong = await post(target, betatelEvent('FAILED'), authorization('not-the-password'));
		expect(wrong.status).toBe(401);
		const filtered = await post(target, betatelEvent('DELIVERED'), authorization(BASIC.password));
		expect(filtered).toEqual({
			status: 200,
			json: { message: "Received; none of the events has one of the trigger's statuses, so no workflow was started" },
		});
		expect((await post(target, betatelEvent('FAILED'), authorization(BASIC.password))).status).toBe(200);

		const [execution] = await expectExecutions(WORKFLOWS.basicAuth, 1);
		expect(await itemsOf(execution)).toEqual([expect.objectContaining({ status: 'failed' })]);
	});

	test('round trip: a WhatsApp OTP sent with the Betatel node comes back as DELIVERED and READ', async () => {
		const sandbox = sandboxClient(state);
		await sandbox.reset();
		// The URL pasted into Betatel's settings, with the query token.
		await sandbox.configure({ betatelWebhookUrl: `${url(WORKFLOWS.roundTrip)}?token=${TOKEN}`, statusIntervalMs: 200 });

		await sendWhatsAppOtp('+387 61 444 555');

		// PENDING and SENT are filtered out (200, nothing run); DELIVERED and READ run one each.
		const [read, delivered] = await expectExecutions(WORKFLOWS.roundTrip, 2);
		const [accepted] = await sandbox.accepted();
		expect(accepted).toMatchObject({ provider: 'betatel', channel: 'whatsapp', to: '38761444555' });
		expect(await itemsOf(delivered)).toEqual([
			expect.objectContaining({ messageId: accepted.messageId, status: 'delivered', channel: 'whatsapp', to: '38761444555' }),
		]);
		expect(await itemsOf(read)).toEqual([expect.objectContaining({ messageId: accepted.messageId, status: 'read' })]);
		const callbacks = await sandbox.callbacks();
		expect(callbacks.map((callback) => [callback.body.status, callback.responseStatus])).toEqual([
			['PENDING', 200],
			['SENT', 200],
			['DELIVERED', 200],
			['READ', 200],
		]);
	});

	test('the example workflow: a WhatsApp OTP that expires is followed by an SMS to the same number', async () => {
		const sandbox = sandboxClient(state);
		await sandbox.reset();
		await sandbox.configure({
			betatelWebhookUrl: `${url(BETATEL_EXAMPLE)}?token=${BETATEL_EXAMPLE.token}`,
			statusIntervalMs: 200,
			statusOutcomes: { '254712345678': 'EXPIRED' },
		});
		await sendWhatsAppOtp('+254712345678');

		// WhatsApp PENDING, SENT, EXPIRED; then the SMS the example sent: PENDING, SENT, EXPIRED.
		const executions = await expectExecutions(BETATEL_EXAMPLE, 6);
		const accepted = await sandbox.accepted();
		expect(accepted.map((message) => [message.channel, message.to])).toEqual([
			['whatsapp', '254712345678'],
			['sms', '254712345678'],
		]);
		expect(accepted[1].text).toBe('We could not deliver your login code on WhatsApp. Please request a new code in the app.');
		const statuses = [];
		for (const execution of executions.reverse()) {
			const [item] = await itemsOf(execution, 'Betatel status');
			statuses.push(`${item.channel} ${item.status}`);
		}
		expect(statuses).toEqual(['whatsapp queued', 'whatsapp sent', 'whatsapp expired', 'sms queued', 'sms sent', 'sms expired']);
	});

	test('nothing secret or from a refused body reaches n8n\'s log', () => {
		const log = fs.readFileSync(path.join(RESULTS_DIR, 'n8n-trigger.log'), 'utf8');
		for (const secret of [TOKEN, BASIC.password, 'not-the-password', 'refused-body-marker']) expect(log).not.toContain(secret);
	});
});
