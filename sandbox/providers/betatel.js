'use strict';

/**
 * Betatel Connect Hub: SMS (`POST /api/v1/connect-hub/sms`) and WhatsApp OTP
 * (`POST /api/v1/connect-hub/whatsapp/otp`), as ../shared/api-docs/betatel-*.txt describe them.
 * Both share one API key and one balance; status events go to `betatelWebhookUrl`.
 */

const { isJsonMediaType, tryParseJson } = require('../core/http');
const {
	INTERNATIONAL_DIGITS,
	isPlainObject,
	isNonEmptyString,
	nowIso,
	assertCallbackUrl,
	assertNonNegativeNumber,
} = require('../core/values');
const { uuidV1, ulid } = require('../core/ids');

const SMS_PATH = '/api/v1/connect-hub/sms';
const WHATSAPP_PATH = '/api/v1/connect-hub/whatsapp/otp';
const WHATSAPP_MAX_TEXT_CHARS = 4096;
const COST_PER_MESSAGE = 1;
const SMS_STATUSES = ['PENDING', 'SENT', 'DELIVERED'];
const WHATSAPP_STATUSES = ['PENDING', 'SENT', 'DELIVERED', 'READ'];

const credentials = {
	betatelSms: { apiKey: 'sandbox-betatel-api-key', userId: 'sandbox-user-id' },
	betatelWhatsApp: { apiKey: 'sandbox-betatel-api-key', accountId: 'sandbox-account-id' },
};

/** NestJS-style error body: `error` only on 400, as Nest's defaults do. */
function betatelError(ctx, status, message) {
	const body = { statusCode: status, message };
	if (status === 400) body.error = 'Bad Request';
	ctx.reply(status, body);
}

/** Checks both routes share; answers and returns null when the request is refused. */
function acceptedBody(ctx, idHeader, expectedId) {
	if (ctx.headers['x-api-key'] !== credentials.betatelSms.apiKey || ctx.headers[idHeader] !== expectedId) {
		betatelError(ctx, 401, 'Unauthorized');
		return null;
	}
	if (!isJsonMediaType(ctx.contentType)) {
		betatelError(ctx, 400, 'Content-Type must be application/json');
		return null;
	}
	const parsed = tryParseJson(ctx.rawBody);
	if (!parsed.ok || !isPlainObject(parsed.value)) {
		betatelError(ctx, 400, 'Request body must be a JSON object');
		return null;
	}
	return parsed.value;
}

/** One credit per accepted message; answers 402 and returns false when none is left. */
function charge(ctx, sandbox) {
	if (sandbox.config.betatelBalance < COST_PER_MESSAGE) {
		ctx.reply(402, { statusCode: 402, message: 'Insufficient balance' });
		return false;
	}
	sandbox.config.betatelBalance -= COST_PER_MESSAGE;
	return true;
}

function sendSms(ctx, sandbox) {
	const body = acceptedBody(ctx, 'x-user-id', credentials.betatelSms.userId);
	if (!body) return;
	const { from, to, text } = body;
	if (!isNonEmptyString(from)) return betatelError(ctx, 400, 'from must be a non-empty string');
	if (typeof to !== 'string' || !INTERNATIONAL_DIGITS.test(to)) {
		return betatelError(
			ctx,
			400,
			'to must be a phone number in international format: 8 to 15 digits, no "+" or "00" prefix',
		);
	}
	if (!isNonEmptyString(text)) return betatelError(ctx, 400, 'text must be a non-empty string');
	if (!charge(ctx, sandbox)) return;

	const messageId = uuidV1();
	ctx.reply(200, { messageId, from, to });
	sandbox.scheduleCallbacks(
		sandbox.config.betatelWebhookUrl,
		SMS_STATUSES.map((status) => () => ({ messageId, channel: 'sms', status, to, timestamp: nowIso() })),
	);
}

function sendWhatsAppOtp(ctx, sandbox) {
	const body = acceptedBody(ctx, 'x-account-id', credentials.betatelWhatsApp.accountId);
	if (!body) return;
	const { to, text } = body;
	if (typeof to !== 'string' || !INTERNATIONAL_DIGITS.test(to)) {
		return betatelError(ctx, 400, 'to must be in E.164 format without the + prefix (8 to 15 digits)');
	}
	if (!isNonEmptyString(text)) return betatelError(ctx, 400, 'text must be a non-empty string');
	if ([...text].length > WHATSAPP_MAX_TEXT_CHARS) {
		return betatelError(ctx, 400, `text must be at most ${WHATSAPP_MAX_TEXT_CHARS} characters`);
	}
	if (!charge(ctx, sandbox)) return;

	const uuid = ulid();
	ctx.reply(200, { uuid, to });
	sandbox.scheduleCallbacks(
		sandbox.config.betatelWebhookUrl,
		WHATSAPP_STATUSES.map((status) => () => ({ uuid, channel: 'whatsapp', status, to, timestamp: nowIso() })),
	);
}

module.exports = {
	name: 'betatel',
	credentials,
	baseUrls: { betatel: '' },
	areas: [
		{ name: 'betatel-sms', path: SMS_PATH },
		{ name: 'betatel-whatsapp', path: WHATSAPP_PATH },
	],
	config: {
		betatelWebhookUrl: { default: null, validate: assertCallbackUrl },
		betatelBalance: { default: 1000000, validate: assertNonNegativeNumber }, // credits
	},
	routes: [
		{ method: 'POST', path: SMS_PATH, handler: sendSms },
		{ method: 'POST', path: WHATSAPP_PATH, handler: sendWhatsAppOtp },
	],
};
