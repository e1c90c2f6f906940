// The OTP node in a real n8n: the phone verification example (examples/workflows/
// otp-phone-verification.json) published, called over HTTP like a website would, with
// the code read from what the sandbox's WhatsApp received, and its attempt limits kept in
// a real n8n data table reached through n8n's public API.
'use strict';

const { majorVersion } = require('../../scripts/n8n/env');
const instance = require('../../scripts/n8n/instance');
const { readState, instanceEnv, startServer, sandboxClient } = require('./support/e2e');
const { OTP_TABLE_NAME, request, prepareOtpInstance, postWebhook } = require('./support/otp');

const EXAMPLE_ID = 'SmsOtpExOtpVerif';
const SHORT_ID = 'SmsOtpE2eOtpShrt';
const SHORT_EXPIRY_S = 30;
// Past the expiry plus the node's clock-skew allowance (5 s).
const SHORT_EXPIRED_AFTER_MS = (SHORT_EXPIRY_S + 6) * 1000;
const EXAMPLE_SECRET = 'example-only-otp-secret-replace-with-openssl-rand-base64-32';

/** A test-only workflow: a 30-second code, answered with its code (never do that for real). */
function shortExpiryWorkflow() {
	const credentials = {
		otpSecretApi: { id: 'SmsOtpOtpSecret1', name: 'OTP Secret' },
		otpDataTableApi: { id: 'SmsOtpOtpDataTbl', name: 'OTP Data Table' },
	};
	return {
		id: SHORT_ID,
		name: 'OTP e2e: a code that expires in 30 s',
		nodes: [
			{
				parameters: { httpMethod: 'POST', path: 'otp-e2e/short', responseMode: 'lastNode', options: {} },
				id: '1c9b3a52-7d0e-4f6a-8b21-00000000e001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '1c9b3a52-7d0e-4f6a-8b21-00000000e101',
			},
			{
				parameters: {
					operation: 'generate',
					to: '={{ $json.body.phone }}',
					expiresIn: SHORT_EXPIRY_S,
					tracking: 'dataTable',
					dataTable: { __rl: true, mode: 'name', value: OTP_TABLE_NAME },
					minInterval: 0,
				},
				id: '1c9b3a52-7d0e-4f6a-8b21-00000000e002',
				name: 'Generate',
				type: `${instance.PACKAGE_NAME}.otp`,
				typeVersion: 1,
				position: [220, 0],
				credentials,
			},
		],
		connections: { Webhook: { main: [[{ node: 'Generate', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

const tokenId = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).jti;

// n8n 1.x has no data tables in its public API (nor their API key scopes): the OTP node's
// Data Table tracking needs n8n 2.x, and so do these examples.
const describeOnN8n2 = majorVersion() >= 2 ? describe : describe.skip;

describeOnN8n2('OTP phone verification example in a real n8n (published webhooks, data table via the public API)', () => {
	let state;
	let n8n;
	let cookie;
	let setup;
	let short;
	let shortIssuedAt;

	beforeAll(async () => {
		state = readState();
		// Imported while n8n is stopped, as the CLI requires.
		await instance.importEntities(await instanceEnv(state), { workflows: [shortExpiryWorkflow()] }, { version: state.n8nVersion });
		n8n = await startServer(state, 'otp');
		({ cookie } = await instance.setupOwner(n8n.baseUrl));
		setup = await prepareOtpInstance(n8n.baseUrl, cookie, [EXAMPLE_ID, SHORT_ID]);
		await sandboxClient(state).reset();
		// Made first, checked last: the other tests run while it expires.
		shortIssuedAt = Date.now();
		short = (await postWebhook(`${n8n.baseUrl}/webhook/otp-e2e/short`, { phone: '+254712345699' })).json;
	});

	afterAll(async () => {
		if (n8n) await n8n.stop();
	});

	const start = (phone) => postWebhook(`${n8n.baseUrl}/webhook/verify/start`, { phone });
	const check = async (token, code) => (await postWebhook(`${n8n.baseUrl}/webhook/verify/check`, { token, code })).json;

	/** The code in the last WhatsApp message the sandbox accepted for this number. */
	async function codeSentTo(digits) {
		const accepted = (await request('GET', `${state.sandboxUrl}/__sandbox/accepted`)).json;
		const messages = accepted.filter((message) => message.channel === 'whatsapp' && message.to === digits);
		const match = /code is (\d{6})\./.exec(messages.at(-1)?.text ?? '');
		if (!match) throw new Error(`no WhatsApp code was sent to ${digits}: ${JSON.stringify(accepted)}`);
		return match[1];
	}

	async function startVerification(digits) {
		const started = await start(`+${digits}`);
		expect(started.status).toBe(200);
		return { token: started.json.token, code: await codeSentTo(digits) };
	}

	const wrong = (code) => (code === '000000' ? '111111' : '000000');

	test('start sends a 6-digit code by WhatsApp and answers only the token; the right code is approved once', async () => {
		const started = await start('+254712345601');
		expect(started.status).toBe(200);
		expect(Object.keys(started.json).sort()).toEqual(['expiresAt', 'token']);
		expect(started.json.token).toMatch(/^otp1\./);
		const code = await codeSentTo('254712345601');
		expect(started.text).not.toContain(code);

		expect(await check(started.json.token, code)).toEqual({ valid: true, reason: 'approved', attempts: 1 });
		expect(await check(started.json.token, code)).toEqual({ valid: false, reason: 'already_used', attempts: 1 });
	});

	test('a code typed with spaces and a dash is the same code', async () => {
		const { token, code } = await startVerification('254712345602');
		expect(await check(token, ` ${code.slice(0, 3)} - ${code.slice(3)} `)).toMatchObject({ valid: true, reason: 'approved' });
	});

	test('five wrong codes are counted, then max_attempts, even for the right code', async () => {
		const { token, code } = await startVerification('254712345603');
		for (let attempt = 1; attempt <= 5; attempt++) {
			expect(await check(token, wrong(code))).toEqual({ valid: false, reason: 'wrong_code', attempts: attempt });
		}
		expect(await check(token, code)).toEqual({ valid: false, reason: 'max_attempts', attempts: 5 });
	});

	test('eight wrong codes sent at the same time count exactly five; the table row says 5', async () => {
		const { token, code } = await startVerification('254712345604');
		const answers = await Promise.all(Array.from({ length: 8 }, () => check(token, wrong(code))));
		const reasons = answers.map((answer) => answer.reason).sort();
		expect(reasons).toEqual([...Array(3).fill('max_attempts'), ...Array(5).fill('wrong_code')]);
		// Each counted attempt got its own number: no two executions counted the same one.
		const counted = answers.filter((answer) => answer.reason === 'wrong_code').map((answer) => answer.attempts);
		expect(counted.sort()).toEqual([1, 2, 3, 4, 5]);

		const filter = JSON.stringify({ type: 'and', filters: [{ columnName: 'codeId', condition: 'eq', value: tokenId(token) }] });
		const rows = await setup.setupApi.get(`/data-tables/${setup.table.id}/rows?filter=${encodeURIComponent(filter)}`);
		expect(rows.data).toEqual([expect.objectContaining({ attempts: 5, used: false })]);
		expect(await check(token, code)).toMatchObject({ valid: false, reason: 'max_attempts' });
	});

	test('of four right codes sent at the same time, exactly one is approved', async () => {
		const { token, code } = await startVerification('254712345605');
		const answers = await Promise.all(Array.from({ length: 4 }, () => check(token, code)));
		expect(answers.map((answer) => answer.reason).sort()).toEqual(['already_used', 'already_used', 'already_used', 'approved']);
	});

	test('a tampered token and a token for nothing are refused as malformed_token', async () => {
		const { token, code } = await startVerification('254712345606');
		const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
		expect(await check(tampered, code)).toEqual({ valid: false, reason: 'malformed_token', attempts: null });
		expect(await check('otp1.e30.AAAA', code)).toMatchObject({ reason: 'malformed_token' });
	});

	test('a second start for the same number within a minute is refused with 429 and sends nothing', async () => {
		await startVerification('254712345607');
		const sandbox = sandboxClient(state);
		await sandbox.clearRequests();
		const again = await start('+254712345607');
		expect(again.status).toBe(429);
		expect(again.json.error).toMatch(/^A code was already generated for \+254712345607 less than 60 seconds ago; try again in \d+ s$/);
		expect(await sandbox.requests()).toEqual([]);
	});

	test("the credential dialog's tests: the secret's strength, and the API key against this n8n", async () => {
		const testCredential = async (type, id, data) => {
			const answer = await request('POST', `${n8n.baseUrl}/rest/credentials/test`, {
				headers: { cookie },
				body: { credentials: { id, name: `${type} e2e`, type, data } },
			});
			expect(answer.status).toBe(200);
			return answer.json.data;
		};
		const apiUrl = `${n8n.baseUrl}/api/v1`;
		await expect(testCredential('otpSecretApi', 'SmsOtpOtpSecret1', { secret: EXAMPLE_SECRET })).resolves.toEqual({
			status: 'OK',
			message: 'The secret is long and varied enough to sign codes',
		});
		await expect(testCredential('otpSecretApi', 'SmsOtpOtpSecret1', { secret: 'hunter2' })).resolves.toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/^Too weak: the secret has 7 characters/),
		});
		await expect(
			testCredential('otpDataTableApi', 'SmsOtpOtpDataTbl', { apiUrl, apiKey: setup.otpApiKey }),
		).resolves.toMatchObject({ status: 'OK' });
		await expect(testCredential('otpDataTableApi', 'SmsOtpOtpDataTbl', { apiUrl, apiKey: 'wrong' })).resolves.toMatchObject({
			status: 'Error',
		});
	});

	test("the Data Table picker lists the tables the credential's key can see", async () => {
		const answer = await request('POST', `${n8n.baseUrl}/rest/dynamic-node-parameters/resource-locator-results`, {
			headers: { cookie },
			body: {
				path: 'dataTable',
				nodeTypeAndVersion: { name: `${instance.PACKAGE_NAME}.otp`, version: 1 },
				currentNodeParameters: { operation: 'verify', tracking: 'dataTable' },
				methodName: 'searchDataTables',
				credentials: { otpDataTableApi: { id: 'SmsOtpOtpDataTbl', name: 'OTP Data Table' } },
				filter: 'verification',
			},
		});
		expect(answer.status).toBe(200);
		expect(answer.json.data.results).toEqual([expect.objectContaining({ name: OTP_TABLE_NAME, value: setup.table.id })]);
	});

	test("no secret and no code appears in n8n's log", async () => {
		const log = n8n.logs();
		for (const secret of [EXAMPLE_SECRET, setup.otpApiKey]) expect(log).not.toContain(secret);
		expect(log).not.toMatch(new RegExp(`(^|\\D)${short.code}(\\D|$)`));
	});

	test('an expired token is refused (the 30-second code made first, checked now)', async () => {
		const wait = shortIssuedAt + SHORT_EXPIRED_AFTER_MS - Date.now();
		if (wait > 0) await instance.sleep(wait);
		expect(await check(short.token, short.code)).toEqual({ valid: false, reason: 'expired', attempts: null });
	});
});
