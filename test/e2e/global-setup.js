// Prepares one real n8n instance for the whole e2e run: installs the pinned n8n (cached
// across runs), copies the built package into a fresh user folder, starts the provider
// sandbox in this process, and imports the sandbox credentials and example workflows.
'use strict';

const fs = require('fs');
const path = require('path');
const instance = require('../../scripts/n8n/instance');
const { createSandbox } = require('../../sandbox/server');
const { STATE_FILE_ENV, RESULTS_DIR, readState, instanceEnv } = require('./support/e2e');

const EDITOR_FIXTURE = path.join(__dirname, 'fixtures', 'editor-start.workflow.json');

function log(message) {
	process.stderr.write(`[e2e setup] ${message}\n`);
}

// CI builds before the suite; a developer who didn't gets a build instead of a failure.
function ensureBuilt() {
	const { nodes, credentials } = instance.declaredTypeFiles();
	const missing = [...nodes, ...credentials].filter((file) => !fs.existsSync(path.join(instance.PACKAGE_ROOT, file)));
	if (missing.length === 0 && fs.existsSync(path.join(instance.PACKAGE_ROOT, 'dist'))) return;
	log(`dist/ is missing or incomplete (${missing.join(', ') || 'dist'}): running npm run build`);
	instance.buildPackage();
}

module.exports = async function globalSetup() {
	const started = Date.now();
	const version = instance.n8nVersion();
	log(`n8n ${version} (set N8N_VERSION to test another line)`);
	await instance.ensureN8n(version);
	ensureBuilt();

	const userFolder = instance.createUserFolder();
	instance.installPackageInto(userFolder);

	// The sandbox lives in jest's main process; tests reach it over its HTTP control API.
	const sandbox = createSandbox({});
	await sandbox.start(0);
	globalThis.__SMS_OTP_E2E__ = { sandbox, userFolder };

	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	const stateFile = path.join(userFolder, 'e2e-state.json');
	fs.writeFileSync(stateFile, JSON.stringify({ n8nVersion: version, userFolder, sandboxUrl: sandbox.url }, null, 2));
	process.env[STATE_FILE_ENV] = stateFile;

	const env = await instanceEnv(readState());
	await instance.importExamples(env, sandbox.url, { version });
	await instance.n8nCliOk(['import:workflow', `--input=${EDITOR_FIXTURE}`], env, { version });
	log(`ready in ${Math.round((Date.now() - started) / 1000)} s: user folder ${userFolder}, sandbox ${sandbox.url}`);
};
