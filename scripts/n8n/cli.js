// The n8n CLI run to completion (import, publish, execute) and the example data the
// dev instance and the test suites import with it.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { n8nPaths, n8nVersion } = require('./install');
const { majorVersion, baseProcessEnv } = require('./env');
const { PACKAGE_ROOT } = require('./package');

const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples');
// The examples' credentials point at a sandbox on its default port; imports retarget them.
const SANDBOX_DEFAULT_ORIGIN = 'http://127.0.0.1:4010';
// `n8n execute` prints its result JSON after log lines: it starts at a `{` line and ends
// at the first `}` line (top-level, pretty-printed).
const EXECUTION_JSON = /^\{\n[\s\S]*?^\}$/m;

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

/**
 * Imports workflow and/or credential objects through a temporary file in the user folder
 * (n8n stopped). n8n encrypts credentials' plaintext `data` with the instance's key on
 * import; the plaintext file is deleted right after. Existing ones with the same ids are
 * replaced.
 */
async function importEntities(env, { credentials = [], workflows = [] }, options) {
	const dir = fs.mkdtempSync(path.join(env.N8N_USER_FOLDER, 'import-'));
	try {
		if (credentials.length > 0) {
			const credentialsFile = path.join(dir, 'credentials.json');
			fs.writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
			await n8nCliOk(['import:credentials', `--input=${credentialsFile}`], env, options);
		}
		if (workflows.length > 0) {
			const workflowsFile = path.join(dir, 'workflows.json');
			fs.writeFileSync(workflowsFile, JSON.stringify(workflows));
			await n8nCliOk(['import:workflow', `--input=${workflowsFile}`], env, options);
		}
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
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

/** Imports the example credentials and workflows into an instance (n8n stopped). */
async function importExamples(env, sandboxUrl, options) {
	const { credentials, workflows } = exampleData(sandboxUrl);
	await importEntities(env, { credentials, workflows }, options);
	return { credentials, workflows };
}

module.exports = { n8nCli, n8nCliOk, activateWorkflow, executeWorkflow, importEntities, exampleData, importExamples };
