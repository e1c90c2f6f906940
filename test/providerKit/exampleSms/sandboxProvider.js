'use strict';

// 5. The sandbox fixture: the provider's API as its document describes it, for the tests.
const { tryParseJson } = require('../../../sandbox/core/http');
const { INTERNATIONAL_DIGITS, isPlainObject, isNonEmptyString, assertNonNegativeNumber } = require('../../../sandbox/core/values');
const { ulid } = require('../../../sandbox/core/ids');

const PATH = '/example-sms/v1/messages';
const credentials = { exampleSms: { apiKey: 'sandbox-example-sms-key' } };

function sendMessage(ctx, sandbox) {
	if (ctx.headers.authorization !== `Bearer ${credentials.exampleSms.apiKey}`) return ctx.reply(401, { message: 'Invalid API key' });
	const parsed = tryParseJson(ctx.rawBody);
	const body = parsed.ok && isPlainObject(parsed.value) ? parsed.value : {};
	const { from, to, text } = body;
	if (!isNonEmptyString(from) || !isNonEmptyString(text) || typeof to !== 'string' || !INTERNATIONAL_DIGITS.test(to)) {
		return ctx.reply(400, { message: 'from, to (international digits) and text are required' });
	}
	if (sandbox.config.exampleSmsBalance < 1) return ctx.reply(402, { message: 'Insufficient balance' });
	sandbox.config.exampleSmsBalance -= 1;
	const id = ulid();
	ctx.reply(201, { id, status: 'queued' });
	sandbox.accept(ctx, { provider: 'exampleSms', channel: 'sms', messageId: id, to, from, text });
}

module.exports = {
	name: 'exampleSms',
	credentials,
	baseUrls: { exampleSms: '/example-sms' },
	areas: [{ name: 'example-sms', path: PATH }],
	config: { exampleSmsBalance: { default: 1000000, validate: assertNonNegativeNumber } },
	routes: [{ method: 'POST', path: PATH, handler: sendMessage }],
};
