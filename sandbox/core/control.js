'use strict';

/** The control API under /__sandbox/: never recorded, never delayed, never faulted. */

const { reply, tryParseJson } = require('./http');
const { publicFault } = require('./faults');

const CONTROL_PREFIX = '/__sandbox';

function isControlPath(path) {
	return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

/** `GET /x` → handler(sandbox, input) returning [status, body]; a thrown Error answers 400. */
const ACTIONS = {
	// Counts since the last clear, also of records a size bound has already dropped.
	'GET /health': (sandbox) => [
		200,
		{
			status: 'ok',
			url: sandbox.url,
			requests: sandbox.requestLog.count,
			callbacks: sandbox.callbackLog.count,
			accepted: sandbox.acceptedLog.count,
		},
	],
	'GET /requests': (sandbox) => [200, sandbox.requests],
	'DELETE /requests': (sandbox) => [200, { cleared: sandbox.clearRequests() }],
	'GET /callbacks': (sandbox) => [200, sandbox.callbacks],
	'DELETE /callbacks': (sandbox) => [200, { cleared: sandbox.clearCallbacks() }],
	'GET /accepted': (sandbox) => [200, sandbox.accepted],
	'DELETE /accepted': (sandbox) => [200, { cleared: sandbox.clearAccepted() }],
	'POST /reset': (sandbox) => {
		sandbox.reset();
		return [200, { status: 'reset' }];
	},
	'GET /faults': (sandbox) => [200, sandbox.faults.map(publicFault)],
	'POST /faults': (sandbox, input) => [201, sandbox.injectFault(input)],
	'DELETE /faults': (sandbox) => {
		const cleared = sandbox.faults.length;
		sandbox.clearFaults();
		return [200, { cleared }];
	},
	'GET /config': (sandbox) => [200, sandbox.getConfig()],
	'POST /config': (sandbox, input) => [200, sandbox.configure(input)],
};

function handleControl(sandbox, ctx) {
	const action = `${ctx.method} ${ctx.path.slice(CONTROL_PREFIX.length) || '/'}`;
	const input = ctx.rawBody.trim() === '' ? { ok: true, value: {} } : tryParseJson(ctx.rawBody);
	if (!input.ok) return reply(ctx.res, 400, { error: 'control body must be JSON' });
	const run = ACTIONS[action];
	if (!run) return reply(ctx.res, 404, { error: 'Not Found', message: `No control route for ${action}` });
	try {
		const [status, body] = run(sandbox, input.value);
		return reply(ctx.res, status, body);
	} catch (error) {
		return reply(ctx.res, 400, { error: error.message });
	}
}

module.exports = { CONTROL_PREFIX, isControlPath, handleControl };
