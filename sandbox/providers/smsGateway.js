'use strict';

/**
 * The self-hosted Laravel SMS gateway (v1 and v2) under `/gateway/api`, as
 * ../shared/api-docs/sms-gateway-v1-v2.txt describes it. A Laravel-style throttle runs in front of
 * every route (the `before` hook); API key management lives in smsGatewayKeys.js.
 */

const { isJsonMediaType, parseForm, tryParseJson } = require('../core/http');
const {
	isPlainObject,
	isBlank,
	isNonEmptyString,
	assertNonNegativeNumber,
	assertPositiveInteger,
} = require('../core/values');
const { uuidV4 } = require('../core/ids');
const { smsParts } = require('../core/smsParts');
const { SlidingWindow } = require('../core/slidingWindow');
const keys = require('./smsGatewayKeys');

const PREFIX = '/gateway/api';
const CURRENCY = 'KES';
const PRICE_PER_PART = 0.8;
const RATE_LIMIT_WINDOW_MS = 60 * 1000;
// Headers the Laravel app sends on every API answer (see the Scribe examples).
const COMMON_HEADERS = Object.freeze({
	'cache-control': 'no-cache, private',
	'access-control-allow-origin': '*',
});
// National Kenyan mobile numbers (07xx..., 01xx...) and international numbers with or without "+".
const KENYAN_NATIONAL_NUMBER = /^0[17]\d{8}$/;
const KENYAN_INTERNATIONAL_NUMBER = /^\+?254[17]\d{8}$/;
const OTHER_INTERNATIONAL_NUMBER = /^\+?(?!254)[1-9]\d{7,14}$/;

const credentials = { smsGateway: keys.credentials };

function roundMoney(amount) {
	return Math.round(amount * 100) / 100;
}

/** Laravel merges the query with a form or JSON body; other bodies add nothing. */
function bodyParams(ctx) {
	if (ctx.contentType === 'application/x-www-form-urlencoded') return parseForm(ctx.rawBody);
	if (isJsonMediaType(ctx.contentType)) {
		const parsed = tryParseJson(ctx.rawBody);
		return parsed.ok && isPlainObject(parsed.value) ? parsed.value : {};
	}
	return {};
}

/** Counted per API key, else per username, else per client address (Laravel's default). */
function rateLimitKey(ctx) {
	const apiKey = keys.presentedKey(ctx);
	if (apiKey) return `key:${apiKey}`;
	if (isNonEmptyString(ctx.params.username)) return `user:${ctx.params.username}`;
	return `ip:${ctx.req.socket.remoteAddress}`;
}

/**
 * Laravel-style throttle in front of every gateway route. Answers 429 and returns false past the
 * limit; otherwise sets the headers every gateway answer carries (`ctx.gatewayHeaders`).
 */
function throttle(ctx, _route, sandbox) {
	ctx.params = { ...ctx.query, ...bodyParams(ctx) };
	const { rateLimitHits } = sandbox.state.smsGateway;
	const limit = sandbox.config.gatewayRateLimit;
	const key = rateLimitKey(ctx);
	const now = sandbox.now();
	let hits = rateLimitHits.get(key);
	if (!hits) rateLimitHits.set(key, (hits = new SlidingWindow(RATE_LIMIT_WINDOW_MS)));
	const used = hits.countAt(now);
	if (used >= limit) {
		const retryAfter = Math.max(1, Math.ceil((hits.oldest() + RATE_LIMIT_WINDOW_MS - now) / 1000));
		ctx.reply(429, { message: 'Too Many Attempts.' }, tooManyAttemptsHeaders(limit, retryAfter, now));
		return false;
	}
	hits.add(now);
	ctx.gatewayHeaders = {
		...COMMON_HEADERS,
		'x-ratelimit-limit': String(limit),
		'x-ratelimit-remaining': String(limit - used - 1),
	};
	return true;
}

function tooManyAttemptsHeaders(limit, retryAfter, now) {
	return {
		...COMMON_HEADERS,
		'x-ratelimit-limit': String(limit),
		'x-ratelimit-remaining': '0',
		'retry-after': String(retryAfter),
		'x-ratelimit-reset': String(Math.ceil(now / 1000) + retryAfter),
	};
}

function fieldProblem(field, value) {
	if (isBlank(value)) return `The ${field} field is required.`;
	if (typeof value !== 'string') return `The ${field} field must be a string.`;
	return null;
}

function isGatewayNumber(number) {
	return (
		KENYAN_NATIONAL_NUMBER.test(number) ||
		KENYAN_INTERNATIONAL_NUMBER.test(number) ||
		OTHER_INTERNATIONAL_NUMBER.test(number)
	);
}

function sendV1(ctx, sandbox) {
	if (!keys.passwordValid(ctx.params)) return keys.gatewayReply(ctx, 401, { error: 'Unauthorized.' });
	send(ctx, sandbox);
}

function sendV2(ctx, sandbox) {
	if (!keys.keyAuthorized(ctx, sandbox)) return;
	send(ctx, sandbox);
}

/** The send both API versions share once the caller is authenticated. */
function send(ctx, sandbox) {
	const { numbers, message_body: messageBody } = ctx.params;
	const problem = fieldProblem('numbers', numbers) || fieldProblem('message_body', messageBody);
	if (problem) return keys.gatewayReply(ctx, 400, { error: problem });
	// Spaces around commas are fine and a trailing comma is ignored.
	const recipients = numbers
		.split(',')
		.map((number) => number.trim())
		.filter(Boolean);
	if (recipients.length === 0) return keys.gatewayReply(ctx, 400, { error: 'The numbers field is required.' });
	if (!recipients.every(isGatewayNumber)) return keys.gatewayReply(ctx, 400, { error: 'Invalid phone number format.' });
	const parts = smsParts(messageBody);
	const cost = roundMoney(parts * recipients.length * PRICE_PER_PART);
	if (cost > sandbox.config.gatewayBalance) return keys.gatewayReply(ctx, 402, { error: 'Insufficient balance.' });
	sandbox.config.gatewayBalance = roundMoney(sandbox.config.gatewayBalance - cost);

	const queued = recipients.map((number) => ({ number, message_id: uuidV4(), status: 'queued' }));
	keys.gatewayReply(ctx, 200, {
		status: 'success',
		message: 'Message queued',
		data: { recipients: queued, count: recipients.length, parts, cost, currency: CURRENCY },
	});
	for (const { number, message_id: messageId } of queued) {
		sandbox.accept(ctx, { provider: 'gateway', channel: 'sms', messageId, to: number, text: messageBody });
	}
}

function balance(ctx, sandbox) {
	if (!keys.keyAuthorized(ctx, sandbox)) return;
	keys.gatewayReply(ctx, 200, { balance: sandbox.config.gatewayBalance, currency: CURRENCY });
}

/** The doc's only example for GET /api/v2 (the Swagger page) is a 500. */
function swaggerPage(ctx) {
	keys.gatewayReply(ctx, 500, { message: 'Server Error' });
}

/** Laravel's throttle answer (with its rate-limit headers) or its generic 500, for chaos faults. */
function errorAnswer(status, { retryAfterSeconds }, sandbox) {
	if (status === 429) {
		const headers = tooManyAttemptsHeaders(sandbox.config.gatewayRateLimit, retryAfterSeconds, sandbox.now());
		return { body: { message: 'Too Many Attempts.' }, headers };
	}
	return { body: { message: 'Server Error' }, headers: { ...COMMON_HEADERS } };
}

module.exports = {
	name: 'smsGateway',
	credentials,
	baseUrls: { smsGateway: PREFIX },
	areas: [{ name: 'gateway', path: PREFIX, subpaths: true }],
	config: {
		gatewayRateLimit: { default: 60, validate: assertPositiveInteger },
		gatewayBalance: { default: 10000, validate: assertNonNegativeNumber }, // KES
	},
	initState: () => ({ keys: keys.initialKeys(), rateLimitHits: new Map() }),
	before: throttle,
	errorAnswer,
	routes: [
		{ method: 'POST', path: `${PREFIX}/v1/sms/send`, handler: sendV1 },
		{ method: 'POST', path: `${PREFIX}/v2/sms/send`, handler: sendV2 },
		{ method: 'GET', path: `${PREFIX}/v2/sms/send`, handler: sendV2 },
		{ method: 'GET', path: `${PREFIX}/v2/account/balance`, handler: balance },
		{ method: 'POST', path: `${PREFIX}/generate-key`, handler: keys.generateKey },
		{ method: 'POST', path: `${PREFIX}/revoke-key`, handler: keys.revokeKey },
		{ method: 'POST', path: `${PREFIX}/regenerate-key`, handler: keys.regenerateKey },
		{ method: 'GET', path: `${PREFIX}/v2`, handler: swaggerPage },
	],
};
