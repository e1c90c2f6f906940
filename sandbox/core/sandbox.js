'use strict';

/**
 * The sandbox server: one HTTP server on 127.0.0.1 that records every provider request, applies
 * latency, injected faults and chaos, and hands the request to the provider route that owns its
 * path. Providers come from ../providers/index.js; everything provider-specific lives there.
 */

const http = require('http');
const providers = require('../providers');
const { buildRegistry } = require('./registry');
const { CORE_CONFIG, normalizeConfig } = require('./config');
const { reply, readBody, mediaType, parseRecordedBody, normalizePath } = require('./http');
const { nowIso } = require('./values');
const { normalizeFault, publicFault, takeFault, faultOutcome, answerFault } = require('./faults');
const { Chaos, answerChaosStatus } = require('./chaos');
const { RecordLog } = require('./recordLog');
const { CallbackScheduler } = require('./callbacks');
const { isControlPath, handleControl } = require('./control');
const { routeRequest } = require('./router');

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 1024 * 1024;
// Bounds that keep a long benchmark from eating memory.
const DEFAULT_MAX_RECORDED_REQUESTS = 10000;
const DEFAULT_MAX_RECORDED_CALLBACKS = 10000;
const DEFAULT_MAX_ACCEPTED_MESSAGES = 10000;
const DEFAULT_WAIT_TIMEOUT_MS = 5000;

const NO_FAULT = Object.freeze({ action: null, status: null, delayMs: 0 });

const defaultRegistry = buildRegistry(providers, CORE_CONFIG);

class ProviderSandbox {
	constructor(options = {}) {
		const { now, log, logError, maxRecordedRequests, maxRecordedCallbacks, maxAcceptedMessages, extraProviders, ...config } = options;
		// Extra providers: a test's own provider module (test/providerKit/), beside the shipped list.
		this.registry = extraProviders ? buildRegistry([...providers, ...extraProviders], CORE_CONFIG) : defaultRegistry;
		this.defaults = { ...this.registry.defaults, ...normalizeConfig(config, this.registry.validators) };
		this.now = now || Date.now; // injectable clock for key expiry and rate-limit windows
		this.log = log || (() => {});
		this.logError = logError || ((line) => process.stderr.write(`${line}\n`));
		this.requestLog = new RecordLog('requests', maxRecordedRequests || DEFAULT_MAX_RECORDED_REQUESTS);
		this.callbackLog = new RecordLog('callbacks', maxRecordedCallbacks || DEFAULT_MAX_RECORDED_CALLBACKS);
		this.acceptedLog = new RecordLog('accepted messages', maxAcceptedMessages || DEFAULT_MAX_ACCEPTED_MESSAGES);
		this.requests = this.requestLog.items;
		this.callbacks = this.callbackLog.items;
		this.accepted = this.acceptedLog.items;
		this.callbackScheduler = new CallbackScheduler(this.callbackLog, (line) => this.logError(line));
		this.server = null;
		this.url = null;
		this.port = null;
		this.latencyTimers = new Set();
		this.initState();
	}

	/** Everything reset() puts back: config, recordings, faults, chaos and each provider's state. */
	initState() {
		this.config = { ...this.defaults };
		this.chaos = new Chaos(this.config.chaos);
		this.requestLog.clear();
		this.callbackLog.clear();
		this.acceptedLog.clear();
		this.seq = 0;
		this.faults = [];
		this.nextFaultId = 1;
		this.state = {};
		for (const provider of this.registry.providers) if (provider.initState) this.state[provider.name] = provider.initState();
	}

	// ------------------------------------------------------------ lifecycle

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
		this.callbackScheduler.cancelAll();
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
		return this.url ? this.registry.baseUrls(this.url) : null;
	}

	// ------------------------------------------------------------ control (also over HTTP, see control.js)

	reset() {
		this.callbackScheduler.cancelAll();
		this.initState();
	}

	configure(changes) {
		const normalized = normalizeConfig(changes, this.registry.validators);
		Object.assign(this.config, normalized);
		// A new chaos config starts its random sequence over from the seed.
		if ('chaos' in normalized) this.chaos = new Chaos(this.config.chaos);
		return this.getConfig();
	}

	getConfig() {
		return structuredClone(this.config);
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
		return this.requestLog.clear();
	}

	clearCallbacks() {
		return this.callbackLog.clear();
	}

	/** Messages accepted since the last reset/clear, also those the size bound dropped from `accepted`. */
	get acceptedCount() {
		return this.acceptedLog.count;
	}

	clearAccepted() {
		return this.acceptedLog.clear();
	}

	waitForRequests(count, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) {
		return this.requestLog.waitFor(count, timeoutMs);
	}

	waitForCallbacks(count, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) {
		return this.callbackLog.waitFor(count, timeoutMs);
	}

	waitForAccepted(count, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) {
		return this.acceptedLog.waitFor(count, timeoutMs);
	}

	// ------------------------------------------------------------ services for provider routes

	/** POSTs status callbacks for an accepted message, `statusIntervalMs` apart (see callbacks.js). */
	scheduleCallbacks(url, bodyBuilders, contentType) {
		this.callbackScheduler.schedule(url, bodyBuilders, this.config.statusIntervalMs, contentType);
	}

	/**
	 * Notes one message a provider accepted (charged, queued, callbacks scheduled) in
	 * `sandbox.accepted`: the ground truth for "nothing lost, nothing sent twice" checks.
	 */
	accept(ctx, { provider, channel, messageId, to, from = null, text }) {
		const requestSeq = ctx.record ? ctx.record.seq : null;
		this.acceptedLog.push({ provider, channel, messageId, to, from, text, time: nowIso(), requestSeq });
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
			// With dropAfterAccept the route runs fully and its answer is lost with the connection.
			dropAnswer: false,
			reply: (status, body, headers) => {
				if (ctx.dropAnswer) req.socket.destroy();
				else reply(res, status, body, headers);
			},
		};

		if (isControlPath(path)) {
			handleControl(this, ctx);
			return;
		}

		const record = this.recordRequest(ctx, url.pathname);
		ctx.record = record;
		// Chaos draws for every request it applies to, so its sequence does not depend on faults;
		// an injected fault wins over it.
		const chaos = this.chaos.decide(path);
		const fault = takeFault(this.faults, ctx.method, path, rawBody);
		const outcome = fault ? faultOutcome(fault) : chaos || NO_FAULT;
		await this.delay(this.config.latencyMs + outcome.delayMs);
		if (outcome.action === 'drop') {
			req.socket.destroy(); // before the provider sees the request: nothing accepted
		} else if (outcome.action === 'status') {
			if (fault) answerFault(ctx, fault);
			else answerChaosStatus(ctx, outcome, this.providerOwning(path), this);
		} else {
			ctx.dropAnswer = outcome.action === 'dropAfterAccept';
			routeRequest(ctx, this.registry.routesByPath, this);
		}
		if (res.headersSent) {
			record.responseStatus = res.statusCode;
			record.answeredMs = performance.now();
			// How many requests had arrived when this answer left: a request with a higher `seq`
			// arrived after it, which orders them without reading clocks.
			record.answeredAfterSeq = this.seq;
		}
		this.log(`${ctx.method} ${url.pathname} -> ${record.responseStatus ?? 'dropped'} (${Date.now() - started} ms)`);
	}

	providerOwning(path) {
		const area = this.registry.areaFor(path);
		return area ? area.provider : null;
	}

	recordRequest(ctx, receivedPath) {
		return this.requestLog.push({
			seq: ++this.seq,
			time: nowIso(),
			provider: this.registry.providerForPath(ctx.path),
			method: ctx.method,
			path: receivedPath,
			query: ctx.query,
			headers: { ...ctx.headers },
			rawBody: ctx.rawBody,
			body: ctx.body,
			receivedMs: performance.now(),
			responseStatus: null, // set when the answer leaves; stays null for a dropped connection
			answeredMs: null,
			answeredAfterSeq: null,
		});
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
}

function createSandbox(options) {
	return new ProviderSandbox(options);
}

module.exports = {
	createSandbox,
	ProviderSandbox,
	SANDBOX_CREDENTIALS: defaultRegistry.credentials,
	DEFAULT_CONFIG: defaultRegistry.defaults,
	providerForPath: defaultRegistry.providerForPath,
};
