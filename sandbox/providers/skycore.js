'use strict';

/**
 * Skycore Messaging API v2: `action: sendsms` on `POST /skycore/api/v2`, as
 * ../shared/api-docs/skycore-send-sms-v2.txt describes it. Every answer is HTTP 200; failures are
 * told in the body. SMS MT postbacks go to `skycorePostbackUrl` (see skycorePostbacks.js).
 */

const { tryParseJson } = require('../core/http');
const { INTERNATIONAL_DIGITS, isPlainObject, isNonEmptyString, assertCallbackUrl } = require('../core/values');
const { randomHex } = require('../core/ids');
const { statusOutcomeFor } = require('../core/config');
const { SlidingWindow } = require('../core/slidingWindow');
const { schedulePostbacks } = require('./skycorePostbacks');

const PATH = '/skycore/api/v2';
const SEND_ACTION = 'sendsms';
// Shortcode, toll-free or 10DLC with country code; the doc's own example sender is "00000".
const SENDER = /^\d{3,15}$/;
const FROM_MASK_MAX_CHARS = 11;
const ACCEPTED_DETAILS = 'SMS request accepted and queued for delivery';
const ERROR = Object.freeze({
	invalidRequest: 'E100',
	authentication: 'E103',
	invalidReceiver: 'E110',
	invalidSender: 'E111',
	throughputExceeded: 'E113',
});
const THROUGHPUT_WINDOW_MS = 1000;
const POSTBACK_FORMATS = ['json', 'xml'];

const credentials = { skycore: { apiKey: 'sandbox-skycore-api-key' } };

/** Skycore reports failures in the body with HTTP 200; `to` is echoed as digits, like the doc's example. */
function failure(ctx, code, info, to) {
	ctx.reply(200, {
		status: 'Failure',
		'error-code': code,
		'error-info': info,
		to: typeof to === 'string' || typeof to === 'number' ? String(to).replace(/\D/g, '') : '',
	});
}

function optionalFieldProblem(body) {
	for (const field of ['from-mask', 'campaign-ref']) {
		if (body[field] !== undefined && body[field] !== null && typeof body[field] !== 'string') {
			return `${field} must be a string.`;
		}
	}
	const clickTracking = body['click-tracking'];
	if (clickTracking !== undefined && ![true, false, 'true', 'false'].includes(clickTracking)) {
		return 'click-tracking must be true or false.';
	}
	return null;
}

/**
 * The account's throughput limit (`skycoreMaxPerSecond`, off when null): true when one more
 * message fits in the rolling second, which it then takes. Refused messages take nothing.
 */
function throughputAllows(sandbox) {
	const limit = sandbox.config.skycoreMaxPerSecond;
	if (limit === null) return true;
	const { acceptedTimes } = sandbox.state.skycore;
	const now = sandbox.now();
	if (acceptedTimes.countAt(now) >= limit) return false;
	acceptedTimes.add(now);
	return true;
}

function sendSms(ctx, sandbox) {
	const apiKey = ctx.headers['x-api-key'];
	const parsed = tryParseJson(ctx.rawBody); // content type is not enforced: the body is read as JSON
	const body = parsed.ok && isPlainObject(parsed.value) ? parsed.value : null;
	const to = body ? body.to : undefined;
	const fail = (code, info) => failure(ctx, code, info, to);

	if (!apiKey) return fail(ERROR.authentication, 'Authentication failed. API key is missing.');
	if (apiKey !== credentials.skycore.apiKey) {
		return fail(ERROR.authentication, 'Authentication failed. Invalid API key.');
	}
	if (!body) return fail(ERROR.invalidRequest, 'Invalid Request. The body must be a JSON object.');
	if (typeof body.action !== 'string' || body.action.toLowerCase() !== SEND_ACTION) {
		return fail(ERROR.invalidRequest, 'Invalid Request. Unknown or missing action.');
	}
	if (!isNonEmptyString(body['message-text'])) {
		return fail(ERROR.invalidRequest, 'Invalid Request. message-text is required.');
	}
	if (typeof to !== 'string' || !INTERNATIONAL_DIGITS.test(to)) return fail(ERROR.invalidReceiver, 'Invalid Receiver.');
	const from = body.from;
	if (typeof from !== 'string' || !SENDER.test(from)) return fail(ERROR.invalidSender, 'Invalid Sender.');
	const optionalProblem = optionalFieldProblem(body);
	if (optionalProblem) return fail(ERROR.invalidRequest, `Invalid Request. ${optionalProblem}`);
	if (!throughputAllows(sandbox)) return fail(ERROR.throughputExceeded, 'Throughput exceeded.');

	const trackingId = randomHex(6);
	ctx.reply(200, { status: 'Success', 'tracking-id': trackingId, to, from, 'status-details': ACCEPTED_DETAILS });
	const text = body['message-text'];
	sandbox.accept(ctx, { provider: 'skycore', channel: 'sms', messageId: trackingId, to, from, text });

	// The doc: a mask longer than 11 characters is cut off.
	const fromMask = isNonEmptyString(body['from-mask'])
		? [...body['from-mask']].slice(0, FROM_MASK_MAX_CHARS).join('')
		: null;
	const campaignRef = isNonEmptyString(body['campaign-ref']) ? body['campaign-ref'] : null;
	const outcome = statusOutcomeFor(sandbox.config, to);
	schedulePostbacks(sandbox, outcome, { trackingId, from, to, fromMask, campaignRef });
}

module.exports = {
	name: 'skycore',
	credentials,
	baseUrls: { skycore: PATH },
	areas: [{ name: 'skycore', path: PATH, subpaths: true }],
	config: {
		skycorePostbackUrl: { default: null, validate: assertCallbackUrl },
		skycorePostbackFormat: {
			default: 'json',
			validate: (name, value) => {
				if (!POSTBACK_FORMATS.includes(value)) throw new Error(`${name} must be "json" or "xml"`);
			},
		},
		skycoreMaxPerSecond: {
			default: null,
			validate: (name, value) => {
				if (value !== null && (!Number.isInteger(value) || value < 1)) {
					throw new Error(`${name} must be a positive integer or null`);
				}
			},
		},
	},
	initState: () => ({ acceptedTimes: new SlidingWindow(THROUGHPUT_WINDOW_MS) }),
	routes: [{ method: 'POST', path: PATH, handler: sendSms }],
};
