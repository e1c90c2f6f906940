// Part 2 of `npm run bench` ("n8n"): the built package in the real n8n of the e2e suite
// (scripts/n8n/*: the pinned n8n from the cache, installed if missing; a fresh user folder;
// `n8n execute --id`). One workflow: Manual Trigger → Set (a list) → Split Out (one item per
// recipient) → four branches on the same items, run one after the other by n8n:
//   "Send SMS (default)"          the Betatel node's Send with default options (Concurrency 10)
//   "Send SMS (concurrency 50)"   the same with Concurrency 50
//   "HTTP Request"                n8n's HTTP Request node POSTing the same body and headers
//   "HTTP Request (credential)"   the same, with the API key in n8n's Header Auth credential, as
//                                 a user keeping the key secret would set it up
// against one sandbox process. Each node's time is its `executionTime` in the execution's
// run data (`data.resultData.runData[node][0].executionTime`).
'use strict';

const fs = require('fs');
const path = require('path');
const instance = require('../n8n/instance');
const { SANDBOX_CREDENTIALS } = require('../../sandbox/server');
const { startSandbox } = require('./sandbox');
const { int, fixed, ms, table, loadAverage } = require('./format');

const SMS_PATH = '/api/v1/connect-hub/sms';
const TEXT = 'Your code is 555345';
const CREDENTIAL = { id: 'SmsOtpBenchBetatel', name: 'Betatel SMS (bench sandbox)' };
const BRANCHES = ['Send SMS (default)', 'Send SMS (concurrency 50)', 'HTTP Request', 'HTTP Request (credential)'];
const HEADER_CREDENTIAL = { id: 'SmsOtpBenchHeader', name: 'x-api-key (bench sandbox)' };
const SCENARIOS = [
	{ id: 'SmsOtpBench200', items: 200, latencyMs: 50 },
	{ id: 'SmsOtpBench1000', items: 1000, latencyMs: 0 },
];
const TARGET_SEND_DEFAULT_MS = 1500;

function recipients(count) {
	return Array.from({ length: count }, (_, index) => {
		const digits = `447400${String(index).padStart(6, '0')}`;
		return { to: `+${digits}`, digits, text: TEXT };
	});
}

function node(name, type, typeVersion, position, parameters, extra = {}) {
	return { id: `bench-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, name, type, typeVersion, position, parameters, ...extra };
}

/** Branch `name`'s place in run `rotation`: n8n runs the branches top to bottom. */
function branchY(name, rotation) {
	return ((BRANCHES.indexOf(name) + BRANCHES.length - (rotation % BRANCHES.length)) % BRANCHES.length) * 200;
}

function sendNode(name, y, options) {
	return node(
		name,
		'n8n-nodes-sms-otp.betatel',
		1,
		[660, y],
		{ resource: 'sms', operation: 'send', from: 'Bench', to: '={{ $json.to }}', text: '={{ $json.text }}', options },
		{ credentials: { betatelSmsApi: CREDENTIAL } },
	);
}

/** n8n's HTTP Request node posting what Send posts; the API key literal, or from a Header Auth credential. */
function httpRequestNode(name, y, sandboxUrl, keyHeaders, withCredential = false) {
	const { userId } = SANDBOX_CREDENTIALS.betatelSms;
	return node(
		name,
		'n8n-nodes-base.httpRequest',
		4.2,
		[660, y],
		{
			method: 'POST',
			url: `${sandboxUrl}${SMS_PATH}`,
			...(withCredential ? { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' } : {}),
			sendHeaders: true,
			headerParameters: {
				parameters: [...keyHeaders, { name: 'x-user-id', value: userId }, { name: 'accept', value: 'application/json' }],
			},
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: {
				parameters: [
					{ name: 'from', value: 'Bench' },
					{ name: 'to', value: '={{ $json.digits }}' },
					{ name: 'text', value: '={{ $json.text }}' },
				],
			},
			options: {},
		},
		withCredential ? { credentials: { httpHeaderAuth: HEADER_CREDENTIAL } } : {},
	);
}

function workflowId(scenario, rotation) {
	return `${scenario.id}R${rotation % BRANCHES.length}`;
}

/** The workflow of `scenario`, its branches in the order of `rotation` (0: as BRANCHES lists them). */
function workflow(scenario, sandboxUrl, rotation = 0) {
	const { items } = scenario;
	const { apiKey, userId } = SANDBOX_CREDENTIALS.betatelSms;
	const nodes = [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, [0, 200], {}),
		node('Recipients', 'n8n-nodes-base.set', 3.4, [220, 200], {
			mode: 'raw',
			jsonOutput: JSON.stringify({ recipients: recipients(items) }),
			options: {},
		}),
		node('Split Out', 'n8n-nodes-base.splitOut', 1, [440, 200], { fieldToSplitOut: 'recipients', include: 'noOtherFields', options: {} }),
		// n8n runs the branches of one output top to bottom (execution order v1); the order
		// rotates from run to run, so that each node runs first (JIT still cold) once in 3 runs.
		sendNode(BRANCHES[0], branchY(BRANCHES[0], rotation), {}),
		sendNode(BRANCHES[1], branchY(BRANCHES[1], rotation), { concurrency: 50 }),
		httpRequestNode(BRANCHES[2], branchY(BRANCHES[2], rotation), sandboxUrl, [{ name: 'x-api-key', value: apiKey }]),
		httpRequestNode(BRANCHES[3], branchY(BRANCHES[3], rotation), sandboxUrl, [], true),
	];
	const to = (name) => ({ node: name, type: 'main', index: 0 });
	const order = [...BRANCHES].sort((a, b) => branchY(a, rotation) - branchY(b, rotation));
	return {
		id: workflowId(scenario, rotation),
		name: `Bench: ${items} items through ${order.join(', ')}`,
		active: false,
		nodes,
		connections: {
			Start: { main: [[to('Recipients')]] },
			Recipients: { main: [[to('Split Out')]] },
			'Split Out': { main: [BRANCHES.map(to)] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** dist/ must hold the current sources: built when missing or older than a source file. */
function ensureFreshBuild(log) {
	const root = instance.PACKAGE_ROOT;
	const newest = (dir) => {
		let latest = 0;
		const walk = (entry) => {
			const stat = fs.statSync(entry);
			if (stat.isDirectory()) for (const child of fs.readdirSync(entry)) walk(path.join(entry, child));
			else latest = Math.max(latest, stat.mtimeMs);
		};
		if (fs.existsSync(dir)) walk(dir);
		return latest;
	};
	const sources = Math.max(newest(path.join(root, 'nodes')), newest(path.join(root, 'credentials')), fs.statSync(path.join(root, 'package.json')).mtimeMs);
	const missing = instance.missingBuildFiles();
	const distFiles = instance.declaredTypeFiles();
	const oldestBuilt = missing.length
		? 0
		: Math.min(...[...distFiles.nodes, ...distFiles.credentials].map((file) => fs.statSync(path.join(root, file)).mtimeMs));
	if (missing.length === 0 && oldestBuilt >= sources) return;
	log(missing.length ? `dist/ is incomplete: running npm run build` : 'dist/ is older than the sources: running npm run build');
	instance.buildPackage();
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function checkRun(execution, scenario, accepted) {
	const runData = execution.data.resultData.runData;
	for (const name of BRANCHES) {
		const task = runData[name]?.[0];
		if (!task) throw new Error(`node "${name}" did not run`);
		if (task.error) throw new Error(`node "${name}" failed: ${task.error.message}`);
		const items = task.data.main[0].map((item) => item.json);
		const ok = name.startsWith('Send')
			? items.filter((item) => item.status === 'accepted' && item.messageId).length
			: items.filter((item) => typeof item.messageId === 'string').length;
		if (items.length !== scenario.items || ok !== scenario.items) {
			throw new Error(`node "${name}": ${items.length} items, ${ok} with a message ID (expected ${scenario.items})`);
		}
	}
	if (accepted !== scenario.items * BRANCHES.length) {
		throw new Error(`the sandbox accepted ${accepted} messages, expected ${scenario.items * BRANCHES.length}`);
	}
}

async function runN8n({ quick, runs: runsOption, log }) {
	const runs = runsOption ?? (quick ? 1 : BRANCHES.length);
	const version = instance.n8nVersion();
	await instance.ensureN8n(version);
	ensureFreshBuild(log);
	const userFolder = instance.createUserFolder();
	const sandbox = await startSandbox({ latencyMs: 0 });
	const times = Object.fromEntries(SCENARIOS.map(({ id }) => [id, Object.fromEntries(BRANCHES.map((name) => [name, []]))]));
	const loads = [];
	try {
		instance.installPackageInto(userFolder);
		const env = async () =>
			instance.n8nEnv({
				userFolder,
				port: await instance.freePort(),
				brokerPort: await instance.freePort(),
				encryptionKey: 'sms-otp-bench-encryption-key',
				version,
			});
		const credential = { ...CREDENTIAL, type: 'betatelSmsApi', data: { ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: sandbox.url } };
		const headerCredential = { ...HEADER_CREDENTIAL, type: 'httpHeaderAuth', data: { name: 'x-api-key', value: SANDBOX_CREDENTIALS.betatelSms.apiKey } };
		await instance.importEntities(
			await env(),
			{
				credentials: [credential, headerCredential],
				workflows: SCENARIOS.flatMap((scenario) => BRANCHES.map((_, rotation) => workflow(scenario, sandbox.url, rotation))),
			},
			{ version },
		);

		log(`Part 2 (n8n): the built package in n8n ${version} (n8n execute --id), sandbox ${sandbox.url} as its own process.`);
		log(`One workflow per size: Manual Trigger → Set → Split Out → ${BRANCHES.join(' | ')} (same items, run one after another).`);
		log(`The order of the branches rotates from run to run (run 1: ${BRANCHES.join(' → ')}).`);
		if (quick) log('--quick: one run per workflow (the full run takes the median of one run per branch, each node first once).');
		log('');
		for (let run = 1; run <= runs; run++) {
			for (const scenario of SCENARIOS) {
				await sandbox.control.reset();
				await sandbox.control.configure({ latencyMs: scenario.latencyMs });
				const before = loadAverage();
				const id = workflowId(scenario, run - 1);
				const result = await instance.executeWorkflow(id, await env(), { version });
				if (result.code !== 0 || !result.execution) {
					throw new Error(`n8n execute --id=${id} exited ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
				}
				const { accepted } = await sandbox.control.health();
				checkRun(result.execution, scenario, accepted);
				const runData = result.execution.data.resultData.runData;
				const order = [...BRANCHES].sort((a, b) => branchY(a, run - 1) - branchY(b, run - 1));
				const line = order.map((name) => {
					const { executionTime } = runData[name][0];
					times[scenario.id][name].push(executionTime);
					return `${name} ${ms(executionTime)}`;
				}).join(', ');
				loads.push(loadAverage());
				log(`  run ${run}/${runs}, ${scenario.items} items at ${scenario.latencyMs} ms: ${line}   (load average ${before} → ${loadAverage()})`);
			}
		}
		log('');

		const [at50, at0] = SCENARIOS;
		const med = (scenario, name) => median(times[scenario.id][name]);
		const rows = BRANCHES.map((name) => [
			name,
			ms(med(at50, name)),
			times[at50.id][name].map((value) => int(value)).join(' / '),
			fixed(med(at0, name) / at0.items, 2),
			ms(med(at0, name)),
		]);
		log(`n8n ${version}, executionTime of each node (median of ${runs} run${runs === 1 ? '' : 's'})`);
		log(
			table(
				['node', `${at50.items} items, ${at50.latencyMs} ms`, 'each run', `ms/item at ${at0.latencyMs} ms (${at0.items})`, `${at0.items} items, 0 ms`],
				rows,
			),
		);
		log(`  floor for ${at50.items} items at ${at50.latencyMs} ms: Concurrency 10 ${ms((at50.items * at50.latencyMs) / 10)}, Concurrency 50 ${ms((at50.items * at50.latencyMs) / 50)}, all at once ${ms(at50.latencyMs)}`);
		log('');

		const sendDefault = med(at50, BRANCHES[0]);
		const send50 = med(at50, BRANCHES[1]);
		const http = med(at50, BRANCHES[2]);
		const httpCredential = med(at50, BRANCHES[3]);
		return {
			figures: { times, runs, loads },
			targets: [
				{ name: `Send (default options), ${at50.items} items at ${at50.latencyMs} ms, real n8n`, figure: ms(sendDefault), target: `< ${ms(TARGET_SEND_DEFAULT_MS)}`, ok: sendDefault < TARGET_SEND_DEFAULT_MS },
				{ name: `Send (concurrency 50) vs HTTP Request, ${at50.items} items`, figure: `${ms(send50)} vs ${ms(http)}`, target: 'not slower', ok: send50 <= http },
				{ name: `the same vs HTTP Request with the key in a credential`, figure: `${ms(send50)} vs ${ms(httpCredential)}`, target: 'not slower', ok: send50 <= httpCredential },
			],
		};
	} finally {
		await sandbox.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

module.exports = { runN8n, workflow, ensureFreshBuild };
