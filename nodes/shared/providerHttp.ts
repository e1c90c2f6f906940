import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** Joins a credential's base URL and an API path, tolerating a trailing slash on the base. */
export function joinUrl(baseUrl: string, path: string): string {
	return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** What a provider answered, whatever the status: the caller decides what it means. */
export interface ProviderResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

export interface ProviderRequest {
	/** Name shown to users in errors, e.g. "Betatel". */
	provider: string;
	/** Credential type that signs the request (its `authenticate` block adds the headers). */
	credentialType: string;
	itemIndex: number;
	options: IHttpRequestOptions;
}

/**
 * Sends one request through n8n's authenticated HTTP helper and returns the answer as is.
 * HTTP status errors are not thrown here, so each provider maps its own codes, and no
 * error raised here ever carries the request (its headers hold the API key).
 */
export async function sendProviderRequest(
	this: IExecuteFunctions,
	{ provider, credentialType, itemIndex, options }: ProviderRequest,
): Promise<ProviderResponse> {
	try {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
			json: true,
			...options,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; headers?: IDataObject; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	} catch (error) {
		throw transportError(this, provider, error as NodeErrorLike, options, itemIndex);
	}
}

interface NodeErrorLike {
	message?: string;
	code?: string;
	cause?: { code?: string; message?: string };
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** A request that got no HTTP answer: connection refused, DNS failure, timeout. */
function transportError(
	context: IExecuteFunctions,
	provider: string,
	error: NodeErrorLike,
	options: IHttpRequestOptions,
	itemIndex: number,
): NodeApiError {
	const code = error.cause?.code ?? error.code ?? '';
	const target = originOf(options.url, options.baseURL);
	const timedOut = TIMEOUT_CODES.has(code) || /timeout/i.test(error.message ?? '');
	const message = timedOut
		? `${provider} did not answer within ${options.timeout ?? 'the allowed'} ms`
		: `Could not reach ${provider} at ${target}`;
	const description = timedOut
		? 'The request may still have been delivered; check the provider before resending, or raise the timeout in the node options.'
		: `${code ? `The connection failed (${code}). ` : ''}Check the Base URL in the credential and that the server is reachable from n8n.`;
	// The code stays out of the message and under its own key: NodeApiError swaps a message
	// holding a known network code (or a response with a `code`) for a generic sentence.
	return new NodeApiError(
		context.getNode(),
		{ transportError: code || 'unknown', message } as JsonObject,
		{ message, description, itemIndex },
	);
}

/** The scheme, host and port of a URL, for messages (never its path or query); the input as is if it is not a URL. */
export function originOf(url: string, base?: string): string {
	try {
		return new URL(url, base).origin;
	} catch {
		return base ?? url;
	}
}

/** Reads the most useful human message out of a provider's error body, whatever its shape. */
export function providerMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return summarizeNonJson(body);
	if (body === null || typeof body !== 'object') return undefined;
	const record = body as IDataObject;
	for (const key of ['message', 'error', 'error-info', 'errorMessage', 'detail']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('; ');
	}
	return undefined;
}

/** An HTML error page or other non-JSON body, reduced to a short readable line. */
export function summarizeNonJson(text: string): string {
	const plain = text
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	const excerpt = plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
	return `The answer was not JSON${/<html|<!doctype/i.test(text) ? ' (an HTML page)' : ''}${excerpt ? `: "${excerpt}"` : ''}`;
}

export function isJsonObject(body: unknown): body is IDataObject {
	return body !== null && typeof body === 'object' && !Array.isArray(body);
}

interface StatusExplanation {
	message: string;
	description: string;
}

/**
 * The sentence a user reads for an HTTP error status. Providers word their own bodies
 * differently (or send HTML), so the status decides the message and the body, when it has
 * something to say, becomes the description.
 */
export function explainStatus(provider: string, statusCode: number, credentialHint: string): StatusExplanation {
	if (statusCode === 400 || statusCode === 422) {
		return {
			message: `${provider} refused the request as invalid (HTTP ${statusCode})`,
			description: 'Check the node fields against the provider rules.',
		};
	}
	if (statusCode === 401 || statusCode === 403) {
		return {
			message: `${provider} rejected the credentials (HTTP ${statusCode})`,
			description: `Check ${credentialHint} in the credential.`,
		};
	}
	if (statusCode === 402) {
		return {
			message: `The ${provider} account balance is too low to send this message (HTTP 402)`,
			description: 'Top up the account, then run the node again.',
		};
	}
	if (statusCode === 404) {
		return {
			message: `No ${provider} API was found at this address (HTTP 404)`,
			description: 'Check the Base URL in the credential.',
		};
	}
	if (statusCode === 429) {
		return {
			message: `${provider} is limiting the request rate (HTTP 429)`,
			description: 'Too many requests in a short time: wait, or send fewer messages per minute.',
		};
	}
	if (statusCode >= 500) {
		return {
			message: `${provider} had a server error (HTTP ${statusCode})`,
			description: 'The problem is on the provider side; try again later.',
		};
	}
	return {
		message: `${provider} answered with an unexpected HTTP ${statusCode}`,
		description: 'See the provider response for details.',
	};
}

/** Builds the NodeApiError for a non-2xx answer; it carries the status and body, never the request. */
export function httpStatusError(
	context: IExecuteFunctions,
	provider: string,
	response: ProviderResponse,
	itemIndex: number,
	credentialHint: string,
): NodeApiError {
	const { message, description } = explainStatus(provider, response.statusCode, credentialHint);
	const detail = providerMessage(response.body);
	const retryAfter = response.headers['retry-after'];
	const parts = [detail ? `${provider} said: ${detail}` : undefined, description];
	if (response.statusCode === 429 && retryAfter !== undefined) {
		parts.push(`Retry after ${String(retryAfter)} s.`);
	}
	return new NodeApiError(
		context.getNode(),
		{ statusCode: response.statusCode, body: toJsonValue(response.body) } as JsonObject,
		{
			message,
			description: parts.filter(Boolean).join(' '),
			httpCode: String(response.statusCode),
			itemIndex,
		},
	);
}

/** A 2xx answer whose body is not what the API documents. */
export function unexpectedBodyError(
	context: IExecuteFunctions,
	provider: string,
	response: ProviderResponse,
	itemIndex: number,
	expected: string,
): NodeApiError {
	const detail =
		typeof response.body === 'string' ? summarizeNonJson(response.body) : `Got: ${JSON.stringify(response.body)}`;
	return new NodeApiError(
		context.getNode(),
		{ statusCode: response.statusCode, body: toJsonValue(response.body) } as JsonObject,
		{
			message: `${provider} answered HTTP ${response.statusCode} without ${expected}`,
			description: `${detail}. The message may or may not have been sent; check the provider before resending.`,
			httpCode: String(response.statusCode),
			itemIndex,
		},
	);
}

/** A success answer that lacks the field the API documents (e.g. the message ID). */
export function missingFieldError(
	context: IExecuteFunctions,
	provider: string,
	body: IDataObject,
	field: string,
	itemIndex: number,
): NodeApiError {
	return new NodeApiError(context.getNode(), { body } as JsonObject, {
		message: `${provider} accepted the request but its answer has no "${field}"`,
		description: `Got: ${JSON.stringify(body).slice(0, 500)}. The message may or may not have been sent; check the provider before resending.`,
		itemIndex,
	});
}

function toJsonValue(body: unknown): IDataObject | string | null {
	if (typeof body === 'string') return body.slice(0, 2000);
	if (isJsonObject(body)) return body;
	return body === undefined ? null : JSON.stringify(body);
}
