'use strict';

/**
 * Random faults from a seeded PRNG, for fault-injection runs that must be repeatable: the n-th
 * request chaos applies to gets the same outcome for the same seed and config.
 */

const { isPlainObject, assertNonNegativeNumber } = require('./values');

const RATE_FIELDS = ['rate429', 'rate500', 'rateDrop', 'rateDropAfterAccept'];
const DEFAULTS = Object.freeze({
	seed: 1,
	rate429: 0,
	rate500: 0,
	rateDrop: 0,
	rateDropAfterAccept: 0,
	rateSlow: 0,
	slowMs: 1000,
	retryAfterSeconds: 1,
	paths: null,
});

function assertRate(name, value) {
	if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error(`${name} must be a number from 0 to 1`);
}

/** Config validator for `chaos`: null turns it off; returns the spec with defaults filled in. */
function normalizeChaos(name, value) {
	if (value === null) return null;
	if (!isPlainObject(value)) throw new Error(`${name} must be an object or null`);
	for (const field of Object.keys(value)) {
		if (!(field in DEFAULTS)) throw new Error(`unknown ${name} option "${field}"`);
	}
	const spec = { ...DEFAULTS, ...value };
	if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff) {
		throw new Error(`${name}.seed must be an integer from 0 to 4294967295`);
	}
	for (const field of [...RATE_FIELDS, 'rateSlow']) assertRate(`${name}.${field}`, spec[field]);
	// The four outcomes exclude each other, so together they cannot exceed certainty.
	if (RATE_FIELDS.reduce((sum, field) => sum + spec[field], 0) > 1 + 1e-9) {
		throw new Error(`${name}: ${RATE_FIELDS.join(' + ')} must not exceed 1`);
	}
	assertNonNegativeNumber(`${name}.slowMs`, spec.slowMs);
	if (!Number.isInteger(spec.retryAfterSeconds) || spec.retryAfterSeconds < 0) {
		throw new Error(`${name}.retryAfterSeconds must be a non-negative integer`);
	}
	if (spec.paths !== null) {
		if (!Array.isArray(spec.paths) || !spec.paths.every((path) => typeof path === 'string' && path.startsWith('/'))) {
			throw new Error(`${name}.paths must be an array of paths starting with "/" or null`);
		}
		spec.paths = spec.paths.map((path) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path));
	}
	return spec;
}

/** mulberry32: small, fast and good enough to spread faults; uniform in [0, 1). */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

class Chaos {
	constructor(spec) {
		this.spec = spec;
		this.random = spec ? seededRandom(spec.seed) : null;
	}

	/** A path chaos applies to: every provider path, or those equal to or under one of `paths`. */
	appliesTo(path) {
		if (!this.spec) return false;
		const { paths } = this.spec;
		return paths === null || paths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
	}

	/**
	 * The outcome for one request: `action` null (answer normally), 'status' (with `status` 429 or
	 * 500), 'drop' or 'dropAfterAccept', and `delayMs` for a slow answer. Always two draws per
	 * request it applies to, so a seed replays the same sequence.
	 */
	decide(path) {
		if (!this.appliesTo(path)) return null;
		const { spec } = this;
		const pick = this.random();
		const slow = this.random() < spec.rateSlow;
		let action = null;
		let status = null;
		let threshold = spec.rate429;
		if (pick < threshold) [action, status] = ['status', 429];
		else if (pick < (threshold += spec.rate500)) [action, status] = ['status', 500];
		else if (pick < (threshold += spec.rateDrop)) action = 'drop';
		else if (pick < (threshold += spec.rateDropAfterAccept)) action = 'dropAfterAccept';
		return { action, status, delayMs: slow ? spec.slowMs : 0, retryAfterSeconds: spec.retryAfterSeconds };
	}
}

const DEFAULT_ERROR_BODIES = { 429: { error: 'Too Many Requests' }, 500: { error: 'Internal Server Error' } };

/**
 * Answers a chaos 429 or 500 the way the provider owning the path would (its `errorAnswer` hook),
 * else with a generic JSON body. A 429 always carries `retry-after`.
 */
function answerChaosStatus(ctx, { status, retryAfterSeconds }, provider, sandbox) {
	const ownAnswer = provider && provider.errorAnswer && provider.errorAnswer(status, { retryAfterSeconds }, sandbox);
	const answer = ownAnswer || { body: DEFAULT_ERROR_BODIES[status], headers: {} };
	const headers = { ...answer.headers };
	if (status === 429 && !('retry-after' in headers)) headers['retry-after'] = String(retryAfterSeconds);
	ctx.reply(status, answer.body, headers);
}

module.exports = { Chaos, normalizeChaos, seededRandom, answerChaosStatus };
