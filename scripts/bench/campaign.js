// Part 3 of `npm run bench` ("campaign"): what the delivery journal and the opt-out list
// cost, in a real n8n (`n8n start`, regular mode: the node and n8n's API share one process,
// as they do for most users). One published workflow per variant, called by its webhook:
// Webhook → Set (2,000 recipients) → Split Out → Bulk Send (Betatel SMS) at 50 ms provider
// latency and Concurrency 10, against the sandbox as a process of its own:
//   "no campaign options"   the floor's peer, in the same n8n
//   "journal"               Journal + a new Campaign Key each run (every message sent)
//   "journal, rerun"        the same campaign again: every message skipped
//   "journal, written ahead" Journal with Write Journal Ahead, a new Campaign Key each run
//   "opt-out list"          a 100,000-row list (none of the recipients on it): the first
//                           run of the process reads it whole; later runs read only the rows
//                           added since (one number added before each), or nothing when it
//                           did not change (nodes/shared/campaign/optOut.ts)
// Each figure is the Bulk Send node's `executionTime` from the execution's run data; the
// median of --runs runs (3, 1 with --quick). Every run checks its statuses and that the
// sandbox accepted each message exactly once.
'use strict';

const fs = require('fs');
const path = require('path');
const instance = require('../n8n/instance');
const { prepareOtpInstance, OTP_DATA_TABLE_CREDENTIAL_ID } = require('../n8n/otpSetup');
const { ensureCampaignTables, addOptOuts } = require('../n8n/campaignSetup');
const { executionsApi } = require('../../test/e2e/support/executions');
const { SANDBOX_CREDENTIALS } = require('../../sandbox/server');
const { startSandbox } = require('./sandbox');
const { ensureFreshBuild } = require('./n8n');
const { int, fixed, ms, table, loadAverage } = require('./format');

const N = 2000;
const LATENCY_MS = 50;
const CONCURRENCY = 10;
const OPT_OUT_ROWS = 100_000;
const FLOOR_MS = (N * LATENCY_MS) / CONCURRENCY;
const TARGETS = { journalRatio: 1.3, optOutSlowdown: 0.1 };
const CREDENTIAL = { id: 'SmsOtpBenchBetatel', name: 'Betatel SMS (bench sandbox)' };
const VARIANTS = {
	plain: { id: 'SmsOtpBenchCmpPl', label: 'no campaign options' },
	journal: { id: 'SmsOtpBenchCmpJn', label: 'journal' },
	ahead: { id: 'SmsOtpBenchCmpJa', label: 'journal written ahead' },
	optOut: { id: 'SmsOtpBenchCmpOo', label: `opt-out list of ${int(OPT_OUT_ROWS)} rows` },
};

const recipients = () => Array.from({ length: N }, (_, index) => ({ to: `+447400${String(index).padStart(6, '0')}` }));

function workflow(variant, campaign) {
	const node = (name, type, typeVersion, x, parameters, extra = {}) => ({
		id: `${variant.id}-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	});
	const webhookPath = `bench-campaign-${variant.id.toLowerCase()}`;
	return {
		id: variant.id,
		name: `Bench: Bulk Send, ${variant.label}`,
		active: false,
		nodes: [
			node('Webhook', 'n8n-nodes-base.webhook', 2.1, 0, { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'noData', options: {} }, { webhookId: `${variant.id}-hook` }),
			node('Recipients', 'n8n-nodes-base.set', 3.4, 220, { mode: 'raw', jsonOutput: JSON.stringify({ recipients: recipients() }), options: {} }),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, 440, { fieldToSplitOut: 'recipients', include: 'noOtherFields', options: {} }),
			node(
				'Bulk Send',
				'n8n-nodes-sms-otp.betatel',
				1,
				660,
				{ resource: 'sms', operation: 'sendBulk', from: 'Bench', recipients: '={{ $json.to }}', text: 'Sale starts today', options: { concurrency: CONCURRENCY, ...campaign } },
				{ credentials: { betatelSmsApi: CREDENTIAL, otpDataTableApi: { id: OTP_DATA_TABLE_CREDENTIAL_ID, name: 'Data Table API' } } },
			),
		],
		connections: {
			Webhook: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
			Recipients: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Bulk Send', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		webhookPath,
	};
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function runCampaignBench({ quick, runs: runsOption, log }) {
	const runs = runsOption ?? (quick ? 1 : 3);
	const version = instance.n8nVersion();
	await instance.ensureN8n(version);
	ensureFreshBuild(log);
	const userFolder = instance.createUserFolder();
	const sandbox = await startSandbox({ latencyMs: LATENCY_MS });
	let n8n;
	try {
		instance.installPackageInto(userFolder);
		const env = instance.n8nEnv({
			userFolder,
			port: await instance.freePort(),
			brokerPort: await instance.freePort(),
			encryptionKey: 'sms-otp-bench-encryption-key',
			version,
		});
		const byName = (value) => ({ __rl: true, mode: 'name', value });
		const journaled = { journal: byName('sms-journal'), campaignKey: "={{ $('Webhook').first().json.body.campaign }}" };
		const workflows = {
			plain: workflow(VARIANTS.plain, {}),
			journal: workflow(VARIANTS.journal, { campaign: journaled }),
			ahead: workflow(VARIANTS.ahead, { campaign: { ...journaled, writeAhead: true } }),
			optOut: workflow(VARIANTS.optOut, { campaign: { optOutList: byName('sms-opt-out') } }),
		};
		await instance.importEntities(
			env,
			{
				credentials: [
					{ ...CREDENTIAL, type: 'betatelSmsApi', data: { ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: sandbox.url } },
					{ id: OTP_DATA_TABLE_CREDENTIAL_ID, name: 'Data Table API (bench)', type: 'otpDataTableApi', data: { apiUrl: 'http://127.0.0.1/api/v1', apiKey: 'set-below' } },
				],
				workflows: Object.values(workflows).map(({ webhookPath: _path, ...entity }) => entity),
			},
			{ version },
		);
		n8n = await instance.startN8n(env, { version, logFile: path.join(userFolder, 'n8n.log') });
		const { cookie } = await instance.setupOwner(n8n.baseUrl);
		const { setupApi } = await prepareOtpInstance(n8n.baseUrl, cookie, Object.values(VARIANTS).map((variant) => variant.id));
		const tables = await ensureCampaignTables(setupApi);
		const listStarted = Date.now();
		await addOptOuts(setupApi, tables.optOut, Array.from({ length: OPT_OUT_ROWS }, (_, index) => `+447500${String(index).padStart(6, '0')}`));
		log(`Part 3 (campaign): Bulk Send of ${int(N)} recipients in n8n ${version} (n8n start, regular mode), ${LATENCY_MS} ms latency, Concurrency ${CONCURRENCY}; floor ${ms(FLOOR_MS)}.`);
		log(`  (opt-out list of ${int(OPT_OUT_ROWS)} rows filled through n8n's API in ${ms(Date.now() - listStarted)})`);
		const executions = executionsApi(n8n.baseUrl, cookie);

		const times = { plain: [], journal: [], ahead: [], rerun: [], whole: [], added: [], warm: [] };
		const measure = async (key, body) => {
			await sandbox.control.reset();
			const before = loadAverage();
			const started = Date.now();
			const answer = await fetch(`${n8n.baseUrl}/webhook/${workflows[key].webhookPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body ?? {}),
			});
			if (answer.status !== 200) throw new Error(`${key}: the webhook answered HTTP ${answer.status}: ${await answer.text()}`);
			const wallMs = Date.now() - started;
			const [latest] = (await executions.list(VARIANTS[key].id, 1)).results;
			const task = (await executions.runData(latest.id))['Bulk Send'][0];
			const items = task.data.main[0].map((item) => item.json);
			const { accepted } = await sandbox.control.health();
			return { nodeMs: task.executionTime, wallMs, items, accepted, load: `${before} → ${loadAverage()}` };
		};
		const expectRun = (label, result, status, sandboxAccepted) => {
			const matching = result.items.filter((item) => item.status === status).length;
			if (result.items.length !== N || matching !== N || result.accepted !== sandboxAccepted) {
				throw new Error(`${label}: ${result.items.length} items, ${matching} ${status}, sandbox accepted ${result.accepted} (expected ${N}, ${N}, ${sandboxAccepted})`);
			}
			log(`  ${label.padEnd(40)} ${ms(result.nodeMs).padStart(9)}   (load average ${result.load})`);
		};

		for (let run = 1; run <= runs; run++) {
			log(`run ${run}/${runs}`);
			const plain = await measure('plain');
			expectRun('no campaign options', plain, 'accepted', N);
			times.plain.push(plain.nodeMs);
			const campaign = `bench-${Date.now()}`;
			const journal = await measure('journal', { campaign });
			expectRun('journal (new campaign)', journal, 'accepted', N);
			times.journal.push(journal.nodeMs);
			const rerun = await measure('journal', { campaign });
			expectRun('journal, rerun (all skipped)', rerun, 'skipped', 0);
			times.rerun.push(rerun.nodeMs);
			const ahead = await measure('ahead', { campaign: `${campaign}-ahead` });
			expectRun('journal written ahead (new campaign)', ahead, 'accepted', N);
			times.ahead.push(ahead.nodeMs);
			if (run === 1) {
				const whole = await measure('optOut');
				expectRun('opt-out list, first run (read whole)', whole, 'accepted', N);
				times.whole.push(whole.nodeMs);
			}
			// One more opt-out (as the example workflow adds it) changes the list.
			await addOptOuts(setupApi, tables.optOut, [`+447599${String(run).padStart(6, '0')}`]);
			const added = await measure('optOut');
			expectRun('opt-out list, a number added since', added, 'accepted', N);
			times.added.push(added.nodeMs);
			const warm = await measure('optOut');
			expectRun('opt-out list, unchanged (kept)', warm, 'accepted', N);
			times.warm.push(warm.nodeMs);
		}

		const plain = median(times.plain);
		const row = (label, key) => [label, ms(median(times[key])), fixed(median(times[key]) / FLOOR_MS, 2), fixed(median(times[key]) / plain, 2), times[key].map(int).join(' / ')];
		log('');
		log(`Bulk Send's executionTime, median of ${runs}`);
		log(
			table(
				['variant', 'time', '× floor', '× no options', 'each run'],
				[
					row('no campaign options', 'plain'),
					row('journal, new campaign (2 rows per message)', 'journal'),
					row('journal, rerun: all skipped, nothing sent', 'rerun'),
					row('journal written ahead, new campaign', 'ahead'),
					row(`opt-out list (${int(OPT_OUT_ROWS)}), first run of the process: read whole`, 'whole'),
					row(`opt-out list (${int(OPT_OUT_ROWS)}), a number added since: new rows read`, 'added'),
					row(`opt-out list (${int(OPT_OUT_ROWS)}), unchanged: kept copy`, 'warm'),
				],
			),
		);
		log('');
		const journalRatio = median(times.journal) / FLOOR_MS;
		const aheadRatio = median(times.ahead) / FLOOR_MS;
		const warmSlowdown = median(times.warm) / plain - 1;
		const addedSlowdown = median(times.added) / plain - 1;
		const wholeSlowdown = median(times.whole) / plain - 1;
		return {
			figures: { times, runs },
			targets: [
				{ name: `journaled Bulk Send, ${int(N)} recipients at ${LATENCY_MS} ms, c ${CONCURRENCY}, ratio to the floor`, figure: fixed(journalRatio, 2), target: `≤ ${TARGETS.journalRatio}`, ok: journalRatio <= TARGETS.journalRatio },
				{ name: `the same, with Write Journal Ahead`, figure: fixed(aheadRatio, 2), target: `≤ ${TARGETS.journalRatio}`, ok: aheadRatio <= TARGETS.journalRatio },
				{ name: `opt-out list of ${int(OPT_OUT_ROWS)} rows, unchanged since the last run: slower than no options by`, figure: `${fixed(warmSlowdown * 100, 1)} %`, target: `≤ ${TARGETS.optOutSlowdown * 100} %`, ok: warmSlowdown <= TARGETS.optOutSlowdown },
				{ name: `the same list with a number added since the last run: slower by`, figure: `${fixed(addedSlowdown * 100, 1)} %`, target: `≤ ${TARGETS.optOutSlowdown * 100} %`, ok: addedSlowdown <= TARGETS.optOutSlowdown },
				{ name: `the same list in the process's first run (read whole): slower by`, figure: `${fixed(wholeSlowdown * 100, 1)} %`, target: `≤ ${TARGETS.optOutSlowdown * 100} %`, ok: wholeSlowdown <= TARGETS.optOutSlowdown },
			],
		};
	} finally {
		if (n8n) await n8n.stop();
		await sandbox.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

module.exports = { runCampaignBench };
