'use strict';

/**
 * Status callbacks (Betatel webhooks, Skycore postbacks): scheduling a chain of POSTs after a send,
 * delivering each one, recording it, and cancelling everything pending on reset/stop.
 */

const http = require('http');
const https = require('https');
const { urlForLog } = require('./http');
const { nowIso } = require('./values');

// Skycore wants a postback answered within 10 s; the same bound is used for Betatel webhooks.
const CALLBACK_TIMEOUT_MS = 10000;

class CallbackScheduler {
	/** `log` is the RecordLog deliveries go to; `logError(line)` reports failed ones. */
	constructor(log, logError) {
		this.log = log;
		this.logError = logError;
		this.timers = new Set();
		this.requests = new Set();
		// Bumped by cancelAll so that chains started before it stop quietly.
		this.generation = 0;
	}

	/**
	 * POSTs the built bodies one after another, `intervalMs` apart, the first one interval after the
	 * send. Bodies are JSON unless `contentType` says otherwise (then they are strings sent as is).
	 */
	schedule(url, bodyBuilders, intervalMs, contentType = 'application/json') {
		if (!url) return;
		const generation = this.generation;
		const sendNext = (index) => {
			const timer = setTimeout(async () => {
				this.timers.delete(timer);
				if (generation !== this.generation) return;
				await this.deliver(url, bodyBuilders[index](), contentType);
				if (index + 1 < bodyBuilders.length && generation === this.generation) sendNext(index + 1);
			}, intervalMs);
			this.timers.add(timer);
		};
		sendNext(0);
	}

	/** One POST; never throws: failures are logged and recorded with responseStatus null. */
	deliver(url, body, contentType = 'application/json') {
		const entry = { time: nowIso(), url, body, responseStatus: null };
		const payload = typeof body === 'string' ? body : JSON.stringify(body);
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
				this.log.push(entry);
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
						'content-type': contentType,
						'content-length': Buffer.byteLength(payload),
						'user-agent': 'sms-otp-provider-sandbox',
					},
				});
			} catch (error) {
				finish(error);
				return;
			}
			this.requests.add(request);
			request.on('response', (response) => {
				entry.responseStatus = response.statusCode;
				response.resume();
				response.on('end', () => finish());
				response.on('error', (error) => finish(error));
			});
			request.on('timeout', () => request.destroy(new Error(`no answer within ${CALLBACK_TIMEOUT_MS} ms`)));
			request.on('error', (error) => finish(error));
			request.on('close', () => {
				this.requests.delete(request);
				finish(entry.responseStatus === null ? new Error('connection closed') : undefined);
			});
			request.end(payload);
		});
	}

	cancelAll() {
		this.generation++;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const request of this.requests) request.destroy();
		this.requests.clear();
	}
}

module.exports = { CallbackScheduler };
