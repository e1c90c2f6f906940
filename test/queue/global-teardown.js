// Stops the cluster (its temporary folder is deleted, its logs kept in
// test-results/queue/logs) and the sandbox.
'use strict';

module.exports = async function globalTeardown() {
	const run = globalThis.__SMS_OTP_QUEUE__;
	if (!run) return;
	try {
		await run.cluster.stop();
	} finally {
		await run.sandbox.stop();
	}
};
