// Runs a real n8n (installed by ./install.js) with this package loaded: user folders,
// the package copy n8n's community-package loader picks up, the n8n CLI, and a server
// process with readiness and clean shutdown. Shared by `npm run dev` and the e2e suite.
'use strict';

const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { n8nPaths, n8nVersion, ensureN8n } = require('./install');

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_JSON = path.join(PACKAGE_ROOT, 'package.json');
const PACKAGE_NAME = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')).name;

const READINESS_ROUTES = ['/healthz/readiness', '/rest/settings'];
const READINESS_REQUEST_TIMEOUT_MS = 5000;
const READINESS_TIMEOUT_MS = 180000;
const READINESS_POLL_MS = 500;
const STOP_TIMEOUT_MS = 20000;
const MAX_LOG_CHARS = 2000000;

const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples');
// The examples' credentials point at a sandbox on its default port; imports retarget them.
const SANDBOX_DEFAULT_ORIGIN = 'http://127.0.0.1:4010';
// `n8n execute` prints its result JSON after log lines: it starts at a `{` line and ends
// at the first `}` line (top-level, pretty-printed).
const EXECUTION_JSON = /^\{\n[\s\S]*?^\}$/m;

const DEFAULT_OWNER = Object.freeze({
	email: 'owner@example.com',
	password: 'Sandbox-Owner-1',
	firstName: 'Sandbox',
	lastName: 'Owner',
});

function majorVersion(version = n8nVersion()) {
	return Number(version.split('.')[0]);
}

/** A folder for N8N_USER_FOLDER: the given one (kept) or a new temporary one. */
function createUserFolder(dir) {
	const folder = dir ? path.resolve(dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-sms-otp-'));
	fs.mkdirSync(path.join(folder, '.n8n'), { recursive: true });
	return folder;
}

function packageDirIn(userFolder) {
	return path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
}

/**
 * Puts the built package where n8n looks for installed community packages:
 * `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-*`. n8n names node types
 * `<package name>.<node name>` and resolves `n8n-workflow` through its own NODE_PATH,
 * so the package is copied (package.json + dist, as `npm install` would lay it out)
 * rather than symlinked: a symlink's real path would resolve this repo's dev copy of
 * n8n-workflow instead of n8n's. Runtime dependencies, if the package has any, are
 * linked from this repo's node_modules.
 */
function installPackageInto(userFolder) {
	const manifest = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8'));
	const distDir = path.join(PACKAGE_ROOT, 'dist');
	if (!fs.existsSync(distDir)) throw new Error(`${distDir} is missing: run \`npm run build\` first`);
	const target = packageDirIn(userFolder);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(PACKAGE_JSON, path.join(target, 'package.json'));
	fs.cpSync(distDir, path.join(target, 'dist'), { recursive: true });
	for (const dependency of Object.keys(manifest.dependencies || {})) {
		const linkPath = path.join(target, 'node_modules', dependency);
		fs.mkdirSync(path.dirname(linkPath), { recursive: true });
		fs.symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', dependency), linkPath, 'dir');
	}
	return target;
}

/** Runs `npm run build` in this package, its output shown; throws if it fails. */
function buildPackage() {
	const result = spawnSync('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('npm run build failed');
}

/** The node and credential files the package.json `n8n` block lists. */
function declaredTypeFiles() {
	const { n8n = {} } = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8'));
	return { nodes: n8n.nodes || [], credentials: n8n.credentials || [] };
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
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
	} else {
		// isolated-vm (the 1.x "vm" expression engine) has no build for Node 20 offline.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
	}
	return { ...env, ...extra };
}

// n8n reads N8N_*, DB_* and WEBHOOK_URL from the environment: a developer's own settings
// must not leak in. NODE_ENV=test (set by jest) switches n8n into its unit-test mode, in
// which it quietly does nothing.
const INHERITED_ENV_BLOCKLIST = [/^N8N_/, /^DB_/, /^WEBHOOK_URL$/, /^NODE_ENV$/, /^JEST_WORKER_ID$/];

function baseProcessEnv() {
	return Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !INHERITED_ENV_BLOCKLIST.some((pattern) => pattern.test(key))),
	);
}

/** Runs an n8n CLI command to completion; resolves { code, stdout, stderr }. */
function n8nCli(args, env, { version = n8nVersion() } = {}) {
	const { nodeBin, n8nBin } = n8nPaths(version);
	return new Promise((resolve, reject) => {
		const child = spawn(nodeBin, [n8nBin, ...args], {
			env: { ...baseProcessEnv(), ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/** Like n8nCli, but a non-zero exit is an error. */
async function n8nCliOk(args, env, options) {
	const result = await n8nCli(args, env, options);
	if (result.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

/** Marks a workflow active (n8n stopped): `publish:workflow` in 2.x, `update:workflow` in 1.x. */
function activateWorkflow(id, env, { version = n8nVersion() } = {}) {
	const args =
		majorVersion(version) >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'];
	return n8nCliOk(args, env, { version });
}

/**
 * Runs a saved workflow once with `n8n execute --id` (n8n must not be running: both
 * would use the same SQLite file). Resolves { code, execution, stdout, stderr }, where
 * execution is n8n's run result (null if none was printed).
 */
async function executeWorkflow(id, env, options) {
	const result = await n8nCli(['execute', `--id=${id}`, '--rawOutput'], env, options);
	const match = EXECUTION_JSON.exec(result.stdout);
	return { ...result, execution: match ? JSON.parse(match[0]) : null };
}

function readJsonEntries(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.flatMap((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
}

function retarget(value, sandboxUrl) {
	return JSON.parse(JSON.stringify(value).split(SANDBOX_DEFAULT_ORIGIN).join(sandboxUrl));
}

/** The examples/ credentials (pointed at `sandboxUrl`) and workflows, as parsed JSON. */
function exampleData(sandboxUrl = SANDBOX_DEFAULT_ORIGIN) {
	return {
		credentials: readJsonEntries(path.join(EXAMPLES_DIR, 'credentials')).map((c) => retarget(c, sandboxUrl)),
		workflows: readJsonEntries(path.join(EXAMPLES_DIR, 'workflows')),
	};
}

/**
 * Imports the example credentials and workflows into an instance (n8n stopped). n8n
 * encrypts the credentials' plaintext `data` with the instance's key on import; the
 * plaintext file is deleted right after. Existing ones with the same ids are replaced.
 */
async function importExamples(env, sandboxUrl, options) {
	const { credentials, workflows } = exampleData(sandboxUrl);
	const dir = fs.mkdtempSync(path.join(env.N8N_USER_FOLDER, 'import-'));
	try {
		const credentialsFile = path.join(dir, 'credentials.json');
		const workflowsFile = path.join(dir, 'workflows.json');
		fs.writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
		fs.writeFileSync(workflowsFile, JSON.stringify(workflows));
		await n8nCliOk(['import:credentials', `--input=${credentialsFile}`], env, options);
		await n8nCliOk(['import:workflow', `--input=${workflowsFile}`], env, options);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	return { credentials, workflows };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `promise` settles within `ms`; leaves no timer behind either way. */
function settlesWithin(promise, ms) {
	let timer;
	const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(false), ms)));
	return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

// n8n 1.x answers readiness seconds before its REST API exists, so both are checked.
async function isReady(baseUrl) {
	for (const route of READINESS_ROUTES) {
		try {
			const response = await fetch(`${baseUrl}${route}`, { signal: AbortSignal.timeout(READINESS_REQUEST_TIMEOUT_MS) });
			if (!response.ok) return false;
		} catch {
			return false;
		}
	}
	return true;
}

/**
 * Starts `n8n start` and waits until it answers readiness. The process gets its own
 * process group so stop() also ends the task runner it spawns, and nothing else.
 * Returns { baseUrl, port, pid, logs(), stop(), kill(), exited }.
 */
async function startN8n(env, { version = n8nVersion(), logFile, echo = false } = {}) {
	const { nodeBin, n8nBin } = n8nPaths(version);
	const port = Number(env.N8N_PORT);
	const baseUrl = `http://localhost:${port}`;
	const child = spawn(nodeBin, [n8nBin, 'start'], {
		env: { ...baseProcessEnv(), ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	const collect = (chunk) => {
		output = (output + chunk).slice(-MAX_LOG_CHARS);
		if (logStream) logStream.write(chunk);
		if (echo && process.stdout.writable) process.stdout.write(chunk);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	let hasExited = false;
	exited.then(() => (hasExited = true));

	async function stop() {
		if (hasExited) return;
		signalGroup(child.pid, 'SIGTERM');
		if (!(await settlesWithin(exited, STOP_TIMEOUT_MS))) {
			signalGroup(child.pid, 'SIGKILL');
			await exited;
		}
		// The task runner may outlive the main process by a moment.
		signalGroup(child.pid, 'SIGKILL');
		if (logStream) await new Promise((resolve) => logStream.end(resolve));
	}

	// Synchronous last resort for a parent's 'exit' handler, where nothing async can run.
	const kill = () => hasExited || signalGroup(child.pid, 'SIGKILL');
	const handle = { baseUrl, port, pid: child.pid, logs: () => output, stop, kill, exited };
	const deadline = Date.now() + READINESS_TIMEOUT_MS;
	while (!(await isReady(baseUrl))) {
		if (hasExited) throw new Error(`n8n exited before it was ready:\n${output.slice(-5000)}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n was not ready after ${READINESS_TIMEOUT_MS / 1000} s:\n${output.slice(-5000)}`);
		}
		await sleep(READINESS_POLL_MS);
	}
	return handle;
}

function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch (error) {
		if (error.code !== 'ESRCH') throw error;
	}
}

async function postJson(url, body, headers = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	return { response, text };
}

function authCookieFrom(response) {
	const cookies = response.headers.getSetCookie ? response.headers.getSetCookie() : [];
	const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
	return auth ? auth.split(';')[0] : null;
}

/** Logs in through the REST API; resolves the `n8n-auth=...` cookie. */
async function login(baseUrl, { email, password } = DEFAULT_OWNER) {
	// Older n8n versions read `email`, current ones `emailOrLdapLoginId`: send both.
	const { response, text } = await postJson(`${baseUrl}/rest/login`, {
		email,
		emailOrLdapLoginId: email,
		password,
	});
	const cookie = authCookieFrom(response);
	if (!response.ok || !cookie) throw new Error(`login failed: HTTP ${response.status} ${text}`);
	return cookie;
}

/**
 * Creates the instance owner (the account a fresh n8n asks for on first visit) if it
 * does not exist yet, then logs in. Resolves { cookie, owner }.
 */
async function setupOwner(baseUrl, owner = DEFAULT_OWNER) {
	if (await ownerSetupPending(baseUrl)) {
		const { response, text } = await postJson(`${baseUrl}/rest/owner/setup`, owner);
		if (!response.ok) throw new Error(`owner setup failed: HTTP ${response.status} ${text}`);
	}
	return { cookie: await login(baseUrl, owner), owner };
}

/** Whether n8n still shows its "set up owner account" page (asked first, so a kept
 * instance is not sent a setup request that n8n would refuse and log as an error). */
async function ownerSetupPending(baseUrl) {
	const response = await fetch(`${baseUrl}/rest/settings`);
	if (!response.ok) throw new Error(`GET /rest/settings: HTTP ${response.status}`);
	const { data } = await response.json();
	return data?.userManagement?.showSetupOnFirstLoad !== false;
}

module.exports = {
	PACKAGE_ROOT,
	PACKAGE_NAME,
	DEFAULT_OWNER,
	n8nPaths,
	n8nVersion,
	ensureN8n,
	majorVersion,
	createUserFolder,
	packageDirIn,
	installPackageInto,
	buildPackage,
	declaredTypeFiles,
	freePort,
	n8nEnv,
	n8nCli,
	n8nCliOk,
	activateWorkflow,
	executeWorkflow,
	exampleData,
	importExamples,
	startN8n,
	setupOwner,
	login,
};
