// The OTP example in queue mode: its webhooks answered through the webhook process, the
// executions run by the workers, and the attempt limit kept in n8n's data table holding
// when twenty wrong codes for one token arrive at once and are verified on both workers.
'use strict';

const instance = require('../../scripts/n8n/instance');
const { queueTestContext, recordSplit } = require('./support/queue');
const { prepareOtpInstance } = require('../../scripts/n8n/otpSetup');

const EXAMPLE_ID = 'SmsOtpExOtpVerif';
const PARALLEL = 20;
const ANSI = /\u001b\[[0-9;]*m/g;

describe('OTP verification across both workers', () => {
	let cluster;
	let sandbox;
	let state;

	beforeAll(async () => {
		({ cluster, sandbox, state } = queueTestContext());
		const cookie = await instance.login(cluster.mainUrl, state.cluster.owner);
		await prepareOtpInstance(cluster.mainUrl, cookie, [EXAMPLE_ID]);
	});

	const post = async (path, body) => {
		const response = await cluster.callWebhook(path, { body });
		return { status: response.status, json: await response.json() };
	};

	test(`${PARALLEL} wrong codes at once: exactly five counted, the rest max_attempts, on both workers`, async () => {
		await sandbox.reset();
		const started = await post('verify/start', { phone: '+254712345640' });
		expect(started.status).toBe(200);
		const accepted = await sandbox.accepted();
		const code = /code is (\d{6})\./.exec(accepted.find((message) => message.to === '254712345640').text)[1];
		const wrong = code === '000000' ? '111111' : '000000';

		const logStart = Object.fromEntries(['worker-1', 'worker-2'].map((name) => [name, cluster.log(name).length]));
		const answers = await Promise.all(
			Array.from({ length: PARALLEL }, () => post('verify/check', { token: started.json.token, code: wrong })),
		);
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
		const counted = answers.filter((answer) => answer.json.reason === 'wrong_code').map((answer) => answer.json.attempts);
		expect(counted.sort()).toEqual([1, 2, 3, 4, 5]);
		expect(answers.filter((answer) => answer.json.reason === 'max_attempts')).toHaveLength(PARALLEL - 5);
		// And the right code is refused now.
		expect((await post('verify/check', { token: started.json.token, code })).json).toMatchObject({ valid: false, reason: 'max_attempts' });

		// Both workers verified some of the attempts (each worker's own log, after the burst began).
		const split = Object.fromEntries(
			['worker-1', 'worker-2'].map((name) => [
				name,
				[...cluster.log(name).slice(logStart[name]).replace(ANSI, '').matchAll(/Worker started execution (\S+) \(job /g)].length,
			]),
		);
		recordSplit('otp-parallel-attempts', { parallel: PARALLEL, split });
		process.stderr.write(`[queue] OTP: ${PARALLEL} parallel wrong codes, split ${JSON.stringify(split)}\n`);
		expect(split['worker-1']).toBeGreaterThan(0);
		expect(split['worker-2']).toBeGreaterThan(0);
	}, 120000);
});
