// Stops the sandbox and deletes the run's user folder (kept with SMS_OTP_E2E_KEEP=1,
// e.g. to open the same instance by hand after a failure).
'use strict';

const fs = require('fs');

module.exports = async function globalTeardown() {
	const run = globalThis.__SMS_OTP_E2E__;
	if (!run) return;
	await run.sandbox.stop();
	if (process.env.SMS_OTP_E2E_KEEP === '1') {
		process.stderr.write(`[e2e teardown] kept user folder ${run.userFolder}\n`);
	} else {
		fs.rmSync(run.userFolder, { recursive: true, force: true });
	}
};
