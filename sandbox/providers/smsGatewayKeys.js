'use strict';

/**
 * SMS gateway authentication and API key management (generate, revoke, regenerate), split out of
 * smsGateway.js to keep each file short. Keys live in `sandbox.state.smsGateway.keys`.
 */

const { isBlank, isNonEmptyString } = require('../core/values');
const { randomHex } = require('../core/ids');

const KEY_EXPIRY_MIN_DAYS = 1;
const KEY_EXPIRY_MAX_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;
const KEY_REQUIRED = Object.freeze({
	error: 'API key is required',
	help: 'Provide X-API-Key header or api_key parameter',
});
const KEY_ERRORS = Object.freeze({
	invalid: 'Invalid API key',
	revoked: 'API key has been revoked',
	expired: 'API key has expired',
});

// A second, spare key lets examples revoke or regenerate a key without breaking the main one.
const credentials = {
	username: 'sandbox',
	password: 'sandbox-password',
	apiKey: 'sandbox-gateway-api-key',
	spareApiKey: 'sandbox-gateway-spare-key',
};

/** Both sandbox keys are valid from the start and never expire (until revoked; reset restores them). */
function initialKeys() {
	return new Map([
		[credentials.apiKey, { revoked: false, expiresAt: null }],
		[credentials.spareApiKey, { revoked: false, expiresAt: null }],
	]);
}

/** Every gateway answer carries the headers the throttle prepared. */
function gatewayReply(ctx, status, body) {
	ctx.reply(status, body, ctx.gatewayHeaders);
}

function presentedKey(ctx) {
	const header = ctx.headers['x-api-key'];
	if (isNonEmptyString(header)) return header.trim();
	const param = ctx.params.api_key;
	return isNonEmptyString(param) ? param.trim() : null;
}

function passwordValid(params) {
	return params.username === credentials.username && params.password === credentials.password;
}

function keyStatus(apiKey, sandbox) {
	const entry = sandbox.state.smsGateway.keys.get(apiKey);
	if (!entry) return 'invalid';
	if (entry.revoked) return 'revoked';
	if (entry.expiresAt !== null && entry.expiresAt <= sandbox.now()) return 'expired';
	return 'valid';
}

/** v2 authentication; answers 401 and returns false when the key is missing or unusable. */
function keyAuthorized(ctx, sandbox) {
	const apiKey = presentedKey(ctx);
	if (!apiKey) {
		gatewayReply(ctx, 401, KEY_REQUIRED);
		return false;
	}
	const status = keyStatus(apiKey, sandbox);
	if (status !== 'valid') {
		gatewayReply(ctx, 401, { error: KEY_ERRORS[status] });
		return false;
	}
	return true;
}

/** Laravel rule "nullable|integer|min:1|max:365", answered in Laravel's 422 shape. */
function validateExpiryDays(value) {
	if (isBlank(value)) return { days: null };
	const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
	let message = null;
	if (!Number.isInteger(number)) message = 'The expiry days field must be an integer.';
	else if (number < KEY_EXPIRY_MIN_DAYS) message = `The expiry days field must be at least ${KEY_EXPIRY_MIN_DAYS}.`;
	else if (number > KEY_EXPIRY_MAX_DAYS) {
		message = `The expiry days field must not be greater than ${KEY_EXPIRY_MAX_DAYS}.`;
	}
	if (message) return { error: { message, errors: { expiry_days: [message] } } };
	return { days: number };
}

function issueKey(expiryDays, sandbox) {
	const apiKey = randomHex(20);
	const expiresAt = expiryDays === null ? null : sandbox.now() + expiryDays * DAY_MS;
	sandbox.state.smsGateway.keys.set(apiKey, { revoked: false, expiresAt });
	return { api_key: apiKey, expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString() };
}

/**
 * revoke/regenerate act on the API key presented (X-API-Key or api_key), which must still be valid;
 * with no key but a valid username and password they act on every active key of the account.
 */
function managementTargets(ctx, sandbox) {
	const presented = presentedKey(ctx);
	if (presented) {
		const status = keyStatus(presented, sandbox);
		if (status !== 'valid') {
			gatewayReply(ctx, 401, { error: KEY_ERRORS[status] });
			return null;
		}
		return [presented];
	}
	if (!passwordValid(ctx.params)) {
		gatewayReply(ctx, 401, { error: 'Unauthorized.' });
		return null;
	}
	return [...sandbox.state.smsGateway.keys.keys()].filter((apiKey) => keyStatus(apiKey, sandbox) === 'valid');
}

function revoke(targets, sandbox) {
	for (const apiKey of targets) sandbox.state.smsGateway.keys.get(apiKey).revoked = true;
}

/** generate-key: username and password, like v1. Adds a key; existing keys keep working. */
function generateKey(ctx, sandbox) {
	if (!passwordValid(ctx.params)) return gatewayReply(ctx, 401, { error: 'Unauthorized.' });
	const expiry = validateExpiryDays(ctx.params.expiry_days);
	if (expiry.error) return gatewayReply(ctx, 422, expiry.error);
	gatewayReply(ctx, 201, { message: 'API key generated successfully.', ...issueKey(expiry.days, sandbox) });
}

function revokeKey(ctx, sandbox) {
	const targets = managementTargets(ctx, sandbox);
	if (!targets) return;
	revoke(targets, sandbox);
	gatewayReply(ctx, 200, { message: 'API key revoked successfully.', revoked: targets.length });
}

function regenerateKey(ctx, sandbox) {
	const targets = managementTargets(ctx, sandbox);
	if (!targets) return;
	const expiry = validateExpiryDays(ctx.params.expiry_days);
	if (expiry.error) return gatewayReply(ctx, 422, expiry.error);
	revoke(targets, sandbox);
	gatewayReply(ctx, 200, { message: 'API key regenerated successfully.', ...issueKey(expiry.days, sandbox) });
}

module.exports = {
	credentials,
	initialKeys,
	gatewayReply,
	presentedKey,
	passwordValid,
	keyAuthorized,
	generateKey,
	revokeKey,
	regenerateKey,
};
