'use strict';

/** The core's own config options and the validation of a (partial) config from code or HTTP. */

const { isPlainObject, assertNonNegativeNumber } = require('./values');

const CORE_CONFIG = {
	latencyMs: { default: 0, validate: assertNonNegativeNumber },
	statusIntervalMs: { default: 1000, validate: assertNonNegativeNumber },
};

/** Validates a partial config; undefined options are skipped, an empty string means null ("off"). */
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

module.exports = { CORE_CONFIG, normalizeConfig };
