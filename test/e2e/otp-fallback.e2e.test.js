// The WhatsApp-first, SMS-fallback example (examples/workflows/otp-whatsapp-sms-fallback.json)
// in a real n8n: the sandbox reports the WhatsApp message FAILED to the published SMS Status
// Trigger, and exactly one SMS with the same code goes to the same number.
'use strict';

const { majorVersion } = require('../../scripts/n8n/env');
const instance = require('../../scripts/n8n/instance');
const { readState, startServer, sandboxClient } = require('./support/e2e');
const { request, prepareOtpInstance, postWebhook } = require('./support/otp');

const FALLBACK_ID = 'SmsOtpExOtpFallb';
const VERIFICATION_ID = 'SmsOtpExOtpVerif';
// As in the example's trigger node.
const TRIGGER_WEBHOOK_ID = '5b7d2e90-3c41-4a7e-8f10-00000000e002';
const TRIGGER_TOKEN = 'sandbox-fallback-status-token';
const STATUS_INTERVAL_MS = 200;
const WAIT_TIMEOUT_MS = 30000;
const POLL_MS = 250;
// After the fallback SMS, how long to keep watching that no second one comes.
const QUIET_PERIOD_MS = 3000;

// n8n 1.x has no data tables in its public API (nor their API key scopes): the OTP node's
// Data Table tracking needs n8n 2.x, and so do these examples.
const describeOnN8n2 = majorVersion() >= 2 ? describe : describe.skip;

describeOnN8n2('OTP fallback example in a real n8n: WhatsApp FAILED → the same code by SMS, once', () => {
	let state;
	let n8n;
	let setup;
	let sandbox;
	let triggerUrl;

	beforeAll(async () => {
		state = readState();
		n8n = await startServer(state, 'otp-fallback');
		const { cookie } = await instance.setupOwner(n8n.baseUrl);
		setup = await prepareOtpInstance(n8n.baseUrl, cookie, [VERIFICATION_ID, FALLBACK_ID]);
		sandbox = sandboxClient(state);
		await sandbox.reset();
		triggerUrl = `${n8n.baseUrl}/webhook/${TRIGGER_WEBHOOK_ID}/delivery-status?token=${TRIGGER_TOKEN}`;
		await sandbox.configure({ betatelWebhookUrl: triggerUrl, statusIntervalMs: STATUS_INTERVAL_MS });
	});

	afterAll(async () => {
		// The sandbox is shared by every e2e file: leave no webhook URL or outcome behind.
		if (sandbox) await sandbox.reset();
		if (n8n) await n8n.stop();
	});

	const accepted = async () => (await request('GET', `${state.sandboxUrl}/__sandbox/accepted`)).json;
	const messagesTo = async (digits, channel) =>
		(await accepted()).filter((message) => message.to === digits && message.channel === channel);
	const codeIn = (message) => /code is (\d{6})\./.exec(message.text)?.[1];

	async function waitFor(what, condition) {
		const deadline = Date.now() + WAIT_TIMEOUT_MS;
		for (;;) {
			const value = await condition();
			if (value) return value;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
			await instance.sleep(POLL_MS);
		}
	}

	async function fallbackRows() {
		return (await setup.setupApi.get(`/data-tables/${setup.fallbackTable.id}/rows`)).data;
	}

	const start = (phone) => postWebhook(`${n8n.baseUrl}/webhook/verify/start-with-fallback`, { phone });
	const check = async (token, code) => (await postWebhook(`${n8n.baseUrl}/webhook/verify/check`, { token, code })).json;

	test('a failed WhatsApp code is sent once by SMS to the same number, and that code is approved', async () => {
		const digits = '254712345620';
		await sandbox.configure({ statusOutcomes: { [digits]: 'FAILED' } });
		const started = await start(`+${digits}`);
		expect(started.status).toBe(200);

		const [whatsApp] = await waitFor('the WhatsApp message', () => messagesTo(digits, 'whatsapp').then((m) => m.length && m));
		const [sms] = await waitFor('the fallback SMS', () => messagesTo(digits, 'sms').then((m) => m.length && m));
		expect(codeIn(sms)).toBe(codeIn(whatsApp));
		expect(sms.from).toBe('SmsOtpDemo');

		// The SMS fails too in the sandbox (the outcome is per number); its FAILED report is an
		// SMS, which the example ignores. Wait for every report, then count again.
		await instance.sleep(QUIET_PERIOD_MS);
		expect(await messagesTo(digits, 'sms')).toHaveLength(1);
		const rows = await fallbackRows();
		expect(rows.some((row) => row.messageId === whatsApp.messageId)).toBe(false);

		expect(await check(started.json.token, codeIn(sms))).toEqual({ valid: true, reason: 'approved', attempts: 1 });
	});

	test('a repeated FAILED report and a later EXPIRED one send no second SMS', async () => {
		const digits = '254712345621';
		await sandbox.configure({ statusOutcomes: { [digits]: 'FAILED' } });
		expect((await start(`+${digits}`)).status).toBe(200);
		const [whatsApp] = await waitFor('the WhatsApp message', () => messagesTo(digits, 'whatsapp').then((m) => m.length && m));
		await waitFor('the fallback SMS', () => messagesTo(digits, 'sms').then((m) => m.length && m));

		for (const status of ['FAILED', 'EXPIRED', 'FAILED']) {
			const report = await request('POST', triggerUrl, {
				body: { uuid: whatsApp.messageId, channel: 'whatsapp', status, to: digits, timestamp: new Date().toISOString() },
			});
			expect(report.status).toBe(200);
		}
		await instance.sleep(QUIET_PERIOD_MS);
		expect(await messagesTo(digits, 'sms')).toHaveLength(1);
	});

	test('a delivered WhatsApp code sends no SMS; its row holds the sealed code, never the code', async () => {
		const digits = '254712345622';
		await sandbox.configure({ statusOutcomes: {} });
		const started = await start(`+${digits}`);
		expect(started.status).toBe(200);
		const [whatsApp] = await waitFor('the WhatsApp message', () => messagesTo(digits, 'whatsapp').then((m) => m.length && m));
		await instance.sleep(QUIET_PERIOD_MS);
		expect(await messagesTo(digits, 'sms')).toEqual([]);

		const row = (await fallbackRows()).find((candidate) => candidate.messageId === whatsApp.messageId);
		expect(Object.keys(row).sort()).toEqual(['createdAt', 'id', 'messageId', 'sealedCode', 'token', 'updatedAt']);
		expect(row).toMatchObject({ token: started.json.token, sealedCode: expect.stringMatching(/^seal1\./) });
		expect(Object.values(row)).not.toContain(codeIn(whatsApp));
	});

	test("no code appears in n8n's log", async () => {
		const codes = (await accepted()).map(codeIn).filter(Boolean);
		expect(codes.length).toBeGreaterThan(0);
		for (const code of codes) expect(n8n.logs()).not.toMatch(new RegExp(`(^|\\D)${code}(\\D|$)`));
	});
});
