'use strict';

// Sandbox core: module surface, unknown routes, recording, faults and latency.

const { createSandbox, smsParts } = require('../../sandbox/server');
const {
	useSandbox,
	call,
	postForm,
	sendBetatelSms,
	sendWhatsApp,
	sendSkycore,
	gatewayV2Send,
	SANDBOX_CREDENTIALS,
	SMS_PATH,
	WHATSAPP_PATH,
	SKYCORE_PATH,
	GATEWAY,
	ISO_TIME,
	SMS_BODY,
	GATEWAY_KEY_HEADER,
} = require('./helpers');

const { betatelSms, skycore } = SANDBOX_CREDENTIALS;
const env = useSandbox();
let sandbox;
let baseUrl;
beforeAll(() => ({ sandbox, baseUrl } = env));

// ---------------------------------------------------------------- module surface

describe('module', () => {
	it('exports the fixed sandbox credentials', () => {
		expect(SANDBOX_CREDENTIALS).toEqual({
			betatelSms: { apiKey: 'sandbox-betatel-api-key', userId: 'sandbox-user-id' },
			betatelWhatsApp: { apiKey: 'sandbox-betatel-api-key', accountId: 'sandbox-account-id' },
			skycore: { apiKey: 'sandbox-skycore-api-key' },
			smsGateway: {
				username: 'sandbox',
				password: 'sandbox-password',
				apiKey: 'sandbox-gateway-api-key',
				spareApiKey: 'sandbox-gateway-spare-key',
			},
			openAi: { apiKey: 'sandbox-openai-api-key' },
		});
	});

	it('binds 127.0.0.1 and reports the base URL of each credential', () => {
		expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sandbox.baseUrls).toEqual({
			betatel: baseUrl,
			skycore: `${baseUrl}/skycore/api/v2`,
			smsGateway: `${baseUrl}/gateway/api`,
			openAi: `${baseUrl}/v1`,
		});
	});

	it('counts SMS parts the GSM 03.38 way', () => {
		expect(smsParts('a'.repeat(160))).toBe(1);
		expect(smsParts('a'.repeat(161))).toBe(2);
		expect(smsParts('€'.repeat(80))).toBe(1); // extension characters take two septets
		expect(smsParts('€'.repeat(81))).toBe(2);
		expect(smsParts('ж'.repeat(70))).toBe(1);
		expect(smsParts('ж'.repeat(71))).toBe(2);
		expect(smsParts('😀'.repeat(35))).toBe(1); // two UCS-2 units each
		expect(smsParts('😀'.repeat(36))).toBe(2);
	});

	it('rejects unknown config options', () => {
		expect(() => sandbox.configure({ latency: 5 })).toThrow('unknown config option "latency"');
		expect(() => sandbox.configure({ latencyMs: -1 })).toThrow('latencyMs must be a non-negative number');
		expect(() => sandbox.configure({ betatelWebhookUrl: 'ftp://x' })).toThrow('http(s) URL');
	});
});

// ---------------------------------------------------------------- unknown routes

describe('unknown routes', () => {
	it('answers 404 JSON and records the request without a provider', async () => {
		const response = await call('POST', '/api/v2/connect-hub/sms');
		expect(response.status).toBe(404);
		expect(response.json).toEqual({ error: 'Not Found', message: 'No sandbox route for POST /api/v2/connect-hub/sms' });
		expect(sandbox.requests[0]).toMatchObject({ provider: null, responseStatus: 404 });
	});

	it('answers 405 for a known path with the wrong method', async () => {
		const response = await call('GET', SMS_PATH);
		expect(response.status).toBe(405);
		expect(response.json).toEqual({ error: 'Method Not Allowed', allow: 'POST' });
	});
});

// ---------------------------------------------------------------- recording

describe('recording', () => {
	it('records each provider request with its answer status', async () => {
		await sendBetatelSms();
		const form = { password: 'wrong', numbers: '0701234567', message_body: 'Hi' };
		await postForm(`${GATEWAY}/v1/sms/send?username=sandbox`, form);
		await call('POST', SKYCORE_PATH, { body: 'plain text', headers: { 'x-api-key': skycore.apiKey } });
		expect(sandbox.requests).toHaveLength(3);
		const [sms, gateway, sky] = sandbox.requests;
		expect(sms).toEqual({
			seq: 1,
			time: expect.stringMatching(ISO_TIME),
			provider: 'betatel-sms',
			method: 'POST',
			path: SMS_PATH,
			query: {},
			headers: expect.objectContaining({
				'x-api-key': betatelSms.apiKey,
				'x-user-id': betatelSms.userId,
				'content-type': 'application/json',
			}),
			rawBody: JSON.stringify(SMS_BODY),
			body: SMS_BODY,
			receivedMs: expect.any(Number),
			responseStatus: 200,
			answeredMs: expect.any(Number),
			answeredAfterSeq: 1,
		});
		expect(sms.answeredMs).toBeGreaterThanOrEqual(sms.receivedMs);
		expect(gateway).toMatchObject({
			seq: 2,
			provider: 'gateway',
			query: { username: 'sandbox' },
			body: { password: 'wrong', numbers: '0701234567', message_body: 'Hi' },
			responseStatus: 401,
		});
		expect(sky).toMatchObject({ seq: 3, provider: 'skycore', rawBody: 'plain text', body: null, responseStatus: 200 });
	});

	it('records WhatsApp requests under their own provider', async () => {
		await sendWhatsApp();
		expect(sandbox.requests[0].provider).toBe('betatel-whatsapp');
	});

	it('does not record control requests', async () => {
		await call('GET', '/__sandbox/health');
		await call('GET', '/__sandbox/requests');
		expect(sandbox.requests).toHaveLength(0);
	});

	it('waitForRequests resolves once enough requests arrived and rejects on timeout', async () => {
		const waiting = sandbox.waitForRequests(2, 2000);
		await sendBetatelSms();
		await sendWhatsApp();
		await expect(waiting).resolves.toBe(2);
		await expect(sandbox.waitForRequests(3, 50)).rejects.toThrow('timed out after 50 ms waiting for 3 requests (got 2)');
	});

	it('reset clears the recordings and numbering', async () => {
		await sendBetatelSms();
		sandbox.reset();
		expect(sandbox.requests).toHaveLength(0);
		await sendBetatelSms();
		expect(sandbox.requests[0].seq).toBe(1);
	});

	it('keeps at most maxRecordedRequests, dropping the oldest tenth at once', async () => {
		const small = createSandbox({ maxRecordedRequests: 20 });
		const { url } = await small.start(0);
		try {
			for (let i = 0; i < 21; i++) await call('GET', `/nowhere/${i}`, { base: url });
			expect(small.requests.map((request) => request.seq)).toEqual(Array.from({ length: 19 }, (_, i) => i + 3));
			await expect(small.waitForRequests(21, 10)).resolves.toBe(21); // counted, even when dropped
		} finally {
			await small.stop();
		}
	});
});

// ---------------------------------------------------------------- faults and latency

describe('faults', () => {
	it('answers the injected status, body and content type once, then the route again', async () => {
		const fault = sandbox.injectFault({
			path: SMS_PATH,
			status: 500,
			body: '<html>Bad Gateway</html>',
			contentType: 'text/html',
		});
		expect(fault).toMatchObject({ path: SMS_PATH, status: 500, times: 1 });
		const failed = await sendBetatelSms();
		expect(failed.status).toBe(500);
		expect(failed.text).toBe('<html>Bad Gateway</html>');
		expect(failed.headers.get('content-type')).toBe('text/html');
		expect((await sendBetatelSms()).status).toBe(200);
		expect(sandbox.requests.map((request) => request.responseStatus)).toEqual([500, 200]);
	});

	it('answers a JSON body as JSON and counts times', async () => {
		sandbox.injectFault({ path: SKYCORE_PATH, status: 503, body: { message: 'busy' }, times: 2 });
		for (let i = 0; i < 2; i++) {
			const response = await sendSkycore();
			expect(response.status).toBe(503);
			expect(response.json).toEqual({ message: 'busy' });
			expect(response.headers.get('content-type')).toContain('application/json');
		}
		expect((await sendSkycore()).json.status).toBe('Success');
	});

	it('matches the method when one is given', async () => {
		sandbox.injectFault({ path: `${GATEWAY}/v2/sms/send`, method: 'get', status: 502 });
		expect((await gatewayV2Send({ numbers: '0701234567', message_body: 'Hi' })).status).toBe(200);
		const query = new URLSearchParams({ numbers: '0701234567', message_body: 'Hi' }).toString();
		expect((await call('GET', `${GATEWAY}/v2/sms/send?${query}`, { headers: GATEWAY_KEY_HEADER })).status).toBe(502);
	});

	it('matches any provider path when no path is given, but never the control API', async () => {
		sandbox.injectFault({ status: 500, times: Infinity });
		expect((await sendBetatelSms()).status).toBe(500);
		expect((await sendWhatsApp()).status).toBe(500);
		expect((await call('GET', '/__sandbox/health')).status).toBe(200);
		sandbox.reset();
		expect((await sendBetatelSms()).status).toBe(200);
	});

	it('drops the connection', async () => {
		sandbox.injectFault({ path: WHATSAPP_PATH, dropConnection: true });
		await expect(sendWhatsApp()).rejects.toThrow();
		expect(sandbox.requests[0]).toMatchObject({ provider: 'betatel-whatsapp', responseStatus: null });
		expect((await sendWhatsApp()).status).toBe(200);
	});

	it('with delayOnly, only delays the answer of the requests whose body contains a text', async () => {
		sandbox.injectFault({ path: SMS_PATH, bodyContains: '"to":"38161444556"', delayMs: 300, delayOnly: true });
		const slow = sendBetatelSms({ ...SMS_BODY, to: '38161444556' });
		await sandbox.waitForRequests(1);
		const fast = await sendBetatelSms();
		expect(fast.status).toBe(200);
		expect((await slow).status).toBe(200);
		// The fast one arrived second and was answered first; the slow one was answered after it arrived.
		const [first, second] = sandbox.requests;
		expect(second.answeredAfterSeq).toBe(2);
		expect(first.answeredAfterSeq).toBe(2);
		expect(sandbox.acceptedCount).toBe(2);
		expect(sandbox.faults).toHaveLength(0);
	});

	it('delays the faulty answer', async () => {
		sandbox.injectFault({ path: SMS_PATH, status: 504, delayMs: 150 });
		const started = Date.now();
		expect((await sendBetatelSms()).status).toBe(504);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('rejects a malformed fault', () => {
		expect(() => sandbox.injectFault({ status: 99 })).toThrow('fault status must be an HTTP status code');
		expect(() => sandbox.injectFault({ path: 'api', status: 500 })).toThrow('fault path must start with "/"');
		expect(() => sandbox.injectFault({ times: 0 })).toThrow('fault times');
	});
});

describe('latency', () => {
	it('delays every provider answer but not the control API', async () => {
		sandbox.configure({ latencyMs: 150 });
		let started = Date.now();
		expect((await sendSkycore()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		started = Date.now();
		await call('GET', '/__sandbox/health');
		expect(Date.now() - started).toBeLessThan(140);
	});

	it('goes back to the construction default on reset', async () => {
		sandbox.configure({ latencyMs: 500 });
		sandbox.reset();
		expect(sandbox.getConfig().latencyMs).toBe(0);
	});
});
