'use strict';

/** The core's own config options and the validation of a (partial) config from code or HTTP. */

const { isPlainObject, assertNonNegativeNumber } = require('./values');
const { normalizeChaos } = require('./chaos');

// How a recipient's message ends, for the status callbacks of providers that send them.
const STATUS_OUTCOMES = ['SUBMIT_FAILED', 'SENT', 'DELIVERED', 'FAILED', 'EXPIRED'];

/** `{ "<to>": outcome }` with keys reduced to digits (so "+1 774..." works) and outcomes upper-cased. */
function normalizeStatusOutcomes(name, value) {
	if (value === null) return Object.freeze({});
	if (!isPlainObject(value)) throw new Error(`${name} must be an object mapping numbers to outcomes`);
	const outcomes = {};
	for (const [number, outcome] of Object.entries(value)) {
		const digits = number.replace(/\D/g, '');
		if (digits === '') throw new Error(`${name} key "${number}" must be a phone number`);
		const normalized = typeof outcome === 'string' ? outcome.toUpperCase() : outcome;
		if (!STATUS_OUTCOMES.includes(normalized)) {
			throw new Error(`${name}["${number}"] must be one of ${STATUS_OUTCOMES.join(', ')}`);
		}
		outcomes[digits] = normalized;
	}
	return Object.freeze(outcomes);
}

const CORE_CONFIG = {
	latencyMs: { default: 0, validate: assertNonNegativeNumber },
	statusIntervalMs: { default: 1000, validate: assertNonNegativeNumber },
	statusOutcomes: { default: Object.freeze({}), validate: normalizeStatusOutcomes },
	chaos: { default: null, validate: normalizeChaos },
};

/**
 * Validates a partial config; undefined options are skipped, an empty string means null ("off").
 * A validator may return a normalized value, which replaces the given one.
 */
function normalizeConfig(changes, validators) {
	if (!isPlainObject(changes)) throw new Error('config must be an object');
	const normalized = {};
	for (const [name, rawValue] of Object.entries(changes)) {
		const validate = validators[name];
		if (!validate) throw new Error(`unknown config option "${name}"`);
		if (rawValue === undefined) continue;
		const value = rawValue === '' ? null : rawValue;
		const replaced = validate(name, value);
		normalized[name] = replaced === undefined ? value : replaced;
	}
	return normalized;
}

/** The outcome configured for a recipient (digits compared), or null for the default lifecycle. */
function statusOutcomeFor(config, to) {
	return config.statusOutcomes[String(to).replace(/\D/g, '')] || null;
}

module.exports = { CORE_CONFIG, STATUS_OUTCOMES, normalizeConfig, statusOutcomeFor };
