/**
 * The errors users read when a provider request fails, written once for every provider.
 * An error carries the provider's answer (status, short body), never the request: its
 * headers hold the API key.
 */
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ProviderAnswer } from './answers';
import { bodyForError, headerValue, viaRedirect } from './answers';
import type { FailureKind, ProviderProfile, RefusedAnswer } from './profile';
import { originOf, urlProblem } from './url';

interface Explanation {
	message: string;
	description: string;
}

/** The sentence for a kind of failure; `via` names how the provider said it: "HTTP 401", "E103". */
export function explainFailure(
	provider: string,
	kind: FailureKind,
	via: string,
	credentialHint: string,
	urlField = 'Base URL',
): Explanation {
	switch (kind) {
		case 'invalidInput':
			return {
				message: `${provider} refused the request as invalid (${via})`,
				description: 'Check the node fields against the provider rules.',
			};
		case 'auth':
			return {
				message: `${provider} rejected the credentials (${via})`,
				description: `Check ${credentialHint} in the credential.`,
			};
		case 'balance':
			return {
				message: `The ${provider} account balance is too low to send this message (${via})`,
				description: 'Top up the account, then run the node again.',
			};
		case 'notFound':
			return {
				message: `No ${provider} API was found at this address (${via})`,
				description: `Check the ${urlField} in the credential.`,
			};
		case 'rateLimit':
			return {
				message: `${provider} is limiting the request rate (${via})`,
				description: 'Too many requests in a short time: wait, or send fewer messages per minute.',
			};
		case 'redirect':
			return {
				message: `${provider} answered with a redirect (${via})`,
				description: `The provider did not take the request, and the node does not follow redirects, so nothing went to an address the credential does not name. Check the ${urlField} in the credential (https instead of http, or an address that moved).`,
			};
		case 'server':
			return {
				message: `${provider} had a server error (${via})`,
				description: 'The problem is on the provider side, and it may have come after the request was carried out: check the provider before sending again.',
			};
		default:
			return {
				message: `${provider} answered with an unexpected ${via}`,
				description: 'See the provider response for details.',
			};
	}
}

const MAY_HAVE_BEEN_SENT = 'The message may or may not have been sent; check the provider before resending.';

/** The NodeApiError for an answer the provider's profile reads as a failure. */
export function refusalError(
	context: IExecuteFunctions,
	profile: ProviderProfile,
	credentialType: string,
	answer: ProviderAnswer,
	refusal: RefusedAnswer,
	itemIndex: number,
): NodeApiError {
	const httpError = answer.statusCode < 200 || answer.statusCode >= 300;
	const { message, description } = explainRefusal(profile, credentialType, answer, refusal, httpError);
	const parts = [refusal.detail ? `${profile.name} said: ${refusal.detail}` : undefined, description];
	const retryAfter = headerValue(answer.headers, 'retry-after');
	if (refusal.kind === 'rateLimit' && retryAfter !== undefined) parts.push(`Retry after ${retryAfter} s.`);

	// The answer is kept under names NodeApiError does not search for a status code, so the
	// error's httpCode is the real HTTP status of a failed answer, or absent.
	const error = new NodeApiError(
		context.getNode(),
		{ httpStatus: answer.statusCode, providerAnswer: bodyForError(answer.body) } as JsonObject,
		{
			message,
			description: parts.filter(Boolean).join(' '),
			itemIndex,
			...(httpError ? { httpCode: String(answer.statusCode) } : {}),
		},
	);
	if (refusal.code) error.context.providerErrorCode = refusal.code;
	return error;
}

function explainRefusal(
	profile: ProviderProfile,
	credentialType: string,
	answer: ProviderAnswer,
	refusal: RefusedAnswer,
	httpError: boolean,
): Explanation {
	const known = refusal.code ? profile.explainCode?.(refusal.code) : undefined;
	if (known) return known;
	if (refusal.kind === 'unexpected' && (refusal.code || refusal.notAccepted)) {
		return {
			message: `${profile.name} refused the request (${refusal.code ?? `HTTP ${answer.statusCode}`})`,
			description: `${profile.name} did not take the message.`,
		};
	}
	const answered = httpError ? `HTTP ${answer.statusCode}` : (refusal.code ?? `HTTP ${answer.statusCode}`);
	const via = refusal.kind === 'redirect' ? viaRedirect(answered, answer.headers) : answered;
	return explainFailure(profile.name, refusal.kind, via, profile.credentialHint(credentialType), profile.urlField);
}

/**
 * The error for a credential address that cannot work (not http or https, or empty), or
 * undefined when it can. Found before sending: nothing left, so it never reads as "maybe sent".
 */
export function badUrlError(
	context: IExecuteFunctions,
	profile: ProviderProfile,
	url: string,
	itemIndex: number,
): NodeOperationError | undefined {
	const problem = urlProblem(url);
	if (!problem) return undefined;
	return new NodeOperationError(context.getNode(), `The ${profile.urlField} in the ${profile.name} credential ${problem}`, {
		itemIndex,
		description: `Nothing was sent. Enter the ${profile.urlField} of the ${profile.name} API, starting with https://.`,
	});
}

/** An answer that came but could not be read: the request left, so it may have been taken. */
export function unreadableAnswerError(
	context: IExecuteFunctions,
	profile: ProviderProfile,
	answer: ProviderAnswer,
	caught: Error,
	itemIndex: number,
): NodeApiError {
	return new NodeApiError(
		context.getNode(),
		{ httpStatus: answer.statusCode, providerAnswer: bodyForError(answer.body) } as JsonObject,
		{
			message: `${profile.name} answered HTTP ${answer.statusCode}, but the answer could not be read`,
			description: `${caught.message}. ${MAY_HAVE_BEEN_SENT}`,
			itemIndex,
		},
	);
}

/** Whether a request that got no answer may have reached the provider. */
export type TransportFate = 'unreached' | 'unknown' | 'cancelled';

interface NodeErrorLike {
	message?: string;
	code?: string;
	name?: string;
	cause?: { code?: string; message?: string; name?: string };
}

// The connection was never made: nothing can have been delivered.
const UNREACHED_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_INVALID_URL',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'CERT_HAS_EXPIRED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'EPROTO',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

export interface TransportFailure {
	fate: TransportFate;
	error: NodeApiError;
}

/** A request that got no HTTP answer: refused connection, timeout, dropped connection, cancel. */
export function transportError(
	context: IExecuteFunctions,
	profile: ProviderProfile,
	caught: NodeErrorLike,
	request: { url: string; timeout?: number },
	itemIndex: number,
): TransportFailure {
	const provider = profile.name;
	const code = caught.cause?.code ?? caught.code ?? '';
	const text = `${caught.message ?? ''} ${caught.cause?.message ?? ''}`;
	const target = originOf(request.url);
	let fate: TransportFate = 'unknown';
	let message: string;
	let description: string;
	if (UNREACHED_CODES.has(code)) {
		fate = 'unreached';
		message = `Could not reach ${provider} at ${target}`;
		description = `The connection failed (${code}), so nothing was sent. Check the ${profile.urlField} in the credential and that the server is reachable from n8n.`;
	} else if (code === 'ERR_CANCELED' || /^(CanceledError|AbortError)$/.test(caught.cause?.name ?? caught.name ?? '')) {
		fate = 'cancelled';
		message = `The execution was cancelled before ${provider} answered`;
		description = `The request may still have been delivered; check ${provider} before resending.`;
	} else if (TIMEOUT_CODES.has(code) || /timeout/i.test(text)) {
		message = `${provider} did not answer within ${request.timeout ?? 'the allowed'} ms`;
		description =
			'The request may still have been delivered; check the provider before resending, or raise the Timeout option.';
	} else {
		message = `The connection to ${provider} at ${target} broke before an answer came`;
		description = `${code ? `(${code}) ` : ''}The request may have been delivered; check the provider before resending.`;
	}
	// The code stays out of the message and under its own key: NodeApiError swaps a message
	// holding a known network code for a generic sentence.
	const error = new NodeApiError(context.getNode(), { transportError: code || 'unknown', message } as JsonObject, {
		message,
		description,
		itemIndex,
	});
	return { fate, error };
}
