import type { IDataObject } from 'n8n-workflow';

/** What a provider answered, whatever the status: its profile decides what it means. */
export interface ProviderAnswer {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

export function isJsonObject(body: unknown): body is IDataObject {
	return body !== null && typeof body === 'object' && !Array.isArray(body);
}

const MESSAGE_KEYS = ['message', 'error', 'error-info', 'errorMessage', 'detail'];
const MAX_MESSAGE_CHARS = 300;

/** Reads the most useful human message out of a provider's answer, whatever its shape. */
export function providerMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return summarizeNonJson(body);
	if (!isJsonObject(body)) return undefined;
	for (const key of MESSAGE_KEYS) {
		const value = body[key];
		if (typeof value === 'string' && value.trim() !== '') return shorten(value.trim());
		if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
			return shorten(value.join('; '));
		}
	}
	return undefined;
}

/** An HTML error page or other non-JSON body, reduced to a short readable line. */
export function summarizeNonJson(text: string): string {
	const plain = text
		.slice(0, 20_000)
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	const excerpt = plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
	return `The answer was not JSON${/<html|<!doctype/i.test(text) ? ' (an HTML page)' : ''}${excerpt ? `: "${excerpt}"` : ''}`;
}

/** The answer's body as it may be kept in an error: an object, or a short text. */
export function bodyForError(body: unknown): IDataObject | string | null {
	if (typeof body === 'string') return body.slice(0, 2000);
	if (isJsonObject(body)) return body;
	return body === undefined ? null : JSON.stringify(body).slice(0, 2000);
}

function shorten(text: string): string {
	return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

/** A header as one string (axios may hand over an array for a repeated header). */
export function headerValue(headers: IDataObject, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/** `via` (e.g. `HTTP 301`) and where a redirect answer points, its `Location` shortened, when it says. */
export function viaRedirect(via: string, headers: IDataObject): string {
	const target = headerValue(headers, 'location')?.slice(0, 200);
	return target ? `${via} to ${target}` : via;
}

/**
 * How long a provider asks us to wait, from `Retry-After` (seconds or an HTTP date) or,
 * failing that, `x-ratelimit-reset` (Unix seconds). Undefined when it does not say.
 */
export function retryAfterMs(headers: IDataObject, now = Date.now()): number | undefined {
	const retryAfter = headerValue(headers, 'retry-after');
	if (retryAfter !== undefined) {
		if (/^\s*\d+(\.\d+)?\s*$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const reset = headerValue(headers, 'x-ratelimit-reset');
	if (reset !== undefined && /^\s*\d+\s*$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
	return undefined;
}
