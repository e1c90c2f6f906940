// An n8n of its own for a test file, in n8n's test mode (E2E_TESTS=true) and installing
// community packages from a given registry: its own user folder, ports and log file.
// Test mode exposes endpoints without login that can switch licence flags and wipe the
// instance; n8nEnv makes every n8n of this repo listen on 127.0.0.1 only.
'use strict';

const fs = require('fs');
const path = require('path');
const instance = require('../../../scripts/n8n/instance');
const { ENCRYPTION_KEY, RESULTS_DIR } = require('./e2e');

/** Starts it and creates the owner; resolves { n8n, cookie, userFolder }. */
async function startTestModeN8n(state, { registryUrl, logName }) {
	const userFolder = instance.createUserFolder();
	const env = instance.n8nEnv({
		userFolder,
		port: await instance.freePort(),
		brokerPort: await instance.freePort(),
		encryptionKey: ENCRYPTION_KEY,
		version: state.n8nVersion,
		extra: {
			E2E_TESTS: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_COMMUNITY_PACKAGES_REGISTRY: registryUrl,
			// For the npm that n8n runs: `npm outdated` (the panel's Update button) gets no
			// --registry from n8n, and the cache stays in this user folder.
			npm_config_registry: registryUrl,
			npm_config_cache: path.join(userFolder, 'npm-cache'),
			npm_config_update_notifier: 'false',
		},
	});
	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	const logFile = path.join(RESULTS_DIR, `n8n-${logName}.log`);
	fs.rmSync(logFile, { force: true });
	let n8n;
	try {
		n8n = await instance.startN8n(env, { version: state.n8nVersion, logFile });
		const { cookie } = await instance.setupOwner(n8n.baseUrl);
		return { n8n, cookie, userFolder };
	} catch (error) {
		if (n8n) await n8n.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
}

/** PATCH /rest/e2e/feature: turns one licence flag on or off (test mode only, no login). */
async function setLicenceFlag(baseUrl, feature, enabled) {
	const response = await fetch(`${baseUrl}/rest/e2e/feature`, {
		method: 'PATCH',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ feature, enabled }),
	});
	if (!response.ok) throw new Error(`PATCH /rest/e2e/feature: HTTP ${response.status} ${await response.text()}`);
}

module.exports = { startTestModeN8n, setLicenceFlag };
