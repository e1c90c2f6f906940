// Part 4 of `npm run bench` ("memory"): peak memory of Bulk Send beside its peer, n8n's own
// HTTP Request node, on the same work in the same real n8n (`n8n start`, regular mode, as most
// users run it): 100,000 recipients (10,000 with --quick) sent to the sandbox at latency 0.
// One published workflow per variant, started by its webhook; each variant runs in a fresh n8n
// process, whose peak resident set (VmHWM in /proc/<pid>/status: the kernel's high-water mark,
// which no sampling can miss) is read when the execution has finished:
//   "Bulk Send, one item per recipient"   Webhook → Set (the list) → Split Out → Bulk Send
//   "Bulk Send, one item listing all"     Webhook → Set (the list) → Bulk Send (the list as Recipients)
//   "HTTP Request, one item per recipient" Webhook → Set (the list) → Split Out → HTTP Request
// The HTTP Request node sends one request per item, so a user with a list splits it first:
// its "one item listing all" is the third workflow. Both nodes send 50 at a time (Bulk Send's
// Concurrency 50; the HTTP Request node's Batching, 50 items per batch, no interval), and n8n
// keeps and saves each one's output items, as it does for every run. Linux only (/proc).
'use strict';

const fs = require('fs');
const path = require('path');
const instance = require('../n8n/instance');
const { executionsApi } = require('../../test/e2e/support/executions');
const { SANDBOX_CREDENTIALS } = require('../../sandbox/server');
const { startSandbox } = require('./sandbox');
const { ensureFreshBuild } = require('./n8n');
const { int, fixed, table, loadAverage } = require('./format');

const CREDENTIAL = { id: 'SmsOtpBenchBetatel', name: 'Betatel SMS (bench sandbox)' };
const SMS_PATH = '/api/v1/connect-hub/sms';
const IN_FLIGHT = 50;
const POLL_MS = 1000;
const RUN_TIMEOUT_MS = 30 * 60 * 1000;
const VARIANTS = [
	{ code: 'BI', label: 'Bulk Send, one item per recipient', split: true, sender: 'bulk' },
	{ code: 'BL', label: 'Bulk Send, one item listing all', split: false, sender: 'bulk' },
	{ code: 'HI', label: 'HTTP Request, one item per recipient (also for a list: split first)', split: true, sender: 'http' },
];

/** A workflow's id (16 letters and digits, as n8n makes them) for a variant and a size. */
const workflowIdOf = (variant, count) => `SmsOtpMem${variant.code}${String(count / 1000).padStart(4, '0')}k`;
const webhookPathOf = (variant, count) => `bench-memory-${workflowIdOf(variant, count).toLowerCase()}`;

function senderNode(id, variant, sandboxUrl) {
	const base = { id: `${id}-send`, name: 'Send', position: [660, 0] };
	if (variant.sender === 'bulk') {
		return {
			...base,
			type: 'n8n-nodes-sms-otp.betatel',
			typeVersion: 1,
			parameters: { resource: 'sms', operation: 'sendBulk', from: 'Bench', recipients: '={{ $json.numbers }}', text: 'Sale starts today', options: { concurrency: IN_FLIGHT } },
			credentials: { betatelSmsApi: CREDENTIAL },
		};
	}
	const { apiKey, userId } = SANDBOX_CREDENTIALS.betatelSms;
	const pair = (name, value) => ({ name, value });
	return {
		...base,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${sandboxUrl}${SMS_PATH}`,
			sendHeaders: true,
			headerParameters: { parameters: [pair('x-api-key', apiKey), pair('x-user-id', userId)] },
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: { parameters: [pair('from', 'Bench'), pair('to', '={{ $json.numbers.slice(1) }}'), pair('text', 'Sale starts today')] },
			options: { batching: { batch: { batchSize: IN_FLIGHT, batchInterval: 0 } } },
		},
	};
}

function workflow(variant, count, sandboxUrl) {
	const id = workflowIdOf(variant, count);
	const webhookPath = webhookPathOf(variant, count);
	const numbers = `={{ { numbers: Array.from({ length: ${count} }, (_, i) => '+447400' + String(i).padStart(6, '0')) } }}`;
	const nodes = [
		{ id: `${id}-hook`, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], webhookId: `${id}-hook`, parameters: { httpMethod: 'POST', path: webhookPath, options: {} } },
		{ id: `${id}-list`, name: 'Numbers', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0], parameters: { mode: 'raw', jsonOutput: numbers, options: {} } },
		...(variant.split ? [{ id: `${id}-split`, name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [440, 0], parameters: { fieldToSplitOut: 'numbers', include: 'noOtherFields', options: {} } }] : []),
		senderNode(id, variant, sandboxUrl),
	];
	const chain = nodes.map((node) => node.name);
	const connections = Object.fromEntries(chain.slice(0, -1).map((name, index) => [name, { main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] }]));
	return { id, name: `Bench: memory, ${count} recipients, ${variant.label}`, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, webhookPath };
}

/** The process's peak resident set so far, in MB (Linux: VmHWM). */
function peakRssMb(pid) {
	const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`no VmHWM for process ${pid}`);
	return Number(match[1]) / 1024;
}

async function measureVariant(variant, count, { version, sandbox, env, userFolder }) {
	const n8n = await instance.startN8n(env, { version, logFile: path.join(userFolder, `n8n-${workflowIdOf(variant, count)}.log`) });
	try {
		const { cookie } = await instance.setupOwner(n8n.baseUrl);
		await sandbox.control.reset();
		const idleMb = peakRssMb(n8n.pid);
		const before = loadAverage();
		const started = Date.now();
		const answer = await fetch(`${n8n.baseUrl}/webhook/${webhookPathOf(variant, count)}`, { method: 'POST' });
		if (answer.status !== 200) throw new Error(`${variant.label}: the webhook answered HTTP ${answer.status}`);
		const executions = executionsApi(n8n.baseUrl, cookie);
		let latest;
		for (;;) {
			try {
				[latest] = (await executions.list(workflowIdOf(variant, count), 1)).results;
			} catch {
				// A busy n8n may drop a poll (seen once at 10,000 items); the next one asks again.
				latest = undefined;
			}
			if (latest && latest.status !== 'running' && latest.status !== 'new') break;
			if (Date.now() - started > RUN_TIMEOUT_MS) throw new Error(`${variant.label}: still running after ${RUN_TIMEOUT_MS / 60000} min`);
			await new Promise((resolve) => setTimeout(resolve, POLL_MS));
		}
		// Read before anything asks n8n for the run data, which would cost it memory of its own.
		const peakMb = peakRssMb(n8n.pid);
		const seconds = (Date.now() - started) / 1000;
		const { accepted } = await sandbox.control.health();
		const completed = latest.status === 'success' && accepted === count;
		// Bulk Send must complete; the peer's failure is a figure (its error is in n8n's log).
		if (!completed && variant.sender === 'bulk') {
			throw new Error(`${variant.label}: execution ${latest.status}, the sandbox accepted ${accepted} of ${count}`);
		}
		const error = completed ? null : (/^Error: (.+)$/m.exec(n8n.logs())?.[1] ?? latest.status);
		return { idleMb, peakMb, seconds, accepted, completed, error, load: `${before} → ${loadAverage()}` };
	} catch (error) {
		throw new Error(`${error.message}\nn8n's log ends:\n${n8n.logs().slice(-3000)}`);
	} finally {
		await n8n.stop();
	}
}

async function runMemoryBench({ quick, log }) {
	// Also a size the peer completes on this machine: at 100,000 it ran out of file descriptors.
	const sizes = quick ? [10_000] : [10_000, 100_000];
	const version = instance.n8nVersion();
	await instance.ensureN8n(version);
	ensureFreshBuild(log);
	const userFolder = instance.createUserFolder();
	const sandbox = await startSandbox({ latencyMs: 0 });
	try {
		instance.installPackageInto(userFolder);
		const env = instance.n8nEnv({ userFolder, port: await instance.freePort(), brokerPort: await instance.freePort(), encryptionKey: 'sms-otp-bench-encryption-key', version });
		const credential = { ...CREDENTIAL, type: 'betatelSmsApi', data: { ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: sandbox.url } };
		const workflows = sizes.flatMap((count) => VARIANTS.map((variant) => workflow(variant, count, sandbox.url)));
		await instance.importEntities(env, { credentials: [credential], workflows: workflows.map(({ webhookPath: _path, ...entity }) => entity) }, { version });
		for (const { id } of workflows) await instance.activateWorkflow(id, env, { version });

		log(`Part 4 (memory): n8n ${version} (n8n start, a fresh process per run), latency 0, ${IN_FLIGHT} requests at a time.`);
		const targets = [];
		for (const count of sizes) {
			const results = [];
			for (const variant of VARIANTS) {
				const result = await measureVariant(variant, count, { version, sandbox, env, userFolder });
				results.push({ variant, ...result });
				const outcome = result.completed ? '' : `, FAILED after ${int(result.accepted)} of ${int(count)}: ${result.error}`;
				log(`  ${int(count)}: ${variant.label}: peak ${int(result.peakMb)} MB (idle ${int(result.idleMb)} MB), ${fixed(result.seconds)} s${outcome}   (load average ${result.load})`);
			}
			const http = results.find((result) => result.variant.sender === 'http');
			log('');
			log(`Peak resident memory of the n8n process, ${int(count)} recipients`);
			const rows = results.map((result) => [
				result.variant.label,
				`${int(result.peakMb)} MB`,
				`${int(result.peakMb - result.idleMb)} MB`,
				fixed(result.peakMb / http.peakMb, 2),
				result.completed ? `${fixed(result.seconds)} s` : `failed after ${int(result.accepted)}`,
			]);
			log(table(['variant', 'peak RSS', 'above idle', '× HTTP Request', 'run'], rows));
			log('');
			for (const result of results.filter((entry) => entry.variant.sender === 'bulk')) {
				// A peer that failed part way peaked below what it would have needed: Bulk Send is
				// then judged against that lower bound.
				const peer = http.completed ? `${int(http.peakMb)} MB` : `${int(http.peakMb)} MB (failed after ${int(http.accepted)})`;
				targets.push({ name: `peak RSS, ${result.variant.label}, ${int(count)}, vs HTTP Request`, figure: `${int(result.peakMb)} vs ${peer}`, target: 'not above', ok: result.peakMb <= http.peakMb });
			}
		}
		return { figures: { sizes }, targets };
	} finally {
		await sandbox.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

module.exports = { runMemoryBench };
