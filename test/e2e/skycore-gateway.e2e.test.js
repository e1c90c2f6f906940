// The Skycore and SMS Gateway nodes inside a real n8n: each example workflow from
// examples/workflows is run with `n8n execute --id` against the sandbox, and both the node's
// output and the HTTP requests the provider received are checked.
'use strict';

const { SANDBOX_CREDENTIALS } = require('../../sandbox/server');
const { readState, runWorkflow, nodeOutput, sandboxClient, secretsIn } = require('./support/e2e');

const { skycore, smsGateway } = SANDBOX_CREDENTIALS;

describe('Skycore and SMS Gateway nodes in a real n8n (n8n execute --id)', () => {
	let state;
	let sandbox;

	beforeAll(() => {
		state = readState();
		sandbox = sandboxClient(state);
	});

	// Key operations change the sandbox's keys: every test starts from its initial state.
	beforeEach(() => sandbox.reset());

	async function runSuccessfully(workflowId) {
		const run = await runWorkflow(state, workflowId);
		if (run.code !== 0 || !run.execution) {
			throw new Error(`n8n execute --id=${workflowId} exited ${run.code}\n${run.stdout}\n${run.stderr}`);
		}
		expect(run.execution.status).toBe('success');
		expect(secretsIn(run.stdout + run.stderr)).toEqual([]);
		return run;
	}

	test('Skycore Send SMS: one sendsms action with the x-api-key header, the options, and an accepted item', async () => {
		const run = await runSuccessfully('SmsOtpExSkycore1');
		const [item] = nodeOutput(run.execution, 'Send SMS');
		expect(item).toEqual(
			expect.objectContaining({
				provider: 'skycore',
				messageId: item['tracking-id'],
				to: '17743199144',
				status: 'accepted',
				encoding: 'GSM-7',
				segments: 1,
			}),
		);
		const requests = await sandbox.requests();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'POST', path: '/skycore/api/v2', responseStatus: 200 });
		expect(requests[0].headers['x-api-key']).toBe(skycore.apiKey);
		expect(requests[0].body).toEqual({
			action: 'sendsms',
			'message-text': 'Your verification code is 604127',
			to: '17743199144',
			from: '60856',
			'from-mask': 'SmsOtpDemo',
			'campaign-ref': 'campaign2345',
		});
	});

	test('SMS Gateway Send SMS: v1 form with the login, two national numbers, one item with both recipients', async () => {
		const run = await runSuccessfully('SmsOtpExGwSend01');
		const [item] = nodeOutput(run.execution, 'Send SMS');
		expect(item).toEqual(
			expect.objectContaining({
				provider: 'smsGateway',
				status: 'accepted',
				to: '0712345678,0798765432',
				recipients: [
					expect.objectContaining({ to: '0712345678', status: 'queued' }),
					expect.objectContaining({ to: '0798765432', status: 'queued' }),
				],
				rateLimit: { limit: 60, remaining: 59 },
			}),
		);
		const requests = await sandbox.requests();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'POST', path: '/gateway/api/v1/sms/send', responseStatus: 200 });
		expect(requests[0].headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		expect(requests[0].body).toEqual({
			numbers: '0712345678,0798765432',
			message_body: 'Your verification code is 215580',
			username: smsGateway.username,
			password: smsGateway.password,
		});
	});

	test('SMS Gateway Get Balance: a GET with the X-API-Key header', async () => {
		const run = await runSuccessfully('SmsOtpExGwBalanc');
		expect(nodeOutput(run.execution, 'Get Balance')).toEqual([
			{ provider: 'smsGateway', balance: 10000, currency: 'KES', rateLimit: { limit: 60, remaining: 59 } },
		]);
		const requests = await sandbox.requests();
		expect(requests.map((request) => [request.method, request.path, request.headers['x-api-key']])).toEqual([
			['GET', '/gateway/api/v2/account/balance', smsGateway.apiKey],
		]);
	});

	test('SMS Gateway Generate API Key: signed with the login; the new key is in the output', async () => {
		const run = await runSuccessfully('SmsOtpExGwGenKey');
		const [item] = nodeOutput(run.execution, 'Generate API Key');
		expect(item).toEqual(
			expect.objectContaining({ message: 'API key generated successfully.', apiKey: expect.stringMatching(/^[0-9a-f]{40}$/) }),
		);
		const requests = await sandbox.requests();
		expect(requests[0]).toMatchObject({ path: '/gateway/api/generate-key', responseStatus: 201 });
		expect(requests[0].body).toEqual({ expiry_days: 30, username: smsGateway.username, password: smsGateway.password });
	});

	test('SMS Gateway Regenerate and Revoke: act on the spare key of their credential only', async () => {
		const regenerated = await runSuccessfully('SmsOtpExGwRegenK');
		expect(nodeOutput(regenerated.execution, 'Regenerate API Key')).toEqual([
			expect.objectContaining({ message: 'API key regenerated successfully.', apiKey: expect.stringMatching(/^[0-9a-f]{40}$/) }),
		]);
		await sandbox.reset();
		const revoked = await runSuccessfully('SmsOtpExGwRevoke');
		expect(nodeOutput(revoked.execution, 'Revoke API Key')).toEqual([
			expect.objectContaining({ message: 'API key revoked successfully.', revoked: 1 }),
		]);
		const requests = await sandbox.requests();
		expect(requests.map((request) => [request.path, request.headers['x-api-key'], request.responseStatus])).toEqual([
			['/gateway/api/revoke-key', smsGateway.spareApiKey, 200],
		]);
		// The main sandbox key still works: the balance example succeeds.
		await runSuccessfully('SmsOtpExGwBalanc');
	});
});
