'use strict';

/** Injected faults: validation, matching (in the order injected) and answering. */

const { reply, normalizePath } = require('./http');
const { isPlainObject, assertNonNegativeNumber } = require('./values');

function normalizeFault(spec, id) {
	if (!isPlainObject(spec)) throw new Error('fault must be an object');
	if (spec.path !== undefined && (typeof spec.path !== 'string' || !spec.path.startsWith('/'))) {
		throw new Error('fault path must start with "/"');
	}
	const status = spec.status === undefined ? 500 : spec.status;
	if (!Number.isInteger(status) || status < 100 || status > 599) {
		throw new Error('fault status must be an HTTP status code');
	}
	const delayMs = spec.delayMs === undefined ? 0 : spec.delayMs;
	assertNonNegativeNumber('fault delayMs', delayMs);
	// JSON cannot carry Infinity, so -1, null and "Infinity" also mean "until reset".
	const unlimited = spec.times === Infinity || spec.times === -1 || spec.times === null || spec.times === 'Infinity';
	const times = spec.times === undefined ? 1 : unlimited ? Infinity : spec.times;
	if (times !== Infinity && (!Number.isInteger(times) || times < 1)) {
		throw new Error('fault times must be a positive integer, -1 or Infinity');
	}
	if (spec.body !== undefined && spec.body !== null && typeof spec.body !== 'string' && typeof spec.body !== 'object') {
		throw new Error('fault body must be a string or JSON');
	}
	if (spec.headers !== undefined && !isPlainObject(spec.headers)) throw new Error('fault headers must be an object');
	if (spec.dropConnection === true && spec.dropAfterAccept === true) {
		throw new Error('a fault drops the connection either before (dropConnection) or after (dropAfterAccept) the route');
	}
	if (spec.delayOnly === true && (spec.dropConnection === true || spec.dropAfterAccept === true)) {
		throw new Error('a delayOnly fault lets the route answer; it cannot also drop the connection');
	}
	if (spec.bodyContains !== undefined && (typeof spec.bodyContains !== 'string' || spec.bodyContains === '')) {
		throw new Error('fault bodyContains must be a non-empty string');
	}
	return {
		id,
		path: spec.path === undefined ? null : normalizePath(spec.path),
		method: spec.method ? String(spec.method).toUpperCase() : null,
		status,
		body: spec.body === undefined ? null : spec.body,
		contentType: spec.contentType ? String(spec.contentType) : null,
		headers: spec.headers || {},
		delayMs,
		dropConnection: spec.dropConnection === true,
		dropAfterAccept: spec.dropAfterAccept === true,
		delayOnly: spec.delayOnly === true,
		bodyContains: spec.bodyContains === undefined ? null : spec.bodyContains,
		remaining: times,
	};
}

/** A fault as the control API shows it: `times` left, -1 for "until reset". */
function publicFault(fault) {
	const { remaining, ...rest } = fault;
	return { ...rest, times: remaining === Infinity ? -1 : remaining };
}

/** The first fault matching the request, used up by one; null when none matches. */
function takeFault(faults, method, path, rawBody = '') {
	const index = faults.findIndex(
		(candidate) =>
			(candidate.path === null || candidate.path === path) &&
			(candidate.method === null || candidate.method === method) &&
			(candidate.bodyContains === null || rawBody.includes(candidate.bodyContains)),
	);
	if (index === -1) return null;
	const fault = faults[index];
	fault.remaining -= 1;
	if (fault.remaining <= 0) faults.splice(index, 1);
	return fault;
}

/** What a fault does, in the shape Chaos.decide() also returns (see sandbox.js). */
function faultOutcome(fault) {
	let action = 'status';
	if (fault.delayOnly) action = null;
	else if (fault.dropConnection) action = 'drop';
	else if (fault.dropAfterAccept) action = 'dropAfterAccept';
	return { action, status: fault.status, delayMs: fault.delayMs };
}

function answerFault(ctx, fault) {
	const headers = { ...fault.headers };
	if (fault.contentType) headers['content-type'] = fault.contentType;
	else if (typeof fault.body === 'string') headers['content-type'] = 'text/plain; charset=utf-8';
	reply(ctx.res, fault.status, fault.body, headers);
}

module.exports = { normalizeFault, publicFault, takeFault, faultOutcome, answerFault };
