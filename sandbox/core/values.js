'use strict';

/** Small value checks shared by request handlers and the validation of control input. */

// International number, digits only: no "+", no "00" dialling prefix, 8 to 15 digits (E.164).
const INTERNATIONAL_DIGITS = /^[1-9]\d{7,14}$/;

function isPlainObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value) {
	return typeof value === 'string' && value.trim() !== '';
}

function isBlank(value) {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function nowIso() {
	return new Date().toISOString();
}

// Validators for control input: each throws an Error whose message becomes the 400 answer.

function assertNonNegativeNumber(name, value) {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new Error(`${name} must be a non-negative number`);
	}
}

function assertPositiveInteger(name, value) {
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
}

function assertCallbackUrl(name, value) {
	if (value === null) return;
	let parsed;
	try {
		parsed = new URL(value);
	} catch {
		throw new Error(`${name} must be an http(s) URL or null`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new Error(`${name} must be an http(s) URL or null`);
	}
}

module.exports = {
	INTERNATIONAL_DIGITS,
	isPlainObject,
	isNonEmptyString,
	isBlank,
	nowIso,
	assertNonNegativeNumber,
	assertPositiveInteger,
	assertCallbackUrl,
};
