// What each Betatel example workflow (examples/workflows) must produce, node output and
// provider requests: one table for the single-process suite (test/e2e/betatel.e2e.test.js)
// and the queue-mode suite (test/queue/examples.queue.spec.js), which must see the same.
'use strict';

const { SANDBOX_CREDENTIALS } = require('../../../sandbox/server');

const SMS_PATH = '/api/v1/connect-hub/sms';
const WHATSAPP_PATH = '/api/v1/connect-hub/whatsapp/otp';
const { betatelSms, betatelWhatsApp } = SANDBOX_CREDENTIALS;

function expectSmsHeaders(request) {
	expect(request.headers['x-api-key']).toBe(betatelSms.apiKey);
	expect(request.headers['x-user-id']).toBe(betatelSms.userId);
	expect(request.headers).not.toHaveProperty('x-account-id');
	expect(request.headers['content-type']).toMatch(/^application\/json/);
}

const BETATEL_EXAMPLES = [
	{
		title: 'Send SMS: one POST with the SMS credential headers, and an accepted item',
		workflowId: 'SmsOtpExSendSms1',
		node: 'Send SMS',
		expectItems(items) {
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
		},
		expectRequests(requests) {
			expect(requests).toHaveLength(1);
			const [request] = requests;
			expect(request).toMatchObject({ method: 'POST', path: SMS_PATH, responseStatus: 200 });
			expectSmsHeaders(request);
			expect(request.body).toEqual({ from: 'SmsOtpDemo', to: '254712345678', text: 'Your verification code is 482913' });
		},
	},
	{
		title: 'WhatsApp OTP: a national number with default country KE goes out as 254..., with the account header',
		workflowId: 'SmsOtpExWhatsApp',
		node: 'Send WhatsApp OTP',
		expectItems(items) {
			expect(items).toEqual([
				expect.objectContaining({
					provider: 'betatel',
					messageId: expect.stringMatching(/\S/),
					to: '254712345678',
					status: 'accepted',
				}),
			]);
		},
		expectRequests(requests) {
			expect(requests).toHaveLength(1);
			const [request] = requests;
			expect(request).toMatchObject({ method: 'POST', path: WHATSAPP_PATH, responseStatus: 200 });
			expect(request.headers['x-api-key']).toBe(betatelWhatsApp.apiKey);
			expect(request.headers['x-account-id']).toBe(betatelWhatsApp.accountId);
			expect(request.headers).not.toHaveProperty('x-user-id');
			expect(request.body).toEqual({ to: '254712345678', text: 'Your login code is 730154. It expires in 10 minutes.' });
		},
	},
	{
		title: 'continue on fail: the invalid number becomes an error item, the valid one is still sent',
		workflowId: 'SmsOtpExContFail',
		node: 'Send SMS',
		expectItems([sent, failed, ...rest]) {
			expect(rest).toEqual([]);
			expect(sent).toEqual(expect.objectContaining({ provider: 'betatel', to: '254712345678', status: 'accepted' }));
			expect(failed).toEqual(expect.objectContaining({ error: expect.stringContaining('"12"') }));
			expect(failed).not.toHaveProperty('messageId');
		},
		expectRequests(requests) {
			expect(requests).toHaveLength(1);
			expect(requests[0].body).toEqual({ from: 'SmsOtpDemo', to: '254712345678', text: 'Your verification code is 100200' });
		},
	},
];

module.exports = { BETATEL_EXAMPLES, SMS_PATH, expectSmsHeaders };
