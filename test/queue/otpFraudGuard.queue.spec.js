// The OTP Fraud Guard example in queue mode: its webhook answered through the webhook
// process, the executions run by both workers, the guard's counts in the data table on
// PostgreSQL through main's API. A smaller attack than the e2e suite's: 240 requests for
// sequential numbers in the same three ranges among 40 sign-ups, all at once.
'use strict';

const instance = require('../../scripts/n8n/instance');
const { prepareOtpInstance } = require('../../scripts/n8n/otpSetup');
const simulation = require('../e2e/support/fraudSimulation');
const { queueTestContext, recordSplit } = require('./support/queue');

const EXAMPLE_ID = 'SmsOtpExOtpGuard';
const CONCURRENCY = 8;
const ANSI = /\u001b\[[0-9;]*m/g;

describe('OTP Fraud Guard across both workers', () => {
	let cluster;
	let sandbox;
	let state;

	beforeAll(async () => {
		({ cluster, sandbox, state } = queueTestContext());
		const cookie = await instance.login(cluster.mainUrl, state.cluster.owner);
		await prepareOtpInstance(cluster.mainUrl, cookie, [EXAMPLE_ID]);
	});

	const post = async (body, ip) => {
		const started = process.hrtime.bigint();
		const response = await cluster.callWebhook('otp/start', { body, headers: { 'x-forwarded-for': ip } });
		const text = await response.text();
		return { status: response.status, json: text ? JSON.parse(text) : null, ms: Number(process.hrtime.bigint() - started) / 1e6 };
	};

	test('240 pumping requests among 40 sign-ups: each attacked range gets at most its allowance, every sign-up its code', async () => {
		await sandbox.reset();
		const attack = simulation.attackNumbers(240);
		const legitimate = simulation.legitimateNumbers(40, ['+44 90987', '+998 90123', '+998 91123'], 240);
		const logStart = Object.fromEntries(['worker-1', 'worker-2'].map((name) => [name, cluster.log(name).length]));
		const run = await simulation.simulate(post, {
			attack,
			legitimate,
			invalid: ['+4412'],
			repeatAfter: 0,
			repeatWithin: 3,
			concurrency: CONCURRENCY,
			seed: 240,
		});
		const report = { seconds: run.seconds, ...simulation.figures(run, await sandbox.accepted(), attack) };
		const split = Object.fromEntries(
			['worker-1', 'worker-2'].map((name) => [
				name,
				[...cluster.log(name).slice(logStart[name]).replace(ANSI, '').matchAll(/Worker started execution (\S+) \(job /g)].length,
			]),
		);
		recordSplit('otp-fraud-guard', { report, split });
		process.stderr.write(`[queue] OTP Fraud Guard: ${JSON.stringify({ ...report, split })}\n`);

		expect(report.legitimateRefusals).toEqual([]);
		expect(report.attackReachedByRange['premium +44 90987']).toBe(0);
		for (const range of ['mobile +998 90123', 'mobile +998 91123']) {
			expect(report.attackReachedByRange[range]).toBeLessThanOrEqual(simulation.PER_PREFIX_HOUR);
		}
		expect(report.repeatsWithinMinInterval).toEqual({ recipientLimit: 3 });
		expect(report.invalidAnswers).toEqual(['400 invalidNumber']);
		expect(report.receiptsMatched).toBe(true);
		expect(report.allowedResponses).toBe(report.legitimateRequests + report.attackReached);
		expect(split['worker-1']).toBeGreaterThan(0);
		expect(split['worker-2']).toBeGreaterThan(0);
	}, 600000);
});
