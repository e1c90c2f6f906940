'use strict';

/**
 * Shared by the sandbox test files (not a test file itself: jest only runs *.test.js).
 * `useSandbox()` starts one sandbox for the calling file and resets it before each test; the
 * request helpers talk to it unless given another base URL.
 */

const http = require('http');
const { createSandbox, SANDBOX_CREDENTIALS } = require('../../sandbox/server');

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

/** The running sandbox of the current test file, its URL and the error lines it logged. */
const env = { sandbox: null, baseUrl: null, errorLines: [] };

function useSandbox(options = {}) {
	beforeAll(async () => {
		env.sandbox = createSandbox({
			statusIntervalMs: STATUS_INTERVAL_MS,
			logError: (line) => env.errorLines.push(line),
			...options,
		});
		({ url: env.baseUrl } = await env.sandbox.start(0));
	});
	afterAll(() => env.sandbox.stop());
	beforeEach(() => {
		env.sandbox.reset();
		env.errorLines.length = 0;
	});
	return env;
}

async function call(method, urlPath, { body, headers = {}, base = env.baseUrl } = {}) {
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

/** A little server that records the callbacks the sandbox POSTs to it (JSON parsed, else the raw text). */
async function startReceiver(status = 200) {
	const received = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString();
			let body;
			try {
				body = JSON.parse(text);
			} catch {
				body = text;
			}
			received.push({ path: req.url, headers: req.headers, body });
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

module.exports = {
	env,
	useSandbox,
	call,
	postJson,
	postForm,
	sendBetatelSms,
	sendWhatsApp,
	sendSkycore,
	gatewayV2Send,
	startReceiver,
	unusedPort,
	sleep,
	SANDBOX_CREDENTIALS,
	SMS_PATH,
	WHATSAPP_PATH,
	SKYCORE_PATH,
	GATEWAY,
	STATUS_INTERVAL_MS,
	UUID_V1,
	UUID_V4,
	ULID,
	ISO_TIME,
	SMS_HEADERS,
	WHATSAPP_HEADERS,
	SMS_BODY,
	WHATSAPP_BODY,
	SKYCORE_BODY,
	GATEWAY_LOGIN,
	GATEWAY_KEY_HEADER,
};
