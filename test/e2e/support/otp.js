// The OTP examples in a real n8n: the set-up (API keys, data tables, credential, publishing)
// lives in scripts/n8n/otpSetup.js, shared with `npm run dev`; this adds what tests need.
'use strict';

const instance = require('../../../scripts/n8n/instance');
const otpSetup = require('../../../scripts/n8n/otpSetup');

const WEBHOOK_RETRY_MS = 500;
const WEBHOOK_REGISTRATION_TIMEOUT_MS = 30000;

/** POSTs JSON to a production webhook, retrying while n8n is still registering it (404). */
async function postWebhook(url, body) {
	const deadline = Date.now() + WEBHOOK_REGISTRATION_TIMEOUT_MS;
	for (;;) {
		const answer = await otpSetup.request('POST', url, { body });
		if (answer.status !== 404 || Date.now() > deadline) return answer;
		await instance.sleep(WEBHOOK_RETRY_MS);
	}
}

module.exports = { ...otpSetup, postWebhook };
