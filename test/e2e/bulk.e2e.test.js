// Bulk Send inside a real n8n: the example workflow sends to 284 entries (two invalid numbers,
// a landline, text that is no number, three repeats) while the sandbox answers one request
// with a 429; every output item is checked against what the sandbox accepted.
'use strict';

const { readState, runWorkflow, nodeOutput, sandboxClient, secretsIn } = require('./support/e2e');

describe('Bulk Send in a real n8n (n8n execute --id)', () => {
	let state;
	let sandbox;

	beforeAll(() => {
		state = readState();
		sandbox = sandboxClient(state);
	});

	test('one item per recipient, invalid and repeats reported, a 429 waited out, each valid number accepted once', async () => {
		await sandbox.reset();
		await sandbox.injectFault({ path: '/api/v1/connect-hub/sms', status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '1' } });
		const run = await runWorkflow(state, 'SmsOtpExBulkSend');
		if (run.code !== 0 || !run.execution) throw new Error(`n8n execute exited ${run.code}\n${run.stdout}\n${run.stderr}`);
		expect(run.execution.status).toBe('success');
		expect(secretsIn(run.stdout + run.stderr)).toEqual([]);

		const items = nodeOutput(run.execution, 'Bulk Send');
		expect(items).toHaveLength(284);
		const count = (status) => items.filter((item) => item.status === status).length;
		expect({ accepted: count('accepted'), invalid: count('invalid'), duplicate: count('duplicate') }).toEqual({
			accepted: 278,
			invalid: 3,
			duplicate: 3,
		});
		expect(items[10]).toMatchObject({ status: 'invalid', toGiven: '12', to: null });
		expect(items[10].error.message).toMatch(/^Invalid "Recipients" in item 0: "12"/);
		expect(items[282]).toMatchObject({ status: 'duplicate', toGiven: '0044 7911 100003', duplicateOf: 3 });
		expect(items.some((item) => item.attempts === 2)).toBe(true);

		const accepted = await sandbox.accepted();
		expect(accepted).toHaveLength(278);
		expect(new Set(accepted.map((entry) => entry.to)).size).toBe(278);
		const byId = new Map(accepted.map((entry) => [entry.messageId, entry.to]));
		for (const item of items.filter((entry) => entry.status === 'accepted')) expect(byId.get(item.messageId)).toBe(item.to);
		const requests = await sandbox.requests();
		expect(requests.filter((request) => request.responseStatus === 429)).toHaveLength(1);
		expect(requests).toHaveLength(279);
	});
});
