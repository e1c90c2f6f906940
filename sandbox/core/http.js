'use strict';

/** HTTP plumbing shared by the core and every provider: answering, reading and parsing bodies. */

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

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

function normalizePath(pathname) {
	return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
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

module.exports = {
	JSON_CONTENT_TYPE,
	reply,
	readBody,
	mediaType,
	isJsonMediaType,
	tryParseJson,
	parseForm,
	parseRecordedBody,
	normalizePath,
	urlForLog,
};
