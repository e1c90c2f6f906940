/**
 * What n8n hands a webhook, checked before any event is read. n8n parses the body itself:
 * `application/json` becomes a value, an `…/xml` or `…+xml` body an object (xml2js: tag names
 * lowercased, no list for a single element), a form an object of texts, `text/plain` a text.
 * Malformed JSON or XML never reaches the node (n8n answers 422). Any other content type
 * arrives unparsed, with only the raw bytes. A body over n8n's own limit
 * (N8N_PAYLOAD_SIZE_MAX, 16 MB by default) never reaches the node either.
 */
import type { HeaderValue } from './authenticate';

/** Bodies above this are refused: a status report is a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The parts of n8n's request object the body check reads. */
export interface WebhookRequest {
	headers: Record<string, HeaderValue>;
	/** The body's bytes, which n8n reads for every webhook call before the node runs. */
	rawBody?: Buffer;
	/** The media type of `content-type`, lowercased, without parameters (set by n8n). */
	contentType?: string;
}

export type BodyVerdict = { accepted: true; value: unknown } | { accepted: false; reason: string };

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

function bodySize(request: WebhookRequest): number {
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody.length;
	const declared = Number(request.headers['content-length']);
	return Number.isFinite(declared) ? declared : 0;
}

function mediaType(request: WebhookRequest): string {
	if (typeof request.contentType === 'string') return request.contentType;
	const header = request.headers['content-type'];
	return typeof header === 'string' ? header.split(';')[0].trim().toLowerCase() : '';
}

/** JSON sent as text or without a content type is still JSON; nothing else is read from text. */
function parseJsonText(text: string): BodyVerdict {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') return { accepted: false, reason: 'the body is empty' };
	if (!/^[[{]/.test(trimmed)) return { accepted: false, reason: 'the body is not JSON or XML' };
	try {
		return { accepted: true, value: JSON.parse(trimmed) as unknown };
	} catch {
		return { accepted: false, reason: 'the body is not valid JSON' };
	}
}

export function checkBody(request: WebhookRequest, body: unknown): BodyVerdict {
	if (bodySize(request) > MAX_BODY_BYTES) return { accepted: false, reason: 'the body is larger than 1 MB' };
	const type = mediaType(request);
	if (FORM_TYPES.includes(type)) return { accepted: false, reason: 'the body is form data, not JSON or XML' };
	if (typeof body === 'string') return parseJsonText(body);
	if (body !== null && typeof body === 'object') return { accepted: true, value: body };
	if (body === undefined || body === null) {
		// Parsed to nothing: an empty body, whitespace-only XML, JSON `null`, or a content type
		// n8n leaves unparsed (none, application/octet-stream, application/vnd.api+json, ...).
		const text = Buffer.isBuffer(request.rawBody) ? request.rawBody.toString('utf8') : '';
		if (text.trim() === '') return { accepted: false, reason: 'the body is empty' };
		if (body === null) return { accepted: false, reason: 'the body holds no status event' };
		return parseJsonText(text);
	}
	return { accepted: false, reason: 'the body holds no status event' };
}
