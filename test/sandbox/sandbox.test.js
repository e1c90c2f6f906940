'use strict';

const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { createSandbox, SANDBOX_CREDENTIALS, smsParts } = require('../../sandbox/server');

const { betatelSms, betatelWhatsApp, skycore, smsGateway } = SANDBOX_CREDENTIALS;
const SMS_PATH = '/api/v1/connect-hub/sms';
const WHATSAPP_PATH = '/api/v1/connect-hub/whatsapp/otp';
const SKYCORE_PATH = '/skycore/api/v2';
const GATEWAY = '/gateway/api';
const STATUS_INTERVAL_MS = 20;
const UUID_V1 = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const errorLines = [];
let sandbox;
let baseUrl;

beforeAll(async () => {
	sandbox = createSandbox({ statusIntervalMs: STATUS_INTERVAL_MS, logError: (line) => errorLines.push(line) });
	({ url: baseUrl } = await sandbox.start(0));
});

afterAll(() => sandbox.stop());

beforeEach(() => {
	sandbox.reset();
	errorLines.length = 0;
});

// ---------------------------------------------------------------- helpers

async function call(method, urlPath, { body, headers = {}, base = baseUrl } = {}) {
	const cleanHeaders = Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined));
	const response = await fetch(`${base}${urlPath}`, { method, headers: cleanHeaders, body });
	const text = await response.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

function postJson(urlPath, body, headers = {}, base) {
	const payload = typeof body === 'string' ? body : JSON.stringify(body);
	return call('POST', urlPath, { body: payload, headers: { 'content-type': 'application/json', ...headers }, base });
}

function postForm(urlPath, fields, headers = {}) {
	return call('POST', urlPath, {
		body: new URLSearchParams(fields).toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
	});
}

const SMS_HEADERS = { 'x-api-key': betatelSms.apiKey, 'x-user-id': betatelSms.userId };
const WHATSAPP_HEADERS = { 'x-api-key': betatelWhatsApp.apiKey, 'x-account-id': betatelWhatsApp.accountId };
const SMS_BODY = { from: 'Sender', to: '38161444555', text: 'Your code is 555345' };
const WHATSAPP_BODY = { to: '38761444555', text: '482910' };
const SKYCORE_BODY = { action: 'sendsms', 'message-text': 'Your code is 1234', to: '17743199144', from: '00000' };
const GATEWAY_LOGIN = { username: smsGateway.username, password: smsGateway.password };
const GATEWAY_KEY_HEADER = { 'x-api-key': smsGateway.apiKey };

const sendBetatelSms = (body = SMS_BODY, headers = {}) => postJson(SMS_PATH, body, { ...SMS_HEADERS, ...headers });
const sendWhatsApp = (body = WHATSAPP_BODY, headers = {}) =>
	postJson(WHATSAPP_PATH, body, { ...WHATSAPP_HEADERS, ...headers });
const sendSkycore = (body = SKYCORE_BODY, headers = {}) =>
	postJson(SKYCORE_PATH, body, { 'x-api-key': skycore.apiKey, ...headers });
const gatewayV2Send = (fields, headers = GATEWAY_KEY_HEADER) => postJson(`${GATEWAY}/v2/sms/send`, fields, headers);

/** A little server that records the callbacks the sandbox POSTs to it. */
async function startReceiver(status = 200) {
	const received = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ path: req.url, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		received,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

async function unusedPort() {
	const server = http.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	await new Promise((resolve) => server.close(resolve));
	return port;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- module surface

describe('module', () => {
	it('exports the fixed sandbox credentials', () => {
		expect(SANDBOX_CREDENTIALS).toEqual({
			betatelSms: { apiKey: 'sandbox-betatel-api-key', userId: 'sandbox-user-id' },
			betatelWhatsApp: { apiKey: 'sandbox-betatel-api-key', accountId: 'sandbox-account-id' },
			skycore: { apiKey: 'sandbox-skycore-api-key' },
			smsGateway: { username: 'sandbox', password: 'sandbox-password', apiKey: 'sandbox-gateway-api-key' },
		});
	});

	it('binds 127.0.0.1 and reports the base URL of each credential', () => {
		expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sandbox.baseUrls).toEqual({
			betatel: baseUrl,
			skycore: `${baseUrl}/skycore/api/v2`,
			smsGateway: `${baseUrl}/gateway/api`,
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

// ---------------------------------------------------------------- Betatel SMS

describe('Betatel SMS', () => {
	it('accepts a valid send and answers messageId, from and to', async () => {
		const response = await sendBetatelSms();
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ messageId: expect.stringMatching(UUID_V1), from: 'Sender', to: '38161444555' });
	});

	it('accepts a trailing slash on the path', async () => {
		expect((await postJson(`${SMS_PATH}/`, SMS_BODY, SMS_HEADERS)).status).toBe(200);
	});

	it.each([
		['no x-api-key', { 'x-api-key': undefined }],
		['a wrong x-api-key', { 'x-api-key': 'wrong' }],
		['no x-user-id', { 'x-user-id': undefined }],
		['a wrong x-user-id', { 'x-user-id': 'someone-else' }],
	])('answers 401 for %s', async (_name, headers) => {
		const response = await sendBetatelSms(SMS_BODY, headers);
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ statusCode: 401, message: 'Unauthorized' });
	});

	it('answers 400 when the content type is not JSON', async () => {
		const response = await call('POST', SMS_PATH, {
			body: JSON.stringify(SMS_BODY),
			headers: { ...SMS_HEADERS, 'content-type': 'text/plain' },
		});
		expect(response.status).toBe(400);
		expect(response.json).toEqual({
			statusCode: 400,
			message: 'Content-Type must be application/json',
			error: 'Bad Request',
		});
	});

	it.each([
		['malformed JSON', '{"from": "Sender",'],
		['a JSON array', '[1,2]'],
		['JSON null', 'null'],
	])('answers 400 for %s', async (_name, body) => {
		const response = await postJson(SMS_PATH, body, SMS_HEADERS);
		expect(response.status).toBe(400);
		expect(response.json.message).toBe('Request body must be a JSON object');
	});

	it.each([
		['from', { from: undefined }],
		['from', { from: '  ' }],
		['to', { to: undefined }],
		['to', { to: '+38161444555' }],
		['to', { to: '0038161444555' }],
		['to', { to: '1234567' }],
		['to', { to: '1234567890123456' }],
		['to', { to: '381-614-445' }],
		['to', { to: 38161444555 }],
		['text', { text: undefined }],
		['text', { text: '' }],
	])('answers 400 naming %s for %j', async (field, override) => {
		const response = await sendBetatelSms({ ...SMS_BODY, ...override });
		expect(response.status).toBe(400);
		expect(response.json.statusCode).toBe(400);
		expect(response.json.error).toBe('Bad Request');
		expect(response.json.message.startsWith(`${field} `)).toBe(true);
	});

	it('answers 402 once the balance is used up', async () => {
		sandbox.configure({ betatelBalance: 1 });
		expect((await sendBetatelSms()).status).toBe(200);
		expect(sandbox.getConfig().betatelBalance).toBe(0);
		const response = await sendBetatelSms();
		expect(response.status).toBe(402);
		expect(response.json).toEqual({ statusCode: 402, message: 'Insufficient balance' });
	});

	it('gives every message its own id', async () => {
		const ids = new Set();
		for (let i = 0; i < 20; i++) ids.add((await sendBetatelSms()).json.messageId);
		expect(ids.size).toBe(20);
	});
});

// ---------------------------------------------------------------- Betatel WhatsApp OTP

describe('Betatel WhatsApp OTP', () => {
	it('accepts a valid send and answers a ULID uuid and to', async () => {
		const response = await sendWhatsApp();
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ uuid: expect.stringMatching(ULID), to: '38761444555' });
	});

	it.each([
		['no x-account-id', { 'x-account-id': undefined }],
		['a wrong x-account-id', { 'x-account-id': 'nope' }],
		['a wrong x-api-key', { 'x-api-key': 'nope' }],
	])('answers 401 for %s', async (_name, headers) => {
		const response = await sendWhatsApp(WHATSAPP_BODY, headers);
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ statusCode: 401, message: 'Unauthorized' });
	});

	it('answers 401 to the SMS headers (x-user-id instead of x-account-id)', async () => {
		const response = await postJson(WHATSAPP_PATH, WHATSAPP_BODY, SMS_HEADERS);
		expect(response.status).toBe(401);
	});

	it('answers 400 when the number has a + prefix', async () => {
		const response = await sendWhatsApp({ ...WHATSAPP_BODY, to: '+38761444555' });
		expect(response.status).toBe(400);
		expect(response.json.message).toBe('to must be in E.164 format without the + prefix (8 to 15 digits)');
	});

	it('accepts 4096 characters of text and refuses 4097', async () => {
		expect((await sendWhatsApp({ ...WHATSAPP_BODY, text: 'x'.repeat(4096) })).status).toBe(200);
		const response = await sendWhatsApp({ ...WHATSAPP_BODY, text: 'x'.repeat(4097) });
		expect(response.status).toBe(400);
		expect(response.json.message).toBe('text must be at most 4096 characters');
	});

	it('answers 400 for a missing text and for a non-JSON body', async () => {
		expect((await sendWhatsApp({ to: '38761444555' })).json.message).toBe('text must be a non-empty string');
		const notJson = await call('POST', WHATSAPP_PATH, { body: 'to=1', headers: WHATSAPP_HEADERS });
		expect(notJson.status).toBe(400);
	});

	it('shares the balance with SMS and answers 402 at zero', async () => {
		sandbox.configure({ betatelBalance: 1 });
		expect((await sendBetatelSms()).status).toBe(200);
		const response = await sendWhatsApp();
		expect(response.status).toBe(402);
		expect(response.json).toEqual({ statusCode: 402, message: 'Insufficient balance' });
	});
});

// ---------------------------------------------------------------- Skycore

describe('Skycore sendsms', () => {
	it('accepts a valid send', async () => {
		const response = await sendSkycore();
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			status: 'Success',
			'tracking-id': expect.stringMatching(/^[0-9a-f]{12}$/),
			to: '17743199144',
			from: '00000',
			'status-details': 'SMS request accepted and queued for delivery',
		});
	});

	it('reads the action case-insensitively and accepts the optional fields', async () => {
		const response = await sendSkycore({
			...SKYCORE_BODY,
			action: 'SendSMS',
			'from-mask': 'Dunder Mifflin Paper',
			'campaign-ref': 'campaign2345',
			'click-tracking': true,
		});
		expect(response.json.status).toBe('Success');
	});

	it.each([
		['no x-api-key', undefined, 'Authentication failed. API key is missing.'],
		['a wrong x-api-key', 'wrong-key', 'Authentication failed. Invalid API key.'],
	])('fails with E103 (HTTP 200) for %s', async (_name, apiKey, info) => {
		const response = await sendSkycore(SKYCORE_BODY, { 'x-api-key': apiKey });
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ status: 'Failure', 'error-code': 'E103', 'error-info': info, to: '17743199144' });
	});

	it.each([
		['malformed JSON', '{"action":', 'Invalid Request. The body must be a JSON object.'],
		['a missing action', { ...SKYCORE_BODY, action: undefined }, 'Invalid Request. Unknown or missing action.'],
		['another action', { ...SKYCORE_BODY, action: 'sendmms' }, 'Invalid Request. Unknown or missing action.'],
		[
			'a missing message-text',
			{ ...SKYCORE_BODY, 'message-text': undefined },
			'Invalid Request. message-text is required.',
		],
		[
			'a bad click-tracking',
			{ ...SKYCORE_BODY, 'click-tracking': 'yes' },
			'Invalid Request. click-tracking must be true or false.',
		],
		['a non-string from-mask', { ...SKYCORE_BODY, 'from-mask': 42 }, 'Invalid Request. from-mask must be a string.'],
	])('fails with E100 for %s', async (_name, body, info) => {
		const response = await sendSkycore(body);
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({ status: 'Failure', 'error-code': 'E100', 'error-info': info });
	});

	it.each([
		['a + prefix', '+17743199144', '17743199144'],
		['a 00 prefix', '0017743199144', '0017743199144'],
		['punctuation', '1 (774) 319-9144', '17743199144'],
		['a missing number', undefined, ''],
	])('fails with E110 for %s', async (_name, to, echoedTo) => {
		const response = await sendSkycore({ ...SKYCORE_BODY, to });
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			status: 'Failure',
			'error-code': 'E110',
			'error-info': 'Invalid Receiver.',
			to: echoedTo,
		});
	});

	it.each([
		['a missing sender', undefined],
		['an alphanumeric sender', 'Dunder'],
		['a too short sender', '12'],
	])('fails with E111 for %s', async (_name, from) => {
		const response = await sendSkycore({ ...SKYCORE_BODY, from });
		expect(response.json).toEqual({
			status: 'Failure',
			'error-code': 'E111',
			'error-info': 'Invalid Sender.',
			to: '17743199144',
		});
	});

	it('reads the body as JSON whatever the content type', async () => {
		const response = await call('POST', SKYCORE_PATH, {
			body: JSON.stringify(SKYCORE_BODY),
			headers: { 'x-api-key': skycore.apiKey },
		});
		expect(response.json.status).toBe('Success');
	});

	it('answers 405 to a GET', async () => {
		const response = await call('GET', SKYCORE_PATH);
		expect(response.status).toBe(405);
		expect(response.headers.get('allow')).toBe('POST');
	});
});

// ---------------------------------------------------------------- SMS gateway v1

describe('SMS gateway v1 send', () => {
	it('sends with credentials and fields in a form body', async () => {
		const response = await postForm(`${GATEWAY}/v1/sms/send`, {
			...GATEWAY_LOGIN,
			numbers: '0701234567',
			message_body: 'Hello, this is a test message.',
		});
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			status: 'success',
			message: 'Message queued',
			data: {
				recipients: [{ number: '0701234567', message_id: expect.stringMatching(UUID_V4), status: 'queued' }],
				count: 1,
				parts: 1,
				cost: 0.8,
				currency: 'KES',
			},
		});
		expect(response.headers.get('x-ratelimit-limit')).toBe('60');
		expect(response.headers.get('x-ratelimit-remaining')).toBe('59');
	});

	it('takes credentials from the query, a JSON body, spaces around commas and mixed formats', async () => {
		const query = new URLSearchParams(GATEWAY_LOGIN).toString();
		const response = await postJson(`${GATEWAY}/v1/sms/send?${query}`, {
			numbers: '0701234567 , 254712345678,+254112345678, 447911123456,',
			message_body: 'x'.repeat(161),
		});
		expect(response.status).toBe(200);
		expect(response.json.data.recipients.map((recipient) => recipient.number)).toEqual([
			'0701234567',
			'254712345678',
			'+254112345678',
			'447911123456',
		]);
		expect(response.json.data).toMatchObject({ count: 4, parts: 2, cost: 6.4 });
	});

	it.each([
		['a wrong password', { ...GATEWAY_LOGIN, password: 'wrong' }],
		['no credentials', {}],
	])('answers 401 for %s', async (_name, login) => {
		const response = await postForm(`${GATEWAY}/v1/sms/send`, { ...login, numbers: '0701234567', message_body: 'Hi' });
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ error: 'Unauthorized.' });
		expect(response.headers.get('x-ratelimit-remaining')).toBe('59');
	});

	it.each(['abc', '12345', '0201234567', '070123456', '25470123456', '0701234567;0712345678'])(
		'answers 400 for the invalid number %s',
		async (number) => {
			const response = await postForm(`${GATEWAY}/v1/sms/send`, {
				...GATEWAY_LOGIN,
				numbers: `0712345678, ${number}`,
				message_body: 'Hi',
			});
			expect(response.status).toBe(400);
			expect(response.json).toEqual({ error: 'Invalid phone number format.' });
		},
	);

	it.each([
		['numbers', { message_body: 'Hi' }, 'The numbers field is required.'],
		['numbers', { numbers: ' , ', message_body: 'Hi' }, 'The numbers field is required.'],
		['message_body', { numbers: '0701234567' }, 'The message_body field is required.'],
		['message_body', { numbers: '0701234567', message_body: '   ' }, 'The message_body field is required.'],
	])('answers 400 naming %s', async (_field, fields, error) => {
		const response = await postForm(`${GATEWAY}/v1/sms/send`, { ...GATEWAY_LOGIN, ...fields });
		expect(response.status).toBe(400);
		expect(response.json).toEqual({ error });
	});

	it('answers 400 when numbers is not a string', async () => {
		const response = await postJson(`${GATEWAY}/v1/sms/send`, {
			...GATEWAY_LOGIN,
			numbers: ['0701234567'],
			message_body: 'Hi',
		});
		expect(response.json).toEqual({ error: 'The numbers field must be a string.' });
	});
});

// ---------------------------------------------------------------- SMS gateway v2

describe('SMS gateway v2 send and balance', () => {
	const fields = { numbers: '0701234567', message_body: 'Hello' };

	it('sends with the X-API-Key header', async () => {
		const response = await gatewayV2Send(fields);
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({ status: 'success', message: 'Message queued', data: { count: 1 } });
	});

	it('sends with the api_key parameter in the query, the body and as a GET', async () => {
		const inQuery = await postForm(`${GATEWAY}/v2/sms/send?api_key=${smsGateway.apiKey}`, fields);
		expect(inQuery.status).toBe(200);
		const inBody = await gatewayV2Send({ ...fields, api_key: smsGateway.apiKey }, {});
		expect(inBody.status).toBe(200);
		const query = new URLSearchParams({ ...fields, api_key: smsGateway.apiKey }).toString();
		const asGet = await call('GET', `${GATEWAY}/v2/sms/send?${query}`);
		expect(asGet.status).toBe(200);
		expect(asGet.json.data.recipients[0].number).toBe('0701234567');
	});

	it('answers the documented 401 without a key', async () => {
		const response = await call('GET', `${GATEWAY}/v2/sms/send`);
		expect(response.status).toBe(401);
		expect(response.json).toEqual({
			error: 'API key is required',
			help: 'Provide X-API-Key header or api_key parameter',
		});
		expect(response.headers.get('x-ratelimit-limit')).toBe('60');
		expect(response.headers.get('cache-control')).toBe('no-cache, private');
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
	});

	it('answers 401 for an unknown key', async () => {
		const response = await gatewayV2Send(fields, { 'x-api-key': 'not-a-key' });
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ error: 'Invalid API key' });
	});

	it('validates numbers and fields like v1', async () => {
		expect((await gatewayV2Send({ ...fields, numbers: 'abc' })).json).toEqual({ error: 'Invalid phone number format.' });
		const noBody = await gatewayV2Send({ numbers: '0701234567' });
		expect(noBody.json).toEqual({ error: 'The message_body field is required.' });
	});

	it('answers the balance and lowers it by the cost of each part sent', async () => {
		const before = await call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER });
		expect(before.status).toBe(200);
		expect(before.json).toEqual({ balance: 10000, currency: 'KES' });
		await gatewayV2Send({ numbers: '0701234567,0712345678', message_body: 'ж'.repeat(71) }); // 2 x 2 UCS-2 parts
		const after = await call('GET', `${GATEWAY}/v2/account/balance?api_key=${smsGateway.apiKey}`);
		expect(after.json).toEqual({ balance: 9996.8, currency: 'KES' });
	});

	it('answers 401 on the balance without a key', async () => {
		const response = await call('GET', `${GATEWAY}/v2/account/balance`);
		expect(response.status).toBe(401);
		expect(response.json.error).toBe('API key is required');
	});

	it('answers 402 when the balance does not cover the send', async () => {
		sandbox.configure({ gatewayBalance: 0.5 });
		const response = await gatewayV2Send(fields);
		expect(response.status).toBe(402);
		expect(response.json).toEqual({ error: 'Insufficient balance.' });
	});

	it('answers the documented 500 on GET /api/v2', async () => {
		const response = await call('GET', `${GATEWAY}/v2`);
		expect(response.status).toBe(500);
		expect(response.json).toEqual({ message: 'Server Error' });
	});
});

// ---------------------------------------------------------------- SMS gateway API keys

describe('SMS gateway API key management', () => {
	const fields = { numbers: '0701234567', message_body: 'Hello' };

	it('generates a key with username and password; the new and the old key both work', async () => {
		const started = Date.now();
		const response = await postJson(`${GATEWAY}/generate-key`, { ...GATEWAY_LOGIN, expiry_days: 3 });
		expect(response.status).toBe(201);
		expect(response.json).toEqual({
			message: 'API key generated successfully.',
			api_key: expect.stringMatching(/^[0-9a-f]{40}$/),
			expires_at: expect.stringMatching(ISO_TIME),
		});
		const expiresIn = Date.parse(response.json.expires_at) - started;
		expect(Math.abs(expiresIn - 3 * 24 * 3600 * 1000)).toBeLessThan(5000);
		expect((await gatewayV2Send(fields, { 'x-api-key': response.json.api_key })).status).toBe(200);
		expect((await gatewayV2Send(fields)).status).toBe(200);
	});

	it('generates a key without expiry when expiry_days is left out, and takes form strings', async () => {
		const noExpiry = await postForm(`${GATEWAY}/generate-key`, GATEWAY_LOGIN);
		expect(noExpiry.json.expires_at).toBeNull();
		const formDays = await postForm(`${GATEWAY}/generate-key`, { ...GATEWAY_LOGIN, expiry_days: '30' });
		expect(formDays.status).toBe(201);
	});

	it('answers 401 to generate-key without valid credentials', async () => {
		const response = await postJson(`${GATEWAY}/generate-key`, { expiry_days: 3 }, GATEWAY_KEY_HEADER);
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ error: 'Unauthorized.' });
	});

	it.each([
		[0, 'The expiry days field must be at least 1.'],
		[366, 'The expiry days field must not be greater than 365.'],
		['abc', 'The expiry days field must be an integer.'],
		[2.5, 'The expiry days field must be an integer.'],
	])('answers 422 for expiry_days %p', async (expiryDays, message) => {
		const response = await postJson(`${GATEWAY}/generate-key`, { ...GATEWAY_LOGIN, expiry_days: expiryDays });
		expect(response.status).toBe(422);
		expect(response.json).toEqual({ message, errors: { expiry_days: [message] } });
	});

	it('revokes the presented key, which then stops working', async () => {
		const response = await postJson(`${GATEWAY}/revoke-key`, {}, GATEWAY_KEY_HEADER);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ message: 'API key revoked successfully.', revoked: 1 });
		const send = await gatewayV2Send(fields);
		expect(send.status).toBe(401);
		expect(send.json).toEqual({ error: 'API key has been revoked' });
		const again = await postJson(`${GATEWAY}/revoke-key`, {}, GATEWAY_KEY_HEADER);
		expect(again.status).toBe(401);
		expect(again.json).toEqual({ error: 'API key has been revoked' });
	});

	it('revokes every active key with username and password and no key', async () => {
		const generated = (await postJson(`${GATEWAY}/generate-key`, GATEWAY_LOGIN)).json.api_key;
		const response = await postJson(`${GATEWAY}/revoke-key`, GATEWAY_LOGIN);
		expect(response.json).toEqual({ message: 'API key revoked successfully.', revoked: 2 });
		expect((await gatewayV2Send(fields, { 'x-api-key': generated })).status).toBe(401);
		expect((await gatewayV2Send(fields)).status).toBe(401);
	});

	it('answers 401 to revoke-key with neither key nor credentials', async () => {
		const response = await postJson(`${GATEWAY}/revoke-key`, {});
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ error: 'Unauthorized.' });
	});

	it('regenerates: the presented key is revoked and the new one works', async () => {
		const response = await postJson(`${GATEWAY}/regenerate-key`, { expiry_days: 9 }, GATEWAY_KEY_HEADER);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			message: 'API key regenerated successfully.',
			api_key: expect.stringMatching(/^[0-9a-f]{40}$/),
			expires_at: expect.stringMatching(ISO_TIME),
		});
		expect((await gatewayV2Send(fields)).json).toEqual({ error: 'API key has been revoked' });
		expect((await gatewayV2Send(fields, { 'x-api-key': response.json.api_key })).status).toBe(200);
	});

	it('answers 422 to regenerate-key with a bad expiry_days and keeps the key', async () => {
		const response = await postJson(`${GATEWAY}/regenerate-key`, { expiry_days: 400 }, GATEWAY_KEY_HEADER);
		expect(response.status).toBe(422);
		expect((await gatewayV2Send(fields)).status).toBe(200);
	});

	it('answers 401 to regenerate-key with an unknown key', async () => {
		const response = await postJson(`${GATEWAY}/regenerate-key`, {}, { 'x-api-key': 'nope' });
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ error: 'Invalid API key' });
	});
});

describe('SMS gateway with a controlled clock', () => {
	let clock;
	let clocked;
	let clockedUrl;

	beforeAll(async () => {
		clock = Date.parse('2026-01-01T00:00:00Z');
		clocked = createSandbox({ now: () => clock, gatewayRateLimit: 2 });
		({ url: clockedUrl } = await clocked.start(0));
	});

	afterAll(() => clocked.stop());

	it('refuses a key once it has expired', async () => {
		const generated = await postJson(`${GATEWAY}/generate-key`, { ...GATEWAY_LOGIN, expiry_days: 1 }, {}, clockedUrl);
		expect(generated.json.expires_at).toBe('2026-01-02T00:00:00.000Z');
		const headers = { 'x-api-key': generated.json.api_key };
		const balance = () => call('GET', `${GATEWAY}/v2/account/balance`, { headers, base: clockedUrl });
		expect((await balance()).status).toBe(200);
		clock += 24 * 3600 * 1000;
		const expired = await balance();
		expect(expired.status).toBe(401);
		expect(expired.json).toEqual({ error: 'API key has expired' });
	});

	it('lets a key in again once the rolling minute has passed', async () => {
		clocked.reset();
		const balance = () => call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER, base: clockedUrl });
		await balance();
		clock += 30 * 1000;
		await balance();
		const limited = await balance();
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('30');
		clock += 30 * 1000;
		const again = await balance();
		expect(again.status).toBe(200);
		expect(again.headers.get('x-ratelimit-remaining')).toBe('0');
	});
});

describe('SMS gateway rate limit', () => {
	it('answers 429 past the limit, per key', async () => {
		sandbox.configure({ gatewayRateLimit: 3 });
		const remaining = [];
		for (let i = 0; i < 3; i++) {
			const response = await call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER });
			expect(response.status).toBe(200);
			remaining.push(response.headers.get('x-ratelimit-remaining'));
		}
		expect(remaining).toEqual(['2', '1', '0']);
		const limited = await gatewayV2Send({ numbers: '0701234567', message_body: 'Hi' });
		expect(limited.status).toBe(429);
		expect(limited.json).toEqual({ message: 'Too Many Attempts.' });
		expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
		expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);

		// The username/password caller has its own budget.
		const v1 = await postForm(`${GATEWAY}/v1/sms/send`, { ...GATEWAY_LOGIN, numbers: '0701234567', message_body: 'Hi' });
		expect(v1.status).toBe(200);
		expect(v1.headers.get('x-ratelimit-remaining')).toBe('2');
	});

	it('starts over after reset', async () => {
		sandbox.configure({ gatewayRateLimit: 1 });
		await call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER });
		sandbox.reset();
		const response = await call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER });
		expect(response.status).toBe(200);
		expect(response.headers.get('x-ratelimit-limit')).toBe('60');
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
			responseStatus: 200,
		});
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

// ---------------------------------------------------------------- status callbacks

describe('status callbacks', () => {
	let receiver;

	beforeEach(async () => {
		receiver = await startReceiver();
	});

	afterEach(() => receiver.close());

	it('posts Betatel SMS statuses PENDING, SENT, DELIVERED', async () => {
		sandbox.configure({ betatelWebhookUrl: `${receiver.url}/betatel` });
		const { messageId } = (await sendBetatelSms()).json;
		await sandbox.waitForCallbacks(3);
		expect(receiver.received.map((request) => request.body)).toEqual(
			['PENDING', 'SENT', 'DELIVERED'].map((status) => ({
				messageId,
				channel: 'sms',
				status,
				to: '38161444555',
				timestamp: expect.stringMatching(ISO_TIME),
			})),
		);
		expect(receiver.received[0].path).toBe('/betatel');
		expect(receiver.received[0].headers['content-type']).toBe('application/json');
		expect(sandbox.callbacks.map((callback) => callback.responseStatus)).toEqual([200, 200, 200]);
		expect(sandbox.callbacks[0]).toMatchObject({ url: `${receiver.url}/betatel`, body: { status: 'PENDING' } });
	});

	it('posts Betatel WhatsApp statuses PENDING, SENT, DELIVERED, READ', async () => {
		sandbox.configure({ betatelWebhookUrl: receiver.url });
		const { uuid } = (await sendWhatsApp()).json;
		await sandbox.waitForCallbacks(4);
		expect(receiver.received.map((request) => request.body)).toEqual(
			['PENDING', 'SENT', 'DELIVERED', 'READ'].map((status) => ({
				uuid,
				channel: 'whatsapp',
				status,
				to: '38761444555',
				timestamp: expect.stringMatching(ISO_TIME),
			})),
		);
	});

	it('posts Skycore N201 then N202 with the tracking id of the send', async () => {
		sandbox.configure({ skycorePostbackUrl: `${receiver.url}/skycore` });
		const sent = await sendSkycore({ ...SKYCORE_BODY, 'from-mask': 'Dunder Mifflin', 'campaign-ref': 'campaign2345' });
		await sandbox.waitForCallbacks(2);
		const expected = (code, status) => ({
			origin: 'SMS_MT',
			code,
			'sent-as': 'SMS',
			status,
			from: '00000',
			to: '17743199144',
			'tracking-id': sent.json['tracking-id'],
			'operator-id': expect.any(String),
			'operator-name': expect.any(String),
			'aggregator-id': expect.any(String),
			timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/),
			'campaign-ref': 'campaign2345',
			'from-mask': 'Dunder Miff', // cut to 11 characters, as the doc says
		});
		expect(receiver.received.map((request) => request.body)).toEqual([
			expected('N201', 'Sent'),
			expected('N202', 'Delivered'),
		]);
	});

	it('leaves out from-mask and campaign-ref when the send had none', async () => {
		sandbox.configure({ skycorePostbackUrl: receiver.url });
		await sendSkycore();
		await sandbox.waitForCallbacks(1);
		expect(receiver.received[0].body).not.toHaveProperty('from-mask');
		expect(receiver.received[0].body).not.toHaveProperty('campaign-ref');
	});

	it('sends nothing after a failed send or without a configured URL', async () => {
		sandbox.configure({ skycorePostbackUrl: receiver.url });
		await sendSkycore({ ...SKYCORE_BODY, to: '+17743199144' });
		await sendBetatelSms(); // no Betatel webhook configured
		await sleep(STATUS_INTERVAL_MS * 5);
		expect(receiver.received).toHaveLength(0);
		expect(sandbox.callbacks).toHaveLength(0);
	});

	it('cancels pending callbacks on reset', async () => {
		sandbox.configure({ betatelWebhookUrl: receiver.url, statusIntervalMs: 100 });
		await sendBetatelSms();
		sandbox.reset();
		await sleep(250);
		expect(receiver.received).toHaveLength(0);
	});

	it('records a receiver error and carries on', async () => {
		const failing = await startReceiver(500);
		try {
			sandbox.configure({ betatelWebhookUrl: failing.url });
			await sendBetatelSms();
			await sandbox.waitForCallbacks(3);
			expect(sandbox.callbacks.map((callback) => callback.responseStatus)).toEqual([500, 500, 500]);
			expect(errorLines[0]).toContain('answered HTTP 500');
		} finally {
			await failing.close();
		}
	});

	it('survives an unreachable receiver and keeps tokens out of the log', async () => {
		const port = await unusedPort();
		sandbox.configure({ skycorePostbackUrl: `http://127.0.0.1:${port}/postback?token=very-secret` });
		await sendSkycore();
		await sandbox.waitForCallbacks(2);
		expect(sandbox.callbacks[0]).toMatchObject({ responseStatus: null, error: expect.any(String) });
		expect(errorLines).toHaveLength(2);
		expect(errorLines[0]).toContain(`callback to http://127.0.0.1:${port}/postback failed`);
		expect(errorLines.join('\n')).not.toContain('very-secret');
		expect((await sendSkycore()).json.status).toBe('Success');
	});
});

// ---------------------------------------------------------------- control API over HTTP

describe('control API over HTTP', () => {
	it('reports health', async () => {
		const response = await call('GET', '/__sandbox/health');
		expect(response.json).toEqual({ status: 'ok', url: baseUrl, requests: 0 });
	});

	it('lists and clears the recorded requests', async () => {
		await sendBetatelSms();
		const listed = await call('GET', '/__sandbox/requests');
		expect(listed.json).toHaveLength(1);
		expect(listed.json[0]).toMatchObject({ provider: 'betatel-sms', responseStatus: 200, body: SMS_BODY });
		expect((await call('DELETE', '/__sandbox/requests')).json).toEqual({ cleared: 1 });
		expect(sandbox.requests).toHaveLength(0);
		await expect(sandbox.waitForRequests(1, 50)).rejects.toThrow('got 0');
	});

	it('injects, lists and clears faults; -1 means until reset', async () => {
		const injected = await postJson('/__sandbox/faults', { path: SMS_PATH, status: 500, body: 'boom', times: -1 });
		expect(injected.status).toBe(201);
		expect(injected.json).toMatchObject({ path: SMS_PATH, status: 500, times: -1 });
		expect((await sendBetatelSms()).status).toBe(500);
		expect((await sendBetatelSms()).status).toBe(500);
		expect((await call('GET', '/__sandbox/faults')).json).toHaveLength(1);
		expect((await call('DELETE', '/__sandbox/faults')).json).toEqual({ cleared: 1 });
		expect((await sendBetatelSms()).status).toBe(200);
	});

	it('reads and changes the config, refusing bad input', async () => {
		const changed = await postJson('/__sandbox/config', { latencyMs: 5, gatewayRateLimit: 10 });
		expect(changed.status).toBe(200);
		expect(changed.json).toMatchObject({ latencyMs: 5, gatewayRateLimit: 10, statusIntervalMs: STATUS_INTERVAL_MS });
		expect((await call('GET', '/__sandbox/config')).json.latencyMs).toBe(5);
		const unknown = await postJson('/__sandbox/config', { speed: 1 });
		expect(unknown.status).toBe(400);
		expect(unknown.json).toEqual({ error: 'unknown config option "speed"' });
		expect((await postJson('/__sandbox/config', '{oops')).status).toBe(400);
	});

	it('resets everything', async () => {
		sandbox.configure({ latencyMs: 5, betatelBalance: 0 });
		await sendBetatelSms();
		const response = await call('POST', '/__sandbox/reset');
		expect(response.json).toEqual({ status: 'reset' });
		expect(sandbox.requests).toHaveLength(0);
		expect(sandbox.getConfig()).toMatchObject({ latencyMs: 0, betatelBalance: 1000000 });
	});

	it('lists the delivered callbacks', async () => {
		const receiver = await startReceiver();
		try {
			await postJson('/__sandbox/config', { betatelWebhookUrl: receiver.url });
			await sendWhatsApp();
			await sandbox.waitForCallbacks(4);
			const listed = await call('GET', '/__sandbox/callbacks');
			expect(listed.json.map((callback) => callback.body.status)).toEqual(['PENDING', 'SENT', 'DELIVERED', 'READ']);
			expect((await call('DELETE', '/__sandbox/callbacks')).json).toEqual({ cleared: 4 });
			expect(sandbox.callbacks).toHaveLength(0);
		} finally {
			await receiver.close();
		}
	});

	it('answers 404 for an unknown control route', async () => {
		expect((await call('GET', '/__sandbox/nothing')).status).toBe(404);
	});
});

// ---------------------------------------------------------------- CLI

describe('cli', () => {
	it('starts, logs without secrets, and stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, '../../sandbox/cli.js')], {
			env: { ...process.env, SANDBOX_PORT: '0' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

		const deadline = Date.now() + 10000;
		while (!/SANDBOX_READY (\S+)/.test(output)) {
			if (Date.now() > deadline) throw new Error(`CLI did not get ready:\n${output}`);
			await sleep(20);
		}
		const cliUrl = output.match(/SANDBOX_READY (\S+)/)[1];
		expect(output).toContain(`${cliUrl}/skycore/api/v2`);
		expect(output).toContain(`${cliUrl}/gateway/api`);

		const leaked = 'my-real-password-do-not-log';
		const response = await call('POST', `/gateway/api/v1/sms/send?username=sandbox&password=${leaked}`, {
			base: cliUrl,
			body: 'numbers=0701234567&message_body=Hi',
			headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': leaked },
		});
		expect(response.status).toBe(401);
		await sleep(50);
		expect(output).toContain('POST /gateway/api/v1/sms/send -> 401');

		child.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(output).not.toContain(leaked);
	});
});
