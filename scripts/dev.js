#!/usr/bin/env node
// `npm run dev`: one command from a fresh clone to a running n8n with this package loaded,
// talking to the local provider sandbox. Builds the package, installs the pinned n8n once
// (cached), starts the sandbox and n8n, creates the dev login, imports the sandbox
// credentials and example workflows, and prints where to go. Ctrl-C stops everything.
//
//   npm run dev              keep the dev instance's data (workflows you made) across runs
//   npm run dev -- --fresh   start from an empty instance
//
// Env: N8N_VERSION (default 2.41.1), SMS_OTP_DEV_PORT (5678), SANDBOX_PORT (4010),
// N8N_SMS_OTP_CACHE (cache folder).
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { spawn } = require('child_process');
const instance = require('./n8n/instance');
const { prepareOtpInstance } = require('./n8n/otpSetup');

const N8N_PORT = Number(process.env.SMS_OTP_DEV_PORT || 5678);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT || 4010);
const N8N_URL = `http://localhost:${N8N_PORT}`;
const SANDBOX_READY = /^SANDBOX_READY (\S+)/;
const SANDBOX_START_TIMEOUT_MS = 15000;
// Only protects this local dev instance's stored credentials; never used elsewhere.
const DEV_ENCRYPTION_KEY = 'n8n-nodes-sms-otp-local-dev-only';
const DEV_OWNER = Object.freeze({
	email: 'dev@example.com',
	password: 'SmsOtp-dev-1',
	firstName: 'SMS OTP',
	lastName: 'Developer',
});
// Production webhook URLs (/webhook/<webhookId>/<path>?token=...) of the SMS Status
// Trigger's example workflows, which use these webhookIds and this query token, and are
// published at every start: the sandbox's status callbacks after a send start them.
const STATUS_WEBHOOK_PATH = 'delivery-status';
const OTP_FALLBACK_WORKFLOW_ID = 'SmsOtpExOtpFallb';
const OTP_GUARD_WORKFLOW_ID = 'SmsOtpExOtpGuard';
const OTP_WORKFLOW_IDS = ['SmsOtpExOtpVerif', OTP_FALLBACK_WORKFLOW_ID, OTP_GUARD_WORKFLOW_ID];
// Published with them: it adds numbers to the opt-out list from a form and status events.
const OPT_OUT_WORKFLOW_ID = 'SmsOtpExOptOut1';
// The number the printed OTP commands use (E.164).
const OTP_EXAMPLE_PHONE = '+254712345678';
const STATUS_WEBHOOK_TOKEN = 'sandbox-status-token';
const BETATEL_STATUS_WEBHOOK_ID = '7f2c9a4e-1b3d-4e5f-8a6b-0c1d2e3f4a5b';
const SKYCORE_STATUS_WEBHOOK_ID = '7f2c9a4e-1b3d-4e5f-8a6b-0c1d2e3f4a5c';
const STATUS_TRIGGER_WORKFLOW_IDS = ['SmsOtpExStatusBt', 'SmsOtpExStatusSc'];

const fresh = process.argv.includes('--fresh');
const version = instance.n8nVersion();
const devFolder = path.join(instance.n8nPaths(version).root, `dev-n8n-${version}`);
const started = Date.now();
const running = { sandbox: null, n8n: null };

// Lines n8n 2.41 prints at every start that do not apply to this dev run; they stay in
// n8n.log, and the dev run says once why they are left out of what it shows.
const EXPECTED_N8N_LINES = [
	/^Failed to start Python task runner/,
	/^There (are deprecations|is a deprecation) related to your n8n setup/,
	/^ - N8N_RUNNERS_MODE -> Internal task runner mode is deprecated/,
	/^\[license SDK\] Skipping renewal on init/,
];

/** What of n8n's output to show: whole lines, without the expected ones. */
function n8nOutputFilter() {
	let partial = '';
	let afterLeftOut = false;
	return (chunk) => {
		const lines = (partial + chunk).split('\n');
		partial = lines.pop();
		const shown = lines.filter((line) => {
			// A blank line that closed a left-out block goes with it.
			const leftOut = EXPECTED_N8N_LINES.some((pattern) => pattern.test(line)) || (afterLeftOut && line.trim() === '');
			afterLeftOut = leftOut;
			return !leftOut;
		});
		return shown.length > 0 ? `${shown.join('\n')}\n` : '';
	};
}

function say(message) {
	process.stdout.write(`[dev] ${message}\n`);
}

function seconds() {
	return Math.round((Date.now() - started) / 1000);
}

function build() {
	say('Building the package (npm run build)...');
	try {
		instance.buildPackage();
	} catch (error) {
		throw new Error(`${error.message}; fix the errors above and run npm run dev again`);
	}
}

function statusWebhook(webhookId, token = STATUS_WEBHOOK_TOKEN) {
	return `${N8N_URL}/webhook/${webhookId}/${STATUS_WEBHOOK_PATH}?token=${token}`;
}

/** Publishes the status trigger examples (n8n stopped), so their production URLs listen. */
async function publishStatusTriggers(env, workflows) {
	const triggers = workflows.filter((workflow) => STATUS_TRIGGER_WORKFLOW_IDS.includes(workflow.id));
	for (const workflow of triggers) await instance.activateWorkflow(workflow.id, env, { version });
	return triggers;
}

/** Starts sandbox/cli.js as a child and resolves its URL once it prints SANDBOX_READY. */
function startSandbox() {
	const child = spawn(
		process.execPath,
		[
			path.join(instance.PACKAGE_ROOT, 'sandbox', 'cli.js'),
			'--port',
			String(SANDBOX_PORT),
			'--betatel-webhook',
			statusWebhook(BETATEL_STATUS_WEBHOOK_ID),
			'--skycore-postback',
			statusWebhook(SKYCORE_STATUS_WEBHOOK_ID),
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const exited = new Promise((resolve) => child.on('exit', resolve));
	running.sandbox = { child, exited };
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('the sandbox did not start')), SANDBOX_START_TIMEOUT_MS);
		readline.createInterface({ input: child.stdout }).on('line', (line) => {
			process.stdout.write(`${line.startsWith('[sandbox]') ? '' : '[sandbox] '}${line}\n`);
			const ready = SANDBOX_READY.exec(line);
			if (ready) {
				clearTimeout(timer);
				resolve(ready[1]);
			}
		});
		exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`the sandbox exited (code ${code}); is port ${SANDBOX_PORT} free? Set SANDBOX_PORT to use another`));
			if (!stopping) stopAll(1);
		});
	});
}

async function assertPortFree(port, envName) {
	const inUse = await fetch(`http://127.0.0.1:${port}/`).then(
		() => true,
		() => false,
	);
	if (inUse) throw new Error(`port ${port} is already in use (another n8n?); stop it or set ${envName}`);
}

function prepareUserFolder() {
	if (fresh) fs.rmSync(devFolder, { recursive: true, force: true });
	const existed = fs.existsSync(path.join(devFolder, '.n8n'));
	instance.createUserFolder(devFolder);
	instance.installPackageInto(devFolder);
	say(`${existed ? 'Reusing' : 'Created'} the dev instance in ${devFolder}`);
}

/**
 * The sandbox reports Betatel statuses to one URL, as a Betatel account does: the status
 * trigger example's. These commands point it at the OTP fallback example's trigger instead
 * and let WhatsApp messages to the example's number fail, so that example can be watched.
 */
function fallbackCommands(sandboxUrl, imported) {
	const workflow = imported.workflows.find((candidate) => candidate.id === OTP_FALLBACK_WORKFLOW_ID);
	const trigger = workflow?.nodes.find((node) => node.type.endsWith('.smsStatusTrigger'));
	if (!trigger) return [];
	const config = {
		betatelWebhookUrl: statusWebhook(trigger.webhookId, trigger.parameters.token),
		statusOutcomes: { [OTP_EXAMPLE_PHONE.slice(1)]: 'FAILED' },
	};
	return [
		"  WhatsApp first, SMS as fallback: send the sandbox's Betatel statuses to that example's",
		`  trigger and let WhatsApp messages to ${OTP_EXAMPLE_PHONE} fail, then start a verification:`,
		`    curl -X POST ${sandboxUrl}/__sandbox/config -H 'content-type: application/json' -d '${JSON.stringify(config)}'`,
		`    curl -X POST ${N8N_URL}/webhook/verify/start-with-fallback -H 'content-type: application/json' -d '${JSON.stringify({ phone: OTP_EXAMPLE_PHONE })}'`,
		'    (the same code then goes by SMS; restarting npm run dev points the statuses back)',
	];
}

function printReady(sandboxUrl, imported, triggers, loggedIn, otpReady) {
	const sendExamples = imported.workflows.filter(
		(workflow) => !triggers.includes(workflow) && ![...OTP_WORKFLOW_IDS, OPT_OUT_WORKFLOW_ID].includes(workflow.id),
	);
	const optOutForm = imported.workflows.find((workflow) => workflow.id === OPT_OUT_WORKFLOW_ID)?.nodes.find((node) => node.type === 'n8n-nodes-base.formTrigger');
	const lines = [
		'',
		`n8n ${version} with n8n-nodes-sms-otp is running (ready in ${seconds()} s).`,
		'',
		`  Open        ${N8N_URL}`,
		`  Log in as   ${DEV_OWNER.email}  /  ${DEV_OWNER.password}${loggedIn ? '' : '  (login check failed: see above)'}`,
		`  Sandbox     ${sandboxUrl}  (what the providers received: ${sandboxUrl}/__sandbox/requests)`,
		'',
		'  Example workflows (open one, then "Execute workflow"):',
		...sendExamples.map((workflow) => `    ${workflow.name}\n      ${N8N_URL}/workflow/${workflow.id}`),
		'',
		'  Published status triggers: a send above makes the sandbox report its delivery,',
		'  which starts these (see their Executions tab):',
		...triggers.map((workflow) => `    ${workflow.name}\n      ${N8N_URL}/workflow/${workflow.id}/executions`),
		'',
		otpReady
			? '  Published OTP examples (data tables otp-verification and otp-fallback made for them):'
			: '  OTP examples (not published: see the message above):',
		`    Start:  curl -X POST ${N8N_URL}/webhook/verify/start -H 'content-type: application/json' -d '${JSON.stringify({ phone: OTP_EXAMPLE_PHONE })}'`,
		`    Check:  curl -X POST ${N8N_URL}/webhook/verify/check -H 'content-type: application/json' -d '{"token":"…","code":"…"}'`,
		'    (the code is in the WhatsApp message the sandbox received: /__sandbox/accepted)',
		`    Sign-up behind the Fraud Guard (SMS):  curl -X POST ${N8N_URL}/webhook/otp/start -H 'content-type: application/json' -d '${JSON.stringify({ phone: OTP_EXAMPLE_PHONE })}'`,
		...fallbackCommands(sandboxUrl, imported),
		'',
		...(otpReady && optOutForm
			? ['  Campaigns: data tables sms-journal and sms-opt-out; the opt-out form (published):', `    ${N8N_URL}/form/${optOutForm.webhookId}`, '']
			: []),
		`  Credentials: ${imported.credentials.map((credential) => credential.name).join(', ')}`,
		'',
		`  Your workflows are kept in ${devFolder}; the examples and sandbox credentials`,
		'  are re-imported on every start. `npm run dev -- --fresh` starts from scratch.',
		'  Changed the node? Ctrl-C and run `npm run dev` again: it rebuilds and reloads it.',
		'',
		'Press Ctrl-C to stop n8n and the sandbox.',
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

let stopping = false;
async function stopAll(exitCode) {
	if (stopping) return;
	stopping = true;
	say('Stopping n8n and the sandbox...');
	if (running.n8n) await running.n8n.stop();
	if (running.sandbox) {
		running.sandbox.child.kill('SIGTERM');
		await running.sandbox.exited;
	}
	process.exit(exitCode);
}

async function main() {
	say(`n8n ${version} dev environment (the first run installs n8n into ${instance.n8nPaths(version).root}: see CONTRIBUTING.md for the time and disk)`);
	build();
	await instance.ensureN8n(version);
	await assertPortFree(N8N_PORT, 'SMS_OTP_DEV_PORT');
	prepareUserFolder();

	const sandboxUrl = await startSandbox();
	const env = instance.n8nEnv({
		userFolder: devFolder,
		port: N8N_PORT,
		brokerPort: await instance.freePort(),
		encryptionKey: DEV_ENCRYPTION_KEY,
		version,
	});
	say('Importing the sandbox credentials and example workflows, publishing the status triggers...');
	const imported = await instance.importExamples(env, sandboxUrl, { version });
	const triggers = await publishStatusTriggers(env, imported.workflows);

	const logFile = path.join(devFolder, 'n8n.log');
	say(`Starting n8n on ${N8N_URL}; its log follows (all of it: ${logFile}). Left out as expected here:`);
	say('  the Python task runner (not set up: Code nodes run JavaScript), the deprecation of the');
	say("  internal task-runner mode (the external one needs n8n's separate launcher), and the");
	say('  licence SDK not initialized (community nodes need no licence).');
	running.n8n = await instance.startN8n(env, { version, echo: n8nOutputFilter(), logFile });
	running.n8n.exited.then(({ code }) => {
		if (!stopping) say(`n8n exited (code ${code})`);
		stopAll(code || 1);
	});

	let loggedIn = true;
	let otpReady = false;
	try {
		const { cookie } = await instance.setupOwner(N8N_URL, DEV_OWNER);
		// The OTP examples keep their state in data tables reached through n8n's API: make the
		// key, the tables and the credential, then publish them.
		try {
			await prepareOtpInstance(N8N_URL, cookie, [...OTP_WORKFLOW_IDS, OPT_OUT_WORKFLOW_ID], { reuseLabels: true });
			otpReady = true;
		} catch (error) {
			say(`Could not set up the OTP examples (API key, data tables): ${error.message}`);
		}
	} catch (error) {
		loggedIn = false;
		say(`Could not create or log in as ${DEV_OWNER.email}: ${error.message}`);
	}
	printReady(sandboxUrl, imported, triggers, loggedIn, otpReady);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
// If this process dies some other way, take n8n (its own process group) and the sandbox with it.
process.on('exit', () => {
	if (running.n8n) running.n8n.kill();
	if (running.sandbox) running.sandbox.child.kill('SIGKILL');
});
// A closed terminal or pipe must not crash this process before it has stopped the others.
process.stdout.on('error', () => {});

main().catch((error) => {
	say(`Error: ${error.message}`);
	stopAll(1);
});
