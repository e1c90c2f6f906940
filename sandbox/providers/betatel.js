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
const { statusOutcomeFor } = require('../core/config');

const SMS_PATH = '/api/v1/connect-hub/sms';
const WHATSAPP_PATH = '/api/v1/connect-hub/whatsapp/otp';
const WHATSAPP_MAX_TEXT_CHARS = 4096;
const COST_PER_MESSAGE = 1;
// Status events per configured outcome (`statusOutcomes`); without one SMS ends DELIVERED and
// WhatsApp READ. The webhook body is undocumented: the `error` details are the sandbox's choice.
const STATUSES_BY_OUTCOME = {
	SUBMIT_FAILED: ['PENDING', 'FAILED'],
	SENT: ['PENDING', 'SENT'],
	DELIVERED: ['PENDING', 'SENT', 'DELIVERED'],
	FAILED: ['PENDING', 'SENT', 'FAILED'],
	EXPIRED: ['PENDING', 'SENT', 'EXPIRED'],
};
const DEFAULT_STATUSES = { sms: STATUSES_BY_OUTCOME.DELIVERED, whatsapp: ['PENDING', 'SENT', 'DELIVERED', 'READ'] };
const ERRORS_BY_OUTCOME = {
	SUBMIT_FAILED: { errorCode: 'REJECTED', errorMessage: 'The message was rejected before it was sent.' },
	FAILED: { errorCode: 'UNDELIVERABLE', errorMessage: 'The message could not be delivered to the recipient.' },
	EXPIRED: { errorCode: 'EXPIRED', errorMessage: 'The message expired before it could be delivered.' },
};

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

/**
 * Books an accepted message (accounting) and schedules its status events; `idField` is
 * `messageId` (SMS) or `uuid` (WhatsApp), as in the send's answer.
 */
function accepted(ctx, sandbox, { channel, idField, id, from, to, text }) {
	sandbox.accept(ctx, { provider: 'betatel', channel, messageId: id, to, from, text });
	const outcome = statusOutcomeFor(sandbox.config, to);
	const statuses = outcome ? STATUSES_BY_OUTCOME[outcome] : DEFAULT_STATUSES[channel];
	sandbox.scheduleCallbacks(
		sandbox.config.betatelWebhookUrl,
		statuses.map((status) => () => ({
			[idField]: id,
			channel,
			status,
			to,
			timestamp: nowIso(),
			...(status === 'FAILED' || status === 'EXPIRED' ? { error: { ...ERRORS_BY_OUTCOME[outcome] } } : {}),
		})),
	);
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
	accepted(ctx, sandbox, { channel: 'sms', idField: 'messageId', id: messageId, from, to, text });
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
	accepted(ctx, sandbox, { channel: 'whatsapp', idField: 'uuid', id: uuid, from: null, to, text });
}

/** How Nest answers a 429 (its throttler) or an unhandled error, for chaos faults. */
function errorAnswer(status) {
	const message = status === 429 ? 'ThrottlerException: Too Many Requests' : 'Internal server error';
	return { body: { statusCode: status, message }, headers: {} };
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
	errorAnswer,
	routes: [
		{ method: 'POST', path: SMS_PATH, handler: sendSms },
		{ method: 'POST', path: WHATSAPP_PATH, handler: sendWhatsAppOtp },
	],
};
