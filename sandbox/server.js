'use strict';

/**
 * Provider sandbox: one HTTP server on 127.0.0.1 that plays Betatel (SMS and WhatsApp OTP),
 * Skycore (Messaging API v2) and the self-hosted Laravel SMS gateway as their documents in
 * ../shared/api-docs/ describe them. Used by the jest integration tests, the e2e suite and
 * `npm run dev`. Plain Node, no dependencies. See sandbox/README.md.
 */

const http = require('http');
const https = require('https');
const crypto = require('crypto');
const { EventEmitter } = require('events');

const HOST = '127.0.0.1';
const CONTROL_PREFIX = '/__sandbox';
const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_MAX_RECORDED_REQUESTS = 10000; // keeps a long benchmark from eating memory
const DEFAULT_WAIT_TIMEOUT_MS = 5000;
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
// Skycore wants a postback answered within 10 s; the same bound is used for Betatel webhooks.
const CALLBACK_TIMEOUT_MS = 10000;

const SANDBOX_CREDENTIALS = Object.freeze({
	betatelSms: Object.freeze({ apiKey: 'sandbox-betatel-api-key', userId: 'sandbox-user-id' }),
	betatelWhatsApp: Object.freeze({ apiKey: 'sandbox-betatel-api-key', accountId: 'sandbox-account-id' }),
	skycore: Object.freeze({ apiKey: 'sandbox-skycore-api-key' }),
	smsGateway: Object.freeze({
		username: 'sandbox',
		password: 'sandbox-password',
		apiKey: 'sandbox-gateway-api-key',
	}),
});

const DEFAULT_CONFIG = Object.freeze({
	latencyMs: 0,
	betatelWebhookUrl: null,
	skycorePostbackUrl: null,
	statusIntervalMs: 1000,
	gatewayRateLimit: 60,
	betatelBalance: 1000000, // credits; one accepted message costs one credit
	gatewayBalance: 10000, // KES
});

// ---------------------------------------------------------------- Betatel

const BETATEL_SMS_PATH = '/api/v1/connect-hub/sms';
const BETATEL_WHATSAPP_PATH = '/api/v1/connect-hub/whatsapp/otp';
// International number, digits only: no "+", no "00" dialling prefix, 8 to 15 digits (E.164).
const INTERNATIONAL_DIGITS = /^[1-9]\d{7,14}$/;
const WHATSAPP_MAX_TEXT_CHARS = 4096;
const BETATEL_COST_PER_MESSAGE = 1;
const BETATEL_SMS_STATUSES = ['PENDING', 'SENT', 'DELIVERED'];
const BETATEL_WHATSAPP_STATUSES = ['PENDING', 'SENT', 'DELIVERED', 'READ'];

// ---------------------------------------------------------------- Skycore

const SKYCORE_PATH = '/skycore/api/v2';
const SKYCORE_SEND_ACTION = 'sendsms';
// Shortcode, toll-free or 10DLC with country code; the doc's own example sender is "00000".
const SKYCORE_SENDER = /^\d{3,15}$/;
const SKYCORE_FROM_MASK_MAX_CHARS = 11;
const SKYCORE_ACCEPTED = 'SMS request accepted and queued for delivery';
const SKYCORE_ERROR = Object.freeze({
	invalidRequest: 'E100',
	authentication: 'E103',
	invalidReceiver: 'E110',
	invalidSender: 'E111',
});
// SMS MT postback v2: N201 when handed to the carrier, N202 on the carrier's delivery receipt.
const SKYCORE_POSTBACKS = [
	{ code: 'N201', status: 'Sent' },
	{ code: 'N202', status: 'Delivered' },
];
const SKYCORE_SANDBOX_OPERATOR = Object.freeze({ id: '0009999', name: 'Sandbox Mobile' });

// ---------------------------------------------------------------- SMS gateway

const GATEWAY_PREFIX = '/gateway/api';
const GATEWAY_CURRENCY = 'KES';
const GATEWAY_PRICE_PER_PART = 0.8;
const RATE_LIMIT_WINDOW_MS = 60 * 1000;
const KEY_EXPIRY_MIN_DAYS = 1;
const KEY_EXPIRY_MAX_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;
// Headers the Laravel app sends on every API answer (see the Scribe examples).
const GATEWAY_HEADERS = Object.freeze({
	'cache-control': 'no-cache, private',
	'access-control-allow-origin': '*',
});
// National Kenyan mobile numbers (07xx..., 01xx...) and international numbers with or without "+".
const KENYAN_NATIONAL_NUMBER = /^0[17]\d{8}$/;
const KENYAN_INTERNATIONAL_NUMBER = /^\+?254[17]\d{8}$/;
const OTHER_INTERNATIONAL_NUMBER = /^\+?(?!254)[1-9]\d{7,14}$/;
const GATEWAY_KEY_REQUIRED = Object.freeze({
	error: 'API key is required',
	help: 'Provide X-API-Key header or api_key parameter',
});
const GATEWAY_KEY_ERRORS = Object.freeze({
	invalid: 'Invalid API key',
	revoked: 'API key has been revoked',
	expired: 'API key has expired',
});

// ---------------------------------------------------------------- SMS length (GSM 03.38)

const GSM7_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡' +
		'ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');
const GSM7_SINGLE_PART = 160;
const GSM7_MULTI_PART = 153;
const UCS2_SINGLE_PART = 70;
const UCS2_MULTI_PART = 67;

/** Number of SMS parts a text is billed as. */
function smsParts(text) {
	let septets = 0;
	for (const char of text) {
		if (GSM7_BASIC.has(char)) septets += 1;
		else if (GSM7_EXTENSION.has(char)) septets += 2;
		else return ucs2Parts(text.length); // one non-GSM character turns the whole text into UCS-2
	}
	return septets <= GSM7_SINGLE_PART ? 1 : Math.ceil(septets / GSM7_MULTI_PART);
}

function ucs2Parts(units) {
	return units <= UCS2_SINGLE_PART ? 1 : Math.ceil(units / UCS2_MULTI_PART);
}

// ---------------------------------------------------------------- identifiers

const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GREGORIAN_TO_UNIX_MS = 12219292800000n;
let uuidV1LastMs = 0;
let uuidV1Sequence = 0;

/** Time-based UUID like Betatel's messageIds ("0a62face-6d15-11f0-962f-d89d6729654c"). */
function uuidV1() {
	const nowMs = Date.now();
	uuidV1Sequence = nowMs === uuidV1LastMs ? uuidV1Sequence + 1 : 0;
	uuidV1LastMs = nowMs;
	const ticks = (BigInt(nowMs) + GREGORIAN_TO_UNIX_MS) * 10000n + BigInt(uuidV1Sequence % 10000);
	const hex = (value, width) => value.toString(16).padStart(width, '0');
	const timeLow = hex(ticks & 0xffffffffn, 8);
	const timeMid = hex((ticks >> 32n) & 0xffffn, 4);
	const timeHigh = hex(((ticks >> 48n) & 0x0fffn) | 0x1000n, 4);
	const clockSequence = hex(crypto.randomInt(0x4000) | 0x8000, 4);
	const node = crypto.randomBytes(6);
	node[0] |= 0x01; // multicast bit: a random node id, not a MAC address (RFC 4122 4.5)
	return `${timeLow}-${timeMid}-${timeHigh}-${clockSequence}-${node.toString('hex')}`;
}

/** ULID like Betatel's WhatsApp uuids ("01JV5V54KPYK9GB29265EQRZ2P"): 10 time + 16 random chars. */
function ulid() {
	let time = Date.now();
	let timePart = '';
	for (let i = 0; i < 10; i++) {
		timePart = CROCKFORD_BASE32[time % 32] + timePart;
		time = Math.floor(time / 32);
	}
	let randomPart = '';
	for (let i = 0; i < 16; i++) randomPart += CROCKFORD_BASE32[crypto.randomInt(32)];
	return timePart + randomPart;
}

function skycoreTrackingId() {
	return crypto.randomBytes(6).toString('hex');
}

function gatewayApiKey() {
	return crypto.randomBytes(20).toString('hex');
}

// ---------------------------------------------------------------- HTTP helpers

/** The one way every answer leaves the sandbox: JSON for objects, text as is, nothing for null. */
function reply(res, status, body, headers = {}) {
	if (res.headersSent || res.destroyed) return;
	const finalHeaders = { ...headers };
	let payload = '';
	if (typeof body === 'string') {
		payload = body;
	} else if (body !== undefined && body !== null) {
		payload = JSON.stringify(body);
		if (!finalHeaders['content-type']) finalHeaders['content-type'] = JSON_CONTENT_TYPE;
	}
	finalHeaders['content-length'] = Buffer.byteLength(payload);
	res.writeHead(status, finalHeaders);
	res.end(payload);
}

function readBody(req, limit) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > limit) {
				reject(new Error('body too large'));
				req.resume();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function mediaType(headers) {
	return String(headers['content-type'] || '')
		.split(';')[0]
		.trim()
		.toLowerCase();
}

function isJsonMediaType(type) {
	return type === 'application/json' || type.endsWith('+json');
}

function tryParseJson(text) {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false, value: null };
	}
}

function parseForm(text) {
	return Object.fromEntries(new URLSearchParams(text));
}

/** The body as the recording shows it: JSON by content type, urlencoded form, else null. */
function parseRecordedBody(type, rawBody) {
	if (type === 'application/x-www-form-urlencoded') return parseForm(rawBody);
	if (isJsonMediaType(type)) return tryParseJson(rawBody).value;
	return null;
}

function isPlainObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value) {
	return typeof value === 'string' && value.trim() !== '';
}

function isBlank(value) {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function roundMoney(amount) {
	return Math.round(amount * 100) / 100;
}

function nowIso() {
	return new Date().toISOString();
}

/** Skycore's postback timestamps carry an explicit "+00:00" offset instead of "Z". */
function skycoreTimestamp() {
	return nowIso().replace('Z', '+00:00');
}

/** Strips the query string (it may carry tokens) before a URL goes into a log line. */
function urlForLog(url) {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return '<invalid url>';
	}
}

function normalizePath(pathname) {
	return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

function providerForPath(path) {
	if (path === BETATEL_SMS_PATH) return 'betatel-sms';
	if (path === BETATEL_WHATSAPP_PATH) return 'betatel-whatsapp';
	if (path === SKYCORE_PATH || path.startsWith(`${SKYCORE_PATH}/`)) return 'skycore';
	if (path === GATEWAY_PREFIX || path.startsWith(`${GATEWAY_PREFIX}/`)) return 'gateway';
	return null;
}

// ---------------------------------------------------------------- validation of control input

function assertNonNegativeNumber(name, value) {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new Error(`${name} must be a non-negative number`);
	}
}

function assertCallbackUrl(name, value) {
	if (value === null) return;
	let parsed;
	try {
		parsed = new URL(value);
	} catch {
		throw new Error(`${name} must be an http(s) URL or null`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new Error(`${name} must be an http(s) URL or null`);
	}
}

const CONFIG_VALIDATORS = {
	latencyMs: assertNonNegativeNumber,
	statusIntervalMs: assertNonNegativeNumber,
	betatelBalance: assertNonNegativeNumber,
	gatewayBalance: assertNonNegativeNumber,
	betatelWebhookUrl: assertCallbackUrl,
	skycorePostbackUrl: assertCallbackUrl,
	gatewayRateLimit: (name, value) => {
		if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
	},
};

/** Validates a partial config; undefined options are skipped, an empty callback URL means "no callbacks". */
function normalizeConfig(changes) {
	if (!isPlainObject(changes)) throw new Error('config must be an object');
	const normalized = {};
	for (const [name, rawValue] of Object.entries(changes)) {
		const validate = CONFIG_VALIDATORS[name];
		if (!validate) throw new Error(`unknown config option "${name}"`);
		if (rawValue === undefined) continue;
		const value = rawValue === '' ? null : rawValue;
		validate(name, value);
		normalized[name] = value;
	}
	return normalized;
}

function normalizeFault(spec, id) {
	if (!isPlainObject(spec)) throw new Error('fault must be an object');
	if (spec.path !== undefined && (typeof spec.path !== 'string' || !spec.path.startsWith('/'))) {
		throw new Error('fault path must start with "/"');
	}
	const status = spec.status === undefined ? 500 : spec.status;
	if (!Number.isInteger(status) || status < 100 || status > 599) {
		throw new Error('fault status must be an HTTP status code');
	}
	const delayMs = spec.delayMs === undefined ? 0 : spec.delayMs;
	assertNonNegativeNumber('fault delayMs', delayMs);
	// JSON cannot carry Infinity, so -1, null and "Infinity" also mean "until reset".
	const unlimited = spec.times === Infinity || spec.times === -1 || spec.times === null || spec.times === 'Infinity';
	const times = spec.times === undefined ? 1 : unlimited ? Infinity : spec.times;
	if (times !== Infinity && (!Number.isInteger(times) || times < 1)) {
		throw new Error('fault times must be a positive integer, -1 or Infinity');
	}
	if (spec.body !== undefined && spec.body !== null && typeof spec.body !== 'string' && typeof spec.body !== 'object') {
		throw new Error('fault body must be a string or JSON');
	}
	if (spec.headers !== undefined && !isPlainObject(spec.headers)) throw new Error('fault headers must be an object');
	return {
		id,
		path: spec.path === undefined ? null : normalizePath(spec.path),
		method: spec.method ? String(spec.method).toUpperCase() : null,
		status,
		body: spec.body === undefined ? null : spec.body,
		contentType: spec.contentType ? String(spec.contentType) : null,
		headers: spec.headers || {},
		delayMs,
		dropConnection: spec.dropConnection === true,
		remaining: times,
	};
}

function publicFault(fault) {
	const { remaining, ...rest } = fault;
	return { ...rest, times: remaining === Infinity ? -1 : remaining };
}

// ---------------------------------------------------------------- the sandbox

const ROUTES = [
	{ method: 'POST', path: BETATEL_SMS_PATH, handler: 'handleBetatelSms' },
	{ method: 'POST', path: BETATEL_WHATSAPP_PATH, handler: 'handleBetatelWhatsApp' },
	{ method: 'POST', path: SKYCORE_PATH, handler: 'handleSkycoreSendSms' },
	{ method: 'POST', path: `${GATEWAY_PREFIX}/v1/sms/send`, handler: 'handleGatewayV1Send' },
	{ method: 'POST', path: `${GATEWAY_PREFIX}/v2/sms/send`, handler: 'handleGatewayV2Send' },
	{ method: 'GET', path: `${GATEWAY_PREFIX}/v2/sms/send`, handler: 'handleGatewayV2Send' },
	{ method: 'GET', path: `${GATEWAY_PREFIX}/v2/account/balance`, handler: 'handleGatewayBalance' },
	{ method: 'POST', path: `${GATEWAY_PREFIX}/generate-key`, handler: 'handleGatewayGenerateKey' },
	{ method: 'POST', path: `${GATEWAY_PREFIX}/revoke-key`, handler: 'handleGatewayRevokeKey' },
	{ method: 'POST', path: `${GATEWAY_PREFIX}/regenerate-key`, handler: 'handleGatewayRegenerateKey' },
	{ method: 'GET', path: `${GATEWAY_PREFIX}/v2`, handler: 'handleGatewaySwagger' },
];

class ProviderSandbox {
	constructor(options = {}) {
		const { now, log, logError, maxRecordedRequests, ...config } = options;
		this.defaults = { ...DEFAULT_CONFIG, ...normalizeConfig(config) };
		this.now = now || Date.now; // injectable clock for key expiry and the rate-limit window
		this.log = log || (() => {});
		this.logError = logError || ((line) => process.stderr.write(`${line}\n`));
		this.maxRecordedRequests = maxRecordedRequests || DEFAULT_MAX_RECORDED_REQUESTS;
		this.requests = [];
		this.callbacks = [];
		this.events = new EventEmitter();
		this.events.setMaxListeners(0);
		this.server = null;
		this.url = null;
		this.port = null;
		this.latencyTimers = new Set();
		this.callbackTimers = new Set();
		this.callbackRequests = new Set();
		// Bumped by reset/stop so that callback chains started before it stop quietly.
		this.generation = 0;
		this.initState();
	}

	initState() {
		this.config = { ...this.defaults };
		this.requests.length = 0;
		this.callbacks.length = 0;
		this.recordedCount = 0;
		this.deliveredCallbackCount = 0;
		this.seq = 0;
		this.faults = [];
		this.nextFaultId = 1;
		this.rateLimitHits = new Map();
		this.gatewayKeys = new Map([[SANDBOX_CREDENTIALS.smsGateway.apiKey, { revoked: false, expiresAt: null }]]);
	}

	// ------------------------------------------------------------ lifecycle and control

	async start(port = 0) {
		if (this.server) throw new Error('sandbox already started');
		const server = http.createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				this.logError(`[sandbox] internal error on ${req.method} ${req.url.split('?')[0]}: ${error.message}`);
				reply(res, 500, { error: 'Internal sandbox error' });
			});
		});
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, HOST, () => {
				server.off('error', reject);
				resolve();
			});
		});
		this.server = server;
		this.port = server.address().port;
		this.url = `http://${HOST}:${this.port}`;
		return { url: this.url, port: this.port };
	}

	async stop() {
		this.cancelCallbacks();
		for (const timer of this.latencyTimers) clearTimeout(timer);
		this.latencyTimers.clear();
		const server = this.server;
		if (!server) return;
		this.server = null;
		await new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}

	/** Base URLs to put in each n8n credential. */
	get baseUrls() {
		if (!this.url) return null;
		return {
			betatel: this.url,
			skycore: `${this.url}${SKYCORE_PATH}`,
			smsGateway: `${this.url}${GATEWAY_PREFIX}`,
		};
	}

	reset() {
		this.cancelCallbacks();
		this.initState();
	}

	configure(changes) {
		Object.assign(this.config, normalizeConfig(changes));
		return this.getConfig();
	}

	getConfig() {
		return { ...this.config };
	}

	injectFault(spec) {
		const fault = normalizeFault(spec, this.nextFaultId++);
		this.faults.push(fault);
		return publicFault(fault);
	}

	clearFaults() {
		this.faults = [];
	}

	/** Empties the recording; waitForRequests counts from zero again. Returns how many were dropped. */
	clearRequests() {
		const cleared = this.requests.length;
		this.requests.length = 0;
		this.recordedCount = 0;
		return cleared;
	}

	clearCallbacks() {
		const cleared = this.callbacks.length;
		this.callbacks.length = 0;
		this.deliveredCallbackCount = 0;
		return cleared;
	}

	waitForRequests(count, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) {
		return this.waitFor('request', count, () => this.recordedCount, timeoutMs, 'requests');
	}

	waitForCallbacks(count, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) {
		return this.waitFor('callback', count, () => this.deliveredCallbackCount, timeoutMs, 'callbacks');
	}

	waitFor(eventName, count, current, timeoutMs, what) {
		if (current() >= count) return Promise.resolve(current());
		return new Promise((resolve, reject) => {
			const onEvent = () => {
				if (current() < count) return;
				cleanup();
				resolve(current());
			};
			const timer = setTimeout(() => {
				cleanup();
				reject(new Error(`timed out after ${timeoutMs} ms waiting for ${count} ${what} (got ${current()})`));
			}, timeoutMs);
			const cleanup = () => {
				clearTimeout(timer);
				this.events.off(eventName, onEvent);
			};
			this.events.on(eventName, onEvent);
		});
	}

	// ------------------------------------------------------------ dispatch

	async handle(req, res) {
		const started = Date.now();
		const url = new URL(req.url, `http://${HOST}`);
		let rawBody;
		try {
			rawBody = await readBody(req, MAX_BODY_BYTES);
		} catch {
			reply(res, 413, { error: 'Payload Too Large' });
			return;
		}
		const path = normalizePath(url.pathname);
		const contentType = mediaType(req.headers);
		const ctx = {
			req,
			res,
			method: req.method,
			path,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			contentType,
			rawBody,
			body: parseRecordedBody(contentType, rawBody),
		};

		if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
			this.handleControl(ctx);
			return;
		}

		const record = this.recordRequest(ctx, url.pathname);
		const fault = this.takeFault(ctx.method, path);
		await this.delay(this.config.latencyMs + (fault ? fault.delayMs : 0));
		if (fault) this.answerFault(ctx, fault);
		else this.route(ctx);
		if (res.headersSent) record.responseStatus = res.statusCode;
		this.log(`${ctx.method} ${url.pathname} -> ${record.responseStatus ?? 'dropped'} (${Date.now() - started} ms)`);
	}

	route(ctx) {
		const candidates = ROUTES.filter((route) => route.path === ctx.path);
		const route = candidates.find((candidate) => candidate.method === ctx.method);
		if (!route && candidates.length > 0) {
			const allow = candidates.map((candidate) => candidate.method).join(', ');
			reply(ctx.res, 405, { error: 'Method Not Allowed', allow }, { allow });
			return;
		}
		if (!route) {
			reply(ctx.res, 404, { error: 'Not Found', message: `No sandbox route for ${ctx.method} ${ctx.path}` });
			return;
		}
		if (route.path.startsWith(`${GATEWAY_PREFIX}/`)) this.runGatewayRoute(ctx, route);
		else this[route.handler](ctx);
	}

	recordRequest(ctx, receivedPath) {
		const record = {
			seq: ++this.seq,
			time: nowIso(),
			provider: providerForPath(ctx.path),
			method: ctx.method,
			path: receivedPath,
			query: ctx.query,
			headers: { ...ctx.headers },
			rawBody: ctx.rawBody,
			body: ctx.body,
			responseStatus: null, // set when the answer leaves; stays null for a dropped connection
		};
		this.requests.push(record);
		if (this.requests.length > this.maxRecordedRequests) this.requests.shift();
		this.recordedCount++;
		this.events.emit('request', record);
		return record;
	}

	takeFault(method, path) {
		const fault = this.faults.find(
			(candidate) =>
				(candidate.path === null || candidate.path === path) && (candidate.method === null || candidate.method === method),
		);
		if (!fault) return null;
		fault.remaining -= 1;
		if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
		return fault;
	}

	answerFault(ctx, fault) {
		if (fault.dropConnection) {
			ctx.req.socket.destroy();
			return;
		}
		const headers = { ...fault.headers };
		if (fault.contentType) headers['content-type'] = fault.contentType;
		else if (typeof fault.body === 'string') headers['content-type'] = 'text/plain; charset=utf-8';
		reply(ctx.res, fault.status, fault.body, headers);
	}

	delay(ms) {
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.latencyTimers.delete(timer);
				resolve();
			}, ms);
			this.latencyTimers.add(timer);
		});
	}

	handleControl(ctx) {
		const action = `${ctx.method} ${ctx.path.slice(CONTROL_PREFIX.length) || '/'}`;
		const input = ctx.rawBody.trim() === '' ? { ok: true, value: {} } : tryParseJson(ctx.rawBody);
		if (!input.ok) {
			reply(ctx.res, 400, { error: 'control body must be JSON' });
			return;
		}
		try {
			switch (action) {
				case 'GET /health':
					return reply(ctx.res, 200, { status: 'ok', url: this.url, requests: this.recordedCount });
				case 'GET /requests':
					return reply(ctx.res, 200, this.requests);
				case 'DELETE /requests':
					return reply(ctx.res, 200, { cleared: this.clearRequests() });
				case 'GET /callbacks':
					return reply(ctx.res, 200, this.callbacks);
				case 'DELETE /callbacks':
					return reply(ctx.res, 200, { cleared: this.clearCallbacks() });
				case 'POST /reset':
					this.reset();
					return reply(ctx.res, 200, { status: 'reset' });
				case 'GET /faults':
					return reply(ctx.res, 200, this.faults.map(publicFault));
				case 'POST /faults':
					return reply(ctx.res, 201, this.injectFault(input.value));
				case 'DELETE /faults': {
					const cleared = this.faults.length;
					this.clearFaults();
					return reply(ctx.res, 200, { cleared });
				}
				case 'GET /config':
					return reply(ctx.res, 200, this.getConfig());
				case 'POST /config':
					return reply(ctx.res, 200, this.configure(input.value));
				default:
					return reply(ctx.res, 404, { error: 'Not Found', message: `No control route for ${action}` });
			}
		} catch (error) {
			return reply(ctx.res, 400, { error: error.message });
		}
	}

	// ------------------------------------------------------------ callbacks (webhooks and postbacks)

	/** POSTs the built bodies one after another, `statusIntervalMs` apart, the first one interval after the send. */
	scheduleCallbacks(url, bodyBuilders) {
		if (!url) return;
		const generation = this.generation;
		const interval = this.config.statusIntervalMs;
		const sendNext = (index) => {
			const timer = setTimeout(async () => {
				this.callbackTimers.delete(timer);
				if (generation !== this.generation) return;
				await this.deliverCallback(url, bodyBuilders[index]());
				if (index + 1 < bodyBuilders.length && generation === this.generation) sendNext(index + 1);
			}, interval);
			this.callbackTimers.add(timer);
		};
		sendNext(0);
	}

	/** One JSON POST; never throws: failures are logged and recorded with responseStatus null. */
	deliverCallback(url, body) {
		const entry = { time: nowIso(), url, body, responseStatus: null };
		const payload = JSON.stringify(body);
		return new Promise((resolve) => {
			let settled = false;
			const finish = (error) => {
				if (settled) return;
				settled = true;
				if (error) {
					entry.error = error.message;
					this.logError(`[sandbox] callback to ${urlForLog(url)} failed: ${error.message}`);
				} else if (entry.responseStatus < 200 || entry.responseStatus > 299) {
					this.logError(`[sandbox] callback to ${urlForLog(url)} answered HTTP ${entry.responseStatus}`);
				}
				this.callbacks.push(entry);
				this.deliveredCallbackCount++;
				this.events.emit('callback', entry);
				resolve(entry);
			};
			let request;
			try {
				const target = new URL(url);
				const transport = target.protocol === 'https:' ? https : http;
				request = transport.request(target, {
					method: 'POST',
					agent: false,
					timeout: CALLBACK_TIMEOUT_MS,
					headers: {
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(payload),
						'user-agent': 'sms-otp-provider-sandbox',
					},
				});
			} catch (error) {
				finish(error);
				return;
			}
			this.callbackRequests.add(request);
			request.on('response', (response) => {
				entry.responseStatus = response.statusCode;
				response.resume();
				response.on('end', () => finish());
				response.on('error', (error) => finish(error));
			});
			request.on('timeout', () => request.destroy(new Error(`no answer within ${CALLBACK_TIMEOUT_MS} ms`)));
			request.on('error', (error) => finish(error));
			request.on('close', () => {
				this.callbackRequests.delete(request);
				finish(entry.responseStatus === null ? new Error('connection closed') : undefined);
			});
			request.end(payload);
		});
	}

	cancelCallbacks() {
		this.generation++;
		for (const timer of this.callbackTimers) clearTimeout(timer);
		this.callbackTimers.clear();
		for (const request of this.callbackRequests) request.destroy();
		this.callbackRequests.clear();
	}

	// ------------------------------------------------------------ Betatel

	betatelError(res, status, message) {
		const body = { statusCode: status, message };
		if (status === 400) body.error = 'Bad Request';
		reply(res, status, body);
	}

	/** Shared checks of both Betatel routes; answers and returns null when the request is refused. */
	betatelAcceptedBody(ctx, idHeader, expectedId) {
		const { apiKey } = SANDBOX_CREDENTIALS.betatelSms;
		if (ctx.headers['x-api-key'] !== apiKey || ctx.headers[idHeader] !== expectedId) {
			this.betatelError(ctx.res, 401, 'Unauthorized');
			return null;
		}
		if (!isJsonMediaType(ctx.contentType)) {
			this.betatelError(ctx.res, 400, 'Content-Type must be application/json');
			return null;
		}
		const parsed = tryParseJson(ctx.rawBody);
		if (!parsed.ok || !isPlainObject(parsed.value)) {
			this.betatelError(ctx.res, 400, 'Request body must be a JSON object');
			return null;
		}
		return parsed.value;
	}

	betatelCharge(res) {
		if (this.config.betatelBalance < BETATEL_COST_PER_MESSAGE) {
			reply(res, 402, { statusCode: 402, message: 'Insufficient balance' });
			return false;
		}
		this.config.betatelBalance -= BETATEL_COST_PER_MESSAGE;
		return true;
	}

	handleBetatelSms(ctx) {
		const body = this.betatelAcceptedBody(ctx, 'x-user-id', SANDBOX_CREDENTIALS.betatelSms.userId);
		if (!body) return;
		const { from, to, text } = body;
		if (!isNonEmptyString(from)) return this.betatelError(ctx.res, 400, 'from must be a non-empty string');
		if (typeof to !== 'string' || !INTERNATIONAL_DIGITS.test(to)) {
			return this.betatelError(
				ctx.res,
				400,
				'to must be a phone number in international format: 8 to 15 digits, no "+" or "00" prefix',
			);
		}
		if (!isNonEmptyString(text)) return this.betatelError(ctx.res, 400, 'text must be a non-empty string');
		if (!this.betatelCharge(ctx.res)) return;

		const messageId = uuidV1();
		reply(ctx.res, 200, { messageId, from, to });
		this.scheduleCallbacks(
			this.config.betatelWebhookUrl,
			BETATEL_SMS_STATUSES.map((status) => () => ({ messageId, channel: 'sms', status, to, timestamp: nowIso() })),
		);
	}

	handleBetatelWhatsApp(ctx) {
		const body = this.betatelAcceptedBody(ctx, 'x-account-id', SANDBOX_CREDENTIALS.betatelWhatsApp.accountId);
		if (!body) return;
		const { to, text } = body;
		if (typeof to !== 'string' || !INTERNATIONAL_DIGITS.test(to)) {
			return this.betatelError(ctx.res, 400, 'to must be in E.164 format without the + prefix (8 to 15 digits)');
		}
		if (!isNonEmptyString(text)) return this.betatelError(ctx.res, 400, 'text must be a non-empty string');
		if ([...text].length > WHATSAPP_MAX_TEXT_CHARS) {
			return this.betatelError(ctx.res, 400, `text must be at most ${WHATSAPP_MAX_TEXT_CHARS} characters`);
		}
		if (!this.betatelCharge(ctx.res)) return;

		const uuid = ulid();
		reply(ctx.res, 200, { uuid, to });
		this.scheduleCallbacks(
			this.config.betatelWebhookUrl,
			BETATEL_WHATSAPP_STATUSES.map((status) => () => ({ uuid, channel: 'whatsapp', status, to, timestamp: nowIso() })),
		);
	}

	// ------------------------------------------------------------ Skycore

	/** Skycore reports failures in the body with HTTP 200; `to` is echoed as digits, like the doc's example. */
	skycoreFailure(res, code, info, to) {
		reply(res, 200, {
			status: 'Failure',
			'error-code': code,
			'error-info': info,
			to: typeof to === 'string' || typeof to === 'number' ? String(to).replace(/\D/g, '') : '',
		});
	}

	handleSkycoreSendSms(ctx) {
		const apiKey = ctx.headers['x-api-key'];
		const parsed = tryParseJson(ctx.rawBody); // content type is not enforced: the body is read as JSON
		const body = parsed.ok && isPlainObject(parsed.value) ? parsed.value : null;
		const to = body ? body.to : undefined;
		const fail = (code, info) => this.skycoreFailure(ctx.res, code, info, to);

		if (!apiKey) return fail(SKYCORE_ERROR.authentication, 'Authentication failed. API key is missing.');
		if (apiKey !== SANDBOX_CREDENTIALS.skycore.apiKey) {
			return fail(SKYCORE_ERROR.authentication, 'Authentication failed. Invalid API key.');
		}
		if (!body) return fail(SKYCORE_ERROR.invalidRequest, 'Invalid Request. The body must be a JSON object.');
		if (typeof body.action !== 'string' || body.action.toLowerCase() !== SKYCORE_SEND_ACTION) {
			return fail(SKYCORE_ERROR.invalidRequest, 'Invalid Request. Unknown or missing action.');
		}
		if (!isNonEmptyString(body['message-text'])) {
			return fail(SKYCORE_ERROR.invalidRequest, 'Invalid Request. message-text is required.');
		}
		if (typeof to !== 'string' || !INTERNATIONAL_DIGITS.test(to)) {
			return fail(SKYCORE_ERROR.invalidReceiver, 'Invalid Receiver.');
		}
		const from = body.from;
		if (typeof from !== 'string' || !SKYCORE_SENDER.test(from)) {
			return fail(SKYCORE_ERROR.invalidSender, 'Invalid Sender.');
		}
		const optionalProblem = skycoreOptionalFieldProblem(body);
		if (optionalProblem) return fail(SKYCORE_ERROR.invalidRequest, `Invalid Request. ${optionalProblem}`);

		const trackingId = skycoreTrackingId();
		reply(ctx.res, 200, { status: 'Success', 'tracking-id': trackingId, to, from, 'status-details': SKYCORE_ACCEPTED });

		// The doc: a mask longer than 11 characters is cut off.
		const fromMask = isNonEmptyString(body['from-mask'])
			? [...body['from-mask']].slice(0, SKYCORE_FROM_MASK_MAX_CHARS).join('')
			: null;
		const campaignRef = isNonEmptyString(body['campaign-ref']) ? body['campaign-ref'] : null;
		this.scheduleCallbacks(
			this.config.skycorePostbackUrl,
			SKYCORE_POSTBACKS.map(({ code, status }) => () => ({
				origin: 'SMS_MT',
				code,
				'sent-as': 'SMS',
				status,
				from,
				to,
				'tracking-id': trackingId,
				'operator-id': SKYCORE_SANDBOX_OPERATOR.id,
				'operator-name': SKYCORE_SANDBOX_OPERATOR.name,
				'aggregator-id': `sandbox-${trackingId}`,
				timestamp: skycoreTimestamp(),
				...(campaignRef ? { 'campaign-ref': campaignRef } : {}),
				...(fromMask ? { 'from-mask': fromMask } : {}),
			})),
		);
	}

	// ------------------------------------------------------------ SMS gateway

	/** Laravel-style throttle in front of every gateway route, then the route's handler. */
	runGatewayRoute(ctx, route) {
		ctx.params = { ...ctx.query, ...gatewayBodyParams(ctx) };
		const limit = this.config.gatewayRateLimit;
		const key = this.gatewayRateLimitKey(ctx);
		const now = this.now();
		const hits = (this.rateLimitHits.get(key) || []).filter((time) => time > now - RATE_LIMIT_WINDOW_MS);
		if (hits.length >= limit) {
			const retryAfter = Math.max(1, Math.ceil((hits[0] + RATE_LIMIT_WINDOW_MS - now) / 1000));
			this.rateLimitHits.set(key, hits);
			reply(
				ctx.res,
				429,
				{ message: 'Too Many Attempts.' },
				{
					...GATEWAY_HEADERS,
					'x-ratelimit-limit': String(limit),
					'x-ratelimit-remaining': '0',
					'retry-after': String(retryAfter),
					'x-ratelimit-reset': String(Math.ceil(now / 1000) + retryAfter),
				},
			);
			return;
		}
		hits.push(now);
		this.rateLimitHits.set(key, hits);
		ctx.gatewayHeaders = {
			...GATEWAY_HEADERS,
			'x-ratelimit-limit': String(limit),
			'x-ratelimit-remaining': String(limit - hits.length),
		};
		this[route.handler](ctx);
	}

	/** Counted per API key, else per username, else per client address (Laravel's default). */
	gatewayRateLimitKey(ctx) {
		const apiKey = gatewayPresentedKey(ctx);
		if (apiKey) return `key:${apiKey}`;
		if (isNonEmptyString(ctx.params.username)) return `user:${ctx.params.username}`;
		return `ip:${ctx.req.socket.remoteAddress}`;
	}

	gatewayReply(ctx, status, body) {
		reply(ctx.res, status, body, ctx.gatewayHeaders);
	}

	gatewayPasswordValid(params) {
		const { username, password } = SANDBOX_CREDENTIALS.smsGateway;
		return params.username === username && params.password === password;
	}

	gatewayKeyStatus(apiKey) {
		const entry = this.gatewayKeys.get(apiKey);
		if (!entry) return 'invalid';
		if (entry.revoked) return 'revoked';
		if (entry.expiresAt !== null && entry.expiresAt <= this.now()) return 'expired';
		return 'valid';
	}

	/** v2 authentication; answers 401 and returns false when the key is missing or unusable. */
	gatewayKeyAuthorized(ctx) {
		const apiKey = gatewayPresentedKey(ctx);
		if (!apiKey) {
			this.gatewayReply(ctx, 401, GATEWAY_KEY_REQUIRED);
			return false;
		}
		const status = this.gatewayKeyStatus(apiKey);
		if (status !== 'valid') {
			this.gatewayReply(ctx, 401, { error: GATEWAY_KEY_ERRORS[status] });
			return false;
		}
		return true;
	}

	handleGatewayV1Send(ctx) {
		if (!this.gatewayPasswordValid(ctx.params)) return this.gatewayReply(ctx, 401, { error: 'Unauthorized.' });
		this.gatewaySend(ctx);
	}

	handleGatewayV2Send(ctx) {
		if (!this.gatewayKeyAuthorized(ctx)) return;
		this.gatewaySend(ctx);
	}

	/** The send both API versions share once the caller is authenticated. */
	gatewaySend(ctx) {
		const { numbers, message_body: messageBody } = ctx.params;
		const problem = gatewayFieldProblem('numbers', numbers) || gatewayFieldProblem('message_body', messageBody);
		if (problem) return this.gatewayReply(ctx, 400, { error: problem });
		// Spaces around commas are fine and a trailing comma is ignored.
		const recipients = numbers
			.split(',')
			.map((number) => number.trim())
			.filter(Boolean);
		if (recipients.length === 0) return this.gatewayReply(ctx, 400, { error: 'The numbers field is required.' });
		if (!recipients.every(isGatewayNumber)) {
			return this.gatewayReply(ctx, 400, { error: 'Invalid phone number format.' });
		}
		const parts = smsParts(messageBody);
		const cost = roundMoney(parts * recipients.length * GATEWAY_PRICE_PER_PART);
		if (cost > this.config.gatewayBalance) return this.gatewayReply(ctx, 402, { error: 'Insufficient balance.' });
		this.config.gatewayBalance = roundMoney(this.config.gatewayBalance - cost);

		this.gatewayReply(ctx, 200, {
			status: 'success',
			message: 'Message queued',
			data: {
				recipients: recipients.map((number) => ({ number, message_id: crypto.randomUUID(), status: 'queued' })),
				count: recipients.length,
				parts,
				cost,
				currency: GATEWAY_CURRENCY,
			},
		});
	}

	handleGatewayBalance(ctx) {
		if (!this.gatewayKeyAuthorized(ctx)) return;
		this.gatewayReply(ctx, 200, { balance: this.config.gatewayBalance, currency: GATEWAY_CURRENCY });
	}

	/** generate-key: username and password, like v1. Adds a key; existing keys keep working. */
	handleGatewayGenerateKey(ctx) {
		if (!this.gatewayPasswordValid(ctx.params)) return this.gatewayReply(ctx, 401, { error: 'Unauthorized.' });
		const expiry = validateExpiryDays(ctx.params.expiry_days);
		if (expiry.error) return this.gatewayReply(ctx, 422, expiry.error);
		this.gatewayReply(ctx, 201, { message: 'API key generated successfully.', ...this.issueGatewayKey(expiry.days) });
	}

	handleGatewayRevokeKey(ctx) {
		const targets = this.gatewayKeyManagementTargets(ctx);
		if (!targets) return;
		for (const apiKey of targets) this.gatewayKeys.get(apiKey).revoked = true;
		this.gatewayReply(ctx, 200, { message: 'API key revoked successfully.', revoked: targets.length });
	}

	handleGatewayRegenerateKey(ctx) {
		const targets = this.gatewayKeyManagementTargets(ctx);
		if (!targets) return;
		const expiry = validateExpiryDays(ctx.params.expiry_days);
		if (expiry.error) return this.gatewayReply(ctx, 422, expiry.error);
		for (const apiKey of targets) this.gatewayKeys.get(apiKey).revoked = true;
		this.gatewayReply(ctx, 200, { message: 'API key regenerated successfully.', ...this.issueGatewayKey(expiry.days) });
	}

	/**
	 * revoke/regenerate act on the API key presented (X-API-Key or api_key), which must still be valid;
	 * with no key but a valid username and password they act on every active key of the account.
	 */
	gatewayKeyManagementTargets(ctx) {
		const presented = gatewayPresentedKey(ctx);
		if (presented) {
			const status = this.gatewayKeyStatus(presented);
			if (status !== 'valid') {
				this.gatewayReply(ctx, 401, { error: GATEWAY_KEY_ERRORS[status] });
				return null;
			}
			return [presented];
		}
		if (!this.gatewayPasswordValid(ctx.params)) {
			this.gatewayReply(ctx, 401, { error: 'Unauthorized.' });
			return null;
		}
		return [...this.gatewayKeys.keys()].filter((apiKey) => this.gatewayKeyStatus(apiKey) === 'valid');
	}

	issueGatewayKey(expiryDays) {
		const apiKey = gatewayApiKey();
		const expiresAt = expiryDays === null ? null : this.now() + expiryDays * DAY_MS;
		this.gatewayKeys.set(apiKey, { revoked: false, expiresAt });
		return { api_key: apiKey, expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString() };
	}

	/** The doc's only example for GET /api/v2 (the Swagger page) is a 500. */
	handleGatewaySwagger(ctx) {
		this.gatewayReply(ctx, 500, { message: 'Server Error' });
	}
}

// ---------------------------------------------------------------- helpers for single providers

function skycoreOptionalFieldProblem(body) {
	for (const field of ['from-mask', 'campaign-ref']) {
		if (body[field] !== undefined && body[field] !== null && typeof body[field] !== 'string') {
			return `${field} must be a string.`;
		}
	}
	const clickTracking = body['click-tracking'];
	if (clickTracking !== undefined && ![true, false, 'true', 'false'].includes(clickTracking)) {
		return 'click-tracking must be true or false.';
	}
	return null;
}

/** Laravel merges the query with a form or JSON body; other bodies add nothing. */
function gatewayBodyParams(ctx) {
	if (ctx.contentType === 'application/x-www-form-urlencoded') return parseForm(ctx.rawBody);
	if (isJsonMediaType(ctx.contentType)) {
		const parsed = tryParseJson(ctx.rawBody);
		return parsed.ok && isPlainObject(parsed.value) ? parsed.value : {};
	}
	return {};
}

function gatewayPresentedKey(ctx) {
	const header = ctx.headers['x-api-key'];
	if (isNonEmptyString(header)) return header.trim();
	const param = ctx.params.api_key;
	return isNonEmptyString(param) ? param.trim() : null;
}

function gatewayFieldProblem(field, value) {
	if (isBlank(value)) return `The ${field} field is required.`;
	if (typeof value !== 'string') return `The ${field} field must be a string.`;
	return null;
}

function isGatewayNumber(number) {
	return (
		KENYAN_NATIONAL_NUMBER.test(number) ||
		KENYAN_INTERNATIONAL_NUMBER.test(number) ||
		OTHER_INTERNATIONAL_NUMBER.test(number)
	);
}

/** Laravel rule "nullable|integer|min:1|max:365", answered in Laravel's 422 shape. */
function validateExpiryDays(value) {
	if (isBlank(value)) return { days: null };
	const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
	let message = null;
	if (!Number.isInteger(number)) message = 'The expiry days field must be an integer.';
	else if (number < KEY_EXPIRY_MIN_DAYS) message = `The expiry days field must be at least ${KEY_EXPIRY_MIN_DAYS}.`;
	else if (number > KEY_EXPIRY_MAX_DAYS) {
		message = `The expiry days field must not be greater than ${KEY_EXPIRY_MAX_DAYS}.`;
	}
	if (message) return { error: { message, errors: { expiry_days: [message] } } };
	return { days: number };
}

function createSandbox(options) {
	return new ProviderSandbox(options);
}

module.exports = {
	createSandbox,
	ProviderSandbox,
	SANDBOX_CREDENTIALS,
	DEFAULT_CONFIG,
	smsParts,
};
