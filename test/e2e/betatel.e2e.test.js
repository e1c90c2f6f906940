// The Betatel node inside a real n8n: each example workflow from examples/workflows is run
// with `n8n execute --id` against the sandbox, and both the node's output and the HTTP
// request the provider received are checked.
'use strict';

const { SANDBOX_CREDENTIALS } = require('../../sandbox/server');
const { readState, runWorkflow, nodeOutput, sandboxClient, secretsIn } = require('./support/e2e');

const SMS_PATH = '/api/v1/connect-hub/sms';
const WHATSAPP_PATH = '/api/v1/connect-hub/whatsapp/otp';
const { betatelSms, betatelWhatsApp } = SANDBOX_CREDENTIALS;

describe('Betatel node in a real n8n (n8n execute --id)', () => {
	let state;
	let sandbox;

	beforeAll(() => {
		state = readState();
		sandbox = sandboxClient(state);
	});

	beforeEach(() => sandbox.clearRequests());

	async function runSuccessfully(workflowId) {
		const run = await runWorkflow(state, workflowId);
		if (run.code !== 0 || !run.execution) {
			throw new Error(`n8n execute --id=${workflowId} exited ${run.code}\n${run.stdout}\n${run.stderr}`);
		}
		expect(run.execution.status).toBe('success');
		// Credentials are stored encrypted; nothing n8n prints may contain them.
		expect(secretsIn(run.stdout + run.stderr)).toEqual([]);
		return run;
	}

	test('Send SMS: one POST with the SMS credential headers, and an accepted item', async () => {
		const run = await runSuccessfully('SmsOtpExSendSms1');

		const items = nodeOutput(run.execution, 'Send SMS');
		expect(items).toEqual([
			expect.objectContaining({
				provider: 'betatel',
				messageId: expect.stringMatching(/\S/),
				from: 'SmsOtpDemo',
				to: '254712345678',
				status: 'accepted',
				encoding: 'GSM-7',
				segments: 1,
			}),
		]);

		const requests = await sandbox.requests();
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request).toMatchObject({ method: 'POST', path: SMS_PATH, responseStatus: 200 });
		expect(request.headers['x-api-key']).toBe(betatelSms.apiKey);
		expect(request.headers['x-user-id']).toBe(betatelSms.userId);
		expect(request.headers).not.toHaveProperty('x-account-id');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({
			from: 'SmsOtpDemo',
			to: '254712345678',
			text: 'Your verification code is 482913',
		});
	});

	test('WhatsApp OTP: a national number with default country KE goes out as 254..., with the account header', async () => {
		const run = await runSuccessfully('SmsOtpExWhatsApp');

		const items = nodeOutput(run.execution, 'Send WhatsApp OTP');
		expect(items).toEqual([
			expect.objectContaining({
				provider: 'betatel',
				messageId: expect.stringMatching(/\S/),
				to: '254712345678',
				status: 'accepted',
			}),
		]);

		const requests = await sandbox.requests();
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request).toMatchObject({ method: 'POST', path: WHATSAPP_PATH, responseStatus: 200 });
		expect(request.headers['x-api-key']).toBe(betatelWhatsApp.apiKey);
		expect(request.headers['x-account-id']).toBe(betatelWhatsApp.accountId);
		expect(request.headers).not.toHaveProperty('x-user-id');
		expect(request.body).toEqual({
			to: '254712345678',
			text: 'Your login code is 730154. It expires in 10 minutes.',
		});
	});

	test('continue on fail: the invalid number becomes an error item, the valid one is still sent', async () => {
		const run = await runSuccessfully('SmsOtpExContFail');

		const [sent, failed] = nodeOutput(run.execution, 'Send SMS');
		expect(sent).toEqual(expect.objectContaining({ provider: 'betatel', to: '254712345678', status: 'accepted' }));
		expect(failed).toEqual(expect.objectContaining({ error: expect.stringContaining('"12"') }));
		expect(failed).not.toHaveProperty('messageId');

		const requests = await sandbox.requests();
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toEqual({
			from: 'SmsOtpDemo',
			to: '254712345678',
			text: 'Your verification code is 100200',
		});
	});
});
