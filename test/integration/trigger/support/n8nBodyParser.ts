/**
 * The body handling n8n 2.41.1 applies to a webhook call before a version-1 trigger node
 * runs, rewritten here from what its source does (`dist/middlewares/body-parser.js`, `parseRequestBody` in
 * `dist/webhooks/webhook-helpers.js`, `parseIncomingMessage` of @n8n/backend-network):
 *
 * - `req.contentType` is the lowercased media type, `req.encoding` the charset (utf-8);
 * - the raw bytes are always read into `req.rawBody` (gzip/deflate undone), up to
 *   N8N_PAYLOAD_SIZE_MAX (16 MB), beyond which n8n answers 500 and runs nothing;
 * - `application/json` → JSON.parse (BOM stripped); `…/xml`, `…+xml` → xml2js with
 *   `normalizeTags`, `explicitArray: false`, `normalize`; form → querystring; `text/plain`
 *   → the text; anything else leaves `req.body` undefined, as does an empty body;
 * - a body that fails to parse is answered 422 "Failed to parse request body".
 *
 * The e2e suite checks the same cases against a real n8n.
 */
import type { IncomingMessage } from 'http';
import { parse as parseQueryString } from 'querystring';
import { createGunzip, createInflate } from 'zlib';
import { sanitizeXmlName } from 'n8n-workflow';

// n8n-workflow 2.41.0 depends on xml2js 0.6.2, the version n8n 2.41.1 parses XML with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const xml2js = require('xml2js') as {
	Parser: new (options: object) => { parseStringPromise(text: string): Promise<unknown> };
};

export const N8N_PAYLOAD_SIZE_MAX_BYTES = 16 * 1024 * 1024;

export type ParsedRequest = IncomingMessage & { body?: unknown; query?: unknown };

// n8n sets Express's "extended" query parser: qs with prototypes allowed (a transitive
// dependency here, through n8n-core's @n8n/backend-network, the same qs 6.15).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const qs = require('qs') as { parse(text: string, options: object): unknown };

/** `req.query` as Express parses it for n8n (`?token=a&token=b` gives a list). */
export function parseQueryAsN8n(req: ParsedRequest): void {
	const search = new URL(req.url ?? '/', 'http://localhost').search.slice(1);
	req.query = qs.parse(search, { allowPrototypes: true });
}

/** Why n8n answered without running the node. */
export class N8nBodyError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

function xmlParser() {
	return new xml2js.Parser({
		async: true,
		normalize: true,
		normalizeTags: true,
		explicitArray: false,
		tagNameProcessors: [sanitizeXmlName],
		attrNameProcessors: [sanitizeXmlName],
	});
}

function setContentType(req: IncomingMessage): void {
	const header = req.headers['content-type'];
	if (!header) return;
	const [type, ...parameters] = header.split(';');
	req.contentType = type.toLowerCase();
	const charset = parameters
		.map((parameter) => parameter.trim().split('='))
		.find(([key]) => key.toLowerCase() === 'charset');
	req.encoding = (charset?.[1]?.toLowerCase() ?? 'utf-8') as BufferEncoding;
}

async function readRawBody(req: IncomingMessage): Promise<Buffer> {
	const encoding = req.headers['content-encoding'];
	const stream = encoding === 'gzip' ? req.pipe(createGunzip()) : encoding === 'deflate' ? req.pipe(createInflate()) : req;
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		size += (chunk as Buffer).length;
		if (size > N8N_PAYLOAD_SIZE_MAX_BYTES) {
			// raw-body's PayloadTooLargeError, which n8n's webhook handler answers with a 500.
			throw new N8nBodyError(500, 'There was a problem executing the workflow');
		}
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/** Fills `req.contentType`, `req.encoding`, `req.rawBody` and `req.body` as n8n does. */
export async function parseBodyAsN8n(req: ParsedRequest): Promise<void> {
	setContentType(req);
	req.rawBody = await readRawBody(req);
	if (!req.rawBody.length) return;
	const text = req.rawBody.toString(req.encoding ?? 'utf-8');
	const type = req.contentType;
	try {
		if (type === 'application/json') {
			req.body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
		} else if (type?.endsWith('/xml') || type?.endsWith('+xml')) {
			req.body = await xmlParser().parseStringPromise(text);
		} else if (type === 'application/x-www-form-urlencoded') {
			req.body = parseQueryString(text, undefined, undefined, { maxKeys: 1000 });
		} else if (type === 'text/plain') {
			req.body = text;
		}
	} catch {
		throw new N8nBodyError(422, 'Failed to parse request body');
	}
}
