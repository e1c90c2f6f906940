// The OTP Fraud Guard in a real n8n: the published example (examples/workflows/
// otp-fraud-guard.json) under an SMS pumping attack. 1,000 requests for sequential numbers
// in three ranges (UK premium rate, two Uzbek mobile ranges) arrive shuffled among, and at
// the same time as, 200 sign-ups from mobile numbers of many countries; a few of those ask
// again after Min Interval (they must get a second code) or within it (refused by design:
// their first code is still valid). Counts live in the real data table, through n8n's API.
//
// Printed and asserted: attack messages that reached the sandbox (at most the prefix
// allowance per mobile range, none for premium, at most 1 %), legitimate requests refused
// (none), every sandbox receipt matched to an allowed answer. Printed: the guard's added
// latency, the example against a copy with the guard off, called in turns after the attack.
'use strict';

const fs = require('fs');
const path = require('path');
const { majorVersion } = require('../../scripts/n8n/env');
const instance = require('../../scripts/n8n/instance');
const { readState, instanceEnv, startServer, sandboxClient, RESULTS_DIR } = require('./support/e2e');
const { OTP_TABLE_NAME, prepareOtpInstance, postWebhook } = require('./support/otp');
const simulation = require('./support/fraudSimulation');

const EXAMPLE_ID = 'SmsOtpExOtpGuard';
const UNGUARDED_ID = 'SmsOtpE2eGuardOf';
const EXAMPLE_SECRET = 'example-only-otp-secret-replace-with-openssl-rand-base64-32';
const CONCURRENCY = 8;
const LATENCY_PAIRS = 20;
// Far above the run's length on an idle 2-core machine: only a hang reaches it.
const SIMULATION_TIMEOUT_MS = 15 * 60 * 1000;

/** The example with the guard off, at another path: the baseline of the added latency. */
function unguardedCopy() {
	const example = instance.exampleData().workflows.find((workflow) => workflow.id === EXAMPLE_ID);
	const copy = JSON.parse(JSON.stringify(example));
	copy.id = UNGUARDED_ID;
	copy.name = 'OTP e2e: the fraud guard example with the guard off';
	const webhook = copy.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	webhook.parameters.path = 'otp-e2e/start-unguarded';
	webhook.webhookId = '8d4f2a61-3c7e-4b90-a1d5-00000000e001';
	const generate = copy.nodes.find((node) => node.type === `${instance.PACKAGE_NAME}.otp`);
	generate.parameters.fraudGuard = false;
	// One output less: the error output moves up to the second place.
	const [allowed, , failed] = copy.connections[generate.name].main;
	copy.connections[generate.name].main = [allowed, failed];
	return copy;
}

const describeOnN8n2 = majorVersion() >= 2 ? describe : describe.skip;

describeOnN8n2('OTP Fraud Guard example under an SMS pumping attack (real n8n, data table via the public API)', () => {
	let state;
	let n8n;
	let setup;
	let report;

	beforeAll(async () => {
		state = readState();
		await instance.importEntities(await instanceEnv(state), { workflows: [unguardedCopy()] }, { version: state.n8nVersion });
		n8n = await startServer(state, 'otp-fraud-guard');
		const { cookie } = await instance.setupOwner(n8n.baseUrl);
		setup = await prepareOtpInstance(n8n.baseUrl, cookie, [EXAMPLE_ID, UNGUARDED_ID]);
		await sandboxClient(state).reset();
	});

	afterAll(async () => {
		if (n8n) await n8n.stop();
	});

	/** POSTs to a published webhook as the client `ip` behind a proxy; resolves { status, json, ms }. */
	async function post(route, body, ip) {
		const started = process.hrtime.bigint();
		const response = await fetch(`${n8n.baseUrl}/webhook/${route}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		return { status: response.status, json: text ? JSON.parse(text) : null, ms };
	}

	test('1,000 pumping requests among 200 sign-ups: the attack is held to the prefix allowance, no sign-up is refused', async () => {
		// Both webhooks are registered before the clock starts.
		for (const route of ['otp/start', 'otp-e2e/start-unguarded']) {
			expect((await postWebhook(`${n8n.baseUrl}/webhook/${route}`, { phone: '' })).status).toBe(400);
		}
		const attack = simulation.attackNumbers(1000);
		const legitimate = simulation.legitimateNumbers(200, ['+44 90987', '+998 90123', '+998 91123']);
		const run = await simulation.simulate((body, ip) => post('otp/start', body, ip), {
			attack,
			legitimate,
			invalid: ['+4412', 'call me', '+1 (555) 0'],
			repeatAfter: 8,
			repeatWithin: 6,
			concurrency: CONCURRENCY,
		});
		const accepted = await sandboxClient(state).accepted();
		report = { seconds: run.seconds, requests: run.results.length, concurrency: CONCURRENCY, ...simulation.figures(run, accepted, attack) };

		expect(report.legitimateRefusals).toEqual([]);
		expect(report.legitimateRefused).toBe(0);
		expect(report.attackReachedByRange['premium +44 90987']).toBe(0);
		for (const range of ['mobile +998 90123', 'mobile +998 91123']) {
			expect(report.attackReachedByRange[range]).toBeLessThanOrEqual(simulation.PER_PREFIX_HOUR);
		}
		expect(report.attackReached).toBeLessThanOrEqual(report.attackRequests / 100);
		expect(report.repeatsWithinMinInterval).toEqual({ recipientLimit: 6 });
		expect(report.invalidAnswers).toEqual(['400 invalidNumber', '400 invalidNumber', '400 invalidNumber']);
		expect(report.receiptsMatched).toBe(true);
		expect(report.sandboxReceipts).toBe(report.allowedResponses);
		expect(report.allowedResponses).toBe(report.legitimateRequests + report.attackReached);
	}, SIMULATION_TIMEOUT_MS);

	test("the refused requests left no rows: an attacked range holds its allowed codes and its cool-down, the premium range nothing", async () => {
		const rowsWithPrefix = async (prefix) => {
			const filter = JSON.stringify({ type: 'and', filters: [{ columnName: 'prefix', condition: 'eq', value: prefix }] });
			return (await setup.setupApi.get(`/data-tables/${setup.table.id}/rows?limit=250&filter=${encodeURIComponent(filter)}`)).data;
		};
		for (const range of ['+998 90123', '+998 91123']) {
			const rows = await rowsWithPrefix(range);
			const codes = rows.filter((row) => !row.codeId.startsWith('guard:'));
			expect(codes.length).toBe(report.attackReachedByRange[`mobile ${range}`]);
			expect(rows.filter((row) => row.codeId === 'guard:coolDown').length).toBeGreaterThanOrEqual(1);
		}
		expect(await rowsWithPrefix('+44 90987')).toEqual([]);
		expect(setup.table.name).toBe(OTP_TABLE_NAME);
	});

	test('the guard against no guard, called in turns: both send every code (added latency printed)', async () => {
		const fresh = simulation.legitimateNumbers(2 * LATENCY_PAIRS, ['+44 90987', '+998 90123', '+998 91123'], 1812);
		const times = { guarded: [], unguarded: [] };
		for (let pair = 0; pair < LATENCY_PAIRS; pair++) {
			const guarded = await post('otp/start', { phone: fresh[2 * pair].phone }, `10.99.${pair}.1`);
			const unguarded = await post('otp-e2e/start-unguarded', { phone: fresh[2 * pair + 1].phone }, `10.99.${pair}.2`);
			expect([guarded.json.sent, unguarded.json.sent]).toEqual([true, true]);
			times.guarded.push(guarded.ms);
			times.unguarded.push(unguarded.ms);
		}
		report.latency = {
			pairs: LATENCY_PAIRS,
			guardedMedianMs: Math.round(simulation.median(times.guarded) * 10) / 10,
			unguardedMedianMs: Math.round(simulation.median(times.unguarded) * 10) / 10,
		};
		report.latency.addedMedianMs = Math.round((report.latency.guardedMedianMs - report.latency.unguardedMedianMs) * 10) / 10;

		const { legitimateRefusals, ...figures } = report;
		const printed = legitimateRefusals.length > 0 ? report : figures;
		fs.mkdirSync(RESULTS_DIR, { recursive: true });
		fs.writeFileSync(path.join(RESULTS_DIR, 'otp-fraud-guard.json'), `${JSON.stringify(printed, null, 2)}\n`);
		process.stderr.write(`[e2e] OTP Fraud Guard simulation: ${JSON.stringify(printed, null, 2)}\n`);
	});

	test("no secret appears in n8n's log", () => {
		const log = n8n.logs();
		for (const secret of [EXAMPLE_SECRET, setup.otpApiKey]) expect(log).not.toContain(secret);
	});
});
