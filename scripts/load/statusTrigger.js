#!/usr/bin/env node
// `npm run load:trigger`: a load test of the SMS Status Trigger in a real n8n (the pinned
// install of the dev run and the e2e suite). It publishes a workflow holding only the
// trigger in a fresh n8n, POSTs status events to its production webhook URL at a fixed
// concurrency, each event distinct (its own message ID), then counts the executions n8n ran.
// Every event answered 200 must be exactly one successful execution: the script prints
// requests per second, answer times, executions started and events lost, and exits 1 if any
// was lost or refused.
//
//   npm run load:trigger -- [--requests 10000] [--concurrency 50] [--ignore-duplicates] [--keep]
//
// Not part of `npm test` or CI: it takes a few minutes and the whole machine.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const instance = require('../n8n/instance');

const WORKFLOW_ID = 'SmsOtpLoadTrigg1';
const WEBHOOK_ID = '6e1d8f4a-3c2b-4d7e-8f9a-1b2c3d4e5f60';
const TOKEN = 'load-test-status-token-4f2a9c';
const ENCRYPTION_KEY = 'sms-otp-load-test-only';
const BETATEL_STATUSES = ['PENDING', 'SENT', 'DELIVERED', 'READ', 'FAILED', 'EXPIRED'];
const REGISTRATION_TIMEOUT_MS = 60000;
// Executions still finishing after the last answer: wait while their count keeps growing.
const SETTLE_IDLE_MS = 15000;
const POLL_MS = 1000;
const REQUEST_TIMEOUT_MS = 60000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	if (index === -1) return fallback;
	const value = Number(process.argv[index + 1]);
	if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number`);
	return value;
}

const settings = {
	requests: option('requests', 10000),
	concurrency: option('concurrency', 50),
	ignoreDuplicates: process.argv.includes('--ignore-duplicates'),
	keep: process.argv.includes('--keep'),
};

function say(message) {
	process.stdout.write(`[load] ${message}\n`);
}

function triggerWorkflow() {
	return {
		id: WORKFLOW_ID,
		name: 'SMS Status Trigger load test',
		nodes: [
			{
				parameters: {
					provider: 'betatel',
					authentication: 'queryToken',
					token: TOKEN,
					options: settings.ignoreDuplicates ? { ignoreDuplicates: true } : {},
				},
				id: '6e1d8f4a-3c2b-4d7e-8f9a-1b2c3d4e5f61',
				name: 'SMS Status Trigger',
				type: `${instance.PACKAGE_NAME}.smsStatusTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** One POST over a keep-alive agent; resolves { status, ms } (status 0: no answer). */
function postEvent(agent, url, body) {
	const payload = JSON.stringify(body);
	const started = process.hrtime.bigint();
	return new Promise((resolve) => {
		const request = http.request(url, {
			method: 'POST',
			agent,
			timeout: REQUEST_TIMEOUT_MS,
			headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
		});
		const done = (status) => resolve({ status, ms: Number(process.hrtime.bigint() - started) / 1e6 });
		request.on('response', (response) => {
			response.resume();
			response.on('end', () => done(response.statusCode));
		});
		request.on('timeout', () => request.destroy(new Error('timeout')));
		request.on('error', () => done(0));
		request.end(payload);
	});
}

function statusEvent(index) {
	return {
		messageId: `load-${String(index).padStart(6, '0')}`,
		channel: index % 2 ? 'sms' : 'whatsapp',
		status: BETATEL_STATUSES[index % BETATEL_STATUSES.length],
		to: '254712345678',
		timestamp: new Date().toISOString(),
	};
}

/** Sends every event with `concurrency` requests in flight; resolves the answers in order. */
async function fire(url) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });
	const answers = new Array(settings.requests);
	let next = 0;
	const worker = async () => {
		while (next < settings.requests) {
			const index = next++;
			answers[index] = await postEvent(agent, url, statusEvent(index));
		}
	};
	const started = Date.now();
	await Promise.all(Array.from({ length: settings.concurrency }, worker));
	agent.destroy();
	return { answers, seconds: (Date.now() - started) / 1000 };
}

function percentile(sorted, share) {
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))];
}

async function executionCount(baseUrl, cookie, status) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID, ...(status ? { status: [status] } : {}) }));
	const response = await fetch(`${baseUrl}/rest/executions?filter=${filter}&limit=1`, { headers: { cookie } });
	if (!response.ok) throw new Error(`GET /rest/executions: HTTP ${response.status}`);
	return (await response.json()).data.count;
}

/** Waits until the number of executions stops growing (or reaches `expected`). */
async function settledCount(baseUrl, cookie, expected) {
	let count = await executionCount(baseUrl, cookie);
	let changedAt = Date.now();
	while (count < expected && Date.now() - changedAt < SETTLE_IDLE_MS) {
		await sleep(POLL_MS);
		const now = await executionCount(baseUrl, cookie);
		if (now !== count) changedAt = Date.now();
		count = now;
	}
	return count;
}

async function untilRegistered(url) {
	const deadline = Date.now() + REGISTRATION_TIMEOUT_MS;
	for (;;) {
		const response = await fetch(url, { method: 'POST' });
		if (response.status !== 404) return;
		if (Date.now() > deadline) throw new Error('the trigger webhook was not registered in time');
		await sleep(500);
	}
}

async function main() {
	const version = instance.n8nVersion();
	const missing = instance.missingBuildFiles();
	if (missing.length > 0) throw new Error(`run \`npm run build\` first (missing ${missing.join(', ')})`);
	await instance.ensureN8n(version);

	const userFolder = instance.createUserFolder();
	instance.installPackageInto(userFolder);
	const env = instance.n8nEnv({
		userFolder,
		port: await instance.freePort(),
		brokerPort: await instance.freePort(),
		encryptionKey: ENCRYPTION_KEY,
		version,
		// Pruning would start deleting past 10,000 executions; warn-level logs keep the log small.
		extra: { EXECUTIONS_DATA_PRUNE: 'false', N8N_LOG_LEVEL: 'warn' },
	});
	await instance.importEntities(env, { workflows: [triggerWorkflow()] }, { version });
	await instance.activateWorkflow(WORKFLOW_ID, env, { version });

	const logFile = path.join(userFolder, 'n8n.log');
	const n8n = await instance.startN8n(env, { version, logFile });
	try {
		const { cookie } = await instance.setupOwner(n8n.baseUrl);
		const url = `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/delivery-status?token=${TOKEN}`;
		await untilRegistered(url);
		say(`n8n ${version} at ${n8n.baseUrl}; ${settings.requests} status POSTs, concurrency ${settings.concurrency}`);

		const { answers, seconds } = await fire(url);
		const byStatus = {};
		for (const { status } of answers) byStatus[status] = (byStatus[status] || 0) + 1;
		const accepted = byStatus[200] || 0;
		const times = answers.map((answer) => answer.ms).sort((a, b) => a - b);

		const started = await settledCount(n8n.baseUrl, cookie, accepted);
		const succeeded = await executionCount(n8n.baseUrl, cookie, 'success');
		const lost = settings.requests - succeeded;
		const lines = [
			`requests:            ${settings.requests} in ${seconds.toFixed(1)} s = ${(settings.requests / seconds).toFixed(0)} requests/s`,
			`answers:             ${Object.entries(byStatus).map(([status, count]) => `${status === '0' ? 'none' : `HTTP ${status}`}: ${count}`).join(', ')}`,
			`answer time (ms):    p50 ${percentile(times, 0.5).toFixed(0)}, p95 ${percentile(times, 0.95).toFixed(0)}, p99 ${percentile(times, 0.99).toFixed(0)}, max ${times[times.length - 1].toFixed(0)}`,
			`executions started:  ${started} (successful: ${succeeded})`,
			`events lost:         ${lost}`,
		];
		process.stdout.write(`\n${lines.join('\n')}\n\n`);
		if (lost !== 0 || accepted !== settings.requests || started !== settings.requests) process.exitCode = 1;
	} finally {
		await n8n.stop();
		if (settings.keep) say(`kept ${userFolder} (n8n log: ${logFile})`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`[load] ${error.stack || error.message}\n`);
	process.exit(1);
});
