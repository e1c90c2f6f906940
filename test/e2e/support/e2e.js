// Shared by the e2e test files: the run's state written by global-setup, n8n environments
// for it, the sandbox's control API, and readers for n8n's execution results.
'use strict';

const fs = require('fs');
const path = require('path');
const instance = require('../../../scripts/n8n/instance');
const { SANDBOX_CREDENTIALS } = require('../../../sandbox/server');

const STATE_FILE_ENV = 'SMS_OTP_E2E_STATE_FILE';
// Fixed so that a kept user folder (SMS_OTP_E2E_KEEP=1) can be reopened by hand.
const ENCRYPTION_KEY = 'sms-otp-e2e-fixed-encryption-key';
const RESULTS_DIR = path.join(instance.PACKAGE_ROOT, 'test-results', 'e2e');

// Every sandbox credential value that must never show up in n8n's output.
const SECRETS = [
	...new Set(
		Object.values(SANDBOX_CREDENTIALS).flatMap((credential) =>
			Object.entries(credential)
				.filter(([field]) => field !== 'username')
				.map(([, value]) => value),
		),
	),
];

function readState() {
	const file = process.env[STATE_FILE_ENV];
	if (!file || !fs.existsSync(file)) throw new Error(`${STATE_FILE_ENV} is not set: run through jest.e2e.config.js`);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Environment for one n8n process of this run, on fresh ports. */
async function instanceEnv(state, extra = {}) {
	return instance.n8nEnv({
		userFolder: state.userFolder,
		port: await instance.freePort(),
		brokerPort: await instance.freePort(),
		encryptionKey: ENCRYPTION_KEY,
		version: state.n8nVersion,
		extra,
	});
}

async function runWorkflow(state, workflowId) {
	return instance.executeWorkflow(workflowId, await instanceEnv(state), { version: state.n8nVersion });
}

/** Starts `n8n start` for this run; its log goes to test-results/e2e/n8n-<name>.log. */
async function startServer(state, name, extraEnv) {
	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	const logFile = path.join(RESULTS_DIR, `n8n-${name}.log`);
	fs.rmSync(logFile, { force: true });
	return instance.startN8n(await instanceEnv(state, extraEnv), { version: state.n8nVersion, logFile });
}

/** The JSON of every item a node output on its first run (main output 0). */
function nodeOutput(execution, nodeName) {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	return runs[0].data.main[0].map((item) => item.json);
}

function sandboxClient(state) {
	const url = (route) => `${state.sandboxUrl}/__sandbox/${route}`;
	const send = async (method, route, body) => {
		const response = await fetch(url(route), {
			method,
			headers: body ? { 'content-type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined,
		});
		if (!response.ok) throw new Error(`sandbox ${method} ${route}: HTTP ${response.status}`);
		const text = await response.text();
		return text ? JSON.parse(text) : null;
	};
	return {
		requests: () => send('GET', 'requests'),
		clearRequests: () => send('DELETE', 'requests'),
		callbacks: () => send('GET', 'callbacks'),
		accepted: () => send('GET', 'accepted'),
		injectFault: (fault) => send('POST', 'faults', fault),
		reset: () => send('POST', 'reset'),
		configure: (config) => send('POST', 'config', config),
	};
}

function secretsIn(text) {
	return SECRETS.filter((secret) => text.includes(secret));
}

module.exports = {
	STATE_FILE_ENV,
	ENCRYPTION_KEY,
	RESULTS_DIR,
	SECRETS,
	readState,
	instanceEnv,
	runWorkflow,
	startServer,
	nodeOutput,
	sandboxClient,
	secretsIn,
};
