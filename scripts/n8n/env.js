// The environment of every n8n process this repo starts, and free ports for them.
'use strict';

const net = require('net');
const { n8nVersion } = require('./install');

function majorVersion(version = n8nVersion()) {
	return Number(version.split('.')[0]);
}

function listenOnFreePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server));
	});
}

const closeServer = (server) => new Promise((resolve) => server.close(() => resolve()));

function freePort() {
	return listenOnFreePort().then(async (server) => {
		const { port } = server.address();
		await closeServer(server);
		return port;
	});
}

/** `count` distinct free ports (all held open until every one is picked). */
async function freePorts(count) {
	const servers = [];
	try {
		for (let i = 0; i < count; i++) servers.push(await listenOnFreePort());
		return servers.map((server) => server.address().port);
	} finally {
		await Promise.all(servers.map(closeServer));
	}
}

/**
 * Environment for every n8n process of one instance. Telemetry, version checks and
 * templates are off because this machine (and CI) has no internet.
 */
function n8nEnv({ userFolder, port, brokerPort, encryptionKey, version = n8nVersion(), extra = {} }) {
	const env = {
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_LOG_LEVEL: 'info',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_TYPE: 'sqlite',
	};
	if (majorVersion(version) >= 2) {
		// Its registry client would call out to the internet at startup.
		env.N8N_DISABLED_MODULES = 'mcp-registry';
		// n8n 2.41 warns at start that these defaults will change; set to today's defaults,
		// they silence the warnings and change nothing.
		env.N8N_UNVERIFIED_PACKAGES_ENABLED = 'true';
		env.N8N_RUNNERS_TASK_TIMEOUT = '300';
		env.N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES = String(2 * 1024 ** 3);
		env.N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES = '5000';
	} else {
		// isolated-vm (the 1.x "vm" expression engine) has no build for Node 20 offline.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
	}
	return { ...env, ...extra };
}

// n8n reads N8N_*, DB_*, QUEUE_*, EXECUTIONS_* and WEBHOOK_URL from the environment: a
// developer's own settings must not leak in. NODE_ENV=test (set by jest) switches n8n
// into its unit-test mode, in which it quietly does nothing.
const INHERITED_ENV_BLOCKLIST = [
	/^N8N_/,
	/^DB_/,
	/^QUEUE_/,
	/^EXECUTIONS_/,
	/^OFFLOAD_/,
	/^WEBHOOK_URL$/,
	/^NODE_ENV$/,
	/^JEST_WORKER_ID$/,
];

function baseProcessEnv() {
	return Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !INHERITED_ENV_BLOCKLIST.some((pattern) => pattern.test(key))),
	);
}

module.exports = { majorVersion, freePort, freePorts, n8nEnv, baseProcessEnv };
