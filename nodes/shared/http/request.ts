/**
 * The one request kernel every provider uses: it sends through n8n's authenticated HTTP
 * helper (the credential's `authenticate` block signs the request), reads the answer with
 * the provider's profile, and reports one of three outcomes. Callers that send one message
 * per item use `requestProvider`, which throws the outcome's error; a bulk sender uses
 * `callProvider` and decides from the outcome whether a retry is safe.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	NodeApiError,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import type { ProviderAnswer } from './answers';
import { fetchCredentials } from './credentials';
import type { TransportFate } from './errors';
import { refusalError, transportError } from './errors';
import { retryAdvice } from './retryPolicy';
import type { ProviderProfile, RefusedAnswer } from './profile';

export interface ProviderCall {
	profile: ProviderProfile;
	/** Credential type that signs the request. */
	credentialType: string;
	itemIndex: number;
	method: IHttpRequestMethods;
	/** The full URL, or how to build it from the credential (its base URL field). */
	url: string | ((credentials: ICredentialDataDecryptedObject) => string);
	/** A JSON body, or form fields as URLSearchParams. */
	body?: IDataObject | URLSearchParams;
	headers?: IDataObject;
	/** Milliseconds to wait for the answer. */
	timeout: number;
	/**
	 * Credentials already fetched, so a run of many requests decrypts them once. Without
	 * them the kernel fetches them, once for this call.
	 */
	credentials?: ICredentialsDecrypted;
}

export type CallOutcome =
	| { status: 'accepted'; body: IDataObject; answer: ProviderAnswer }
	/** The provider answered and did not take the request. */
	| { status: 'refused'; refusal: RefusedAnswer; answer: ProviderAnswer; error: NodeApiError }
	/** No answer came; `fate` tells whether the request may have arrived. */
	| { status: 'noAnswer'; fate: TransportFate; error: NodeApiError };

/** Sends one request and reports what happened; never throws for a provider's answer. */
export async function callProvider(context: IExecuteFunctions, call: ProviderCall): Promise<CallOutcome> {
	const { profile, credentialType, itemIndex } = call;
	const credentials = call.credentials ?? (await fetchCredentials(context, credentialType, itemIndex));
	const url = typeof call.url === 'string' ? call.url : call.url(credentials.data ?? {});
	let answer: ProviderAnswer;
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			credentialType,
			{
				method: call.method,
				url,
				headers: { accept: 'application/json', ...call.headers },
				...(call.body !== undefined ? { body: call.body } : {}),
				timeout: call.timeout,
				// A redirected POST could re-send a message to an address the credential does not
				// name; a 3xx is reported instead (kind "redirect"). Not following also spares
				// each request n8n's redirect-following layer, which costs CPU and memory.
				disableFollowRedirect: true,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
			{ credentialsDecrypted: credentials },
		)) as { statusCode: number; headers?: IDataObject; body: unknown };
		answer = { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	} catch (caught) {
		const { fate, error } = transportError(context, profile, caught as Error, { url, timeout: call.timeout }, itemIndex);
		return { status: 'noAnswer', fate, error };
	}

	const reading = profile.interpret(answer);
	if (reading.ok) return { status: 'accepted', body: reading.body, answer };
	return {
		status: 'refused',
		refusal: reading,
		answer,
		error: refusalError(context, profile, credentialType, answer, reading, itemIndex),
	};
}

/**
 * Sends one request and returns the accepted answer, or throws the error users should read.
 * With `retry`, a request the provider did not take (a rate limit, a refused connection) is
 * sent again as the retry policy allows, waiting as the provider asks.
 */
export async function requestProvider(
	context: IExecuteFunctions,
	call: ProviderCall,
	{ retry = false }: { retry?: boolean } = {},
): Promise<{ body: IDataObject; answer: ProviderAnswer; attempts: number }> {
	// Fetched once for every attempt.
	const credentials = call.credentials ?? (await fetchCredentials(context, call.credentialType, call.itemIndex));
	for (let attempt = 1; ; attempt++) {
		const outcome = await callProvider(context, { ...call, credentials });
		if (outcome.status === 'accepted') return { body: outcome.body, answer: outcome.answer, attempts: attempt };
		const advice = retry ? retryAdvice(outcome, attempt) : undefined;
		if (!advice) throw outcome.error;
		await sleep(advice.waitMs, context.getExecutionCancelSignal?.());
	}
}
