/**
 * The one request kernel every provider uses: it sends through n8n's authenticated HTTP
 * helper (the credential's `authenticate` signs the request), reads the answer with the
 * provider's profile, and says what happened. It sends once and never throws; whether to
 * send again is the send engine's decision (../sending/dispatch.ts, with ./retryPolicy.ts).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';
import type { ProviderAnswer } from './answers';
import type { TransportFate } from './errors';
import { badUrlError, refusalError, transportError, unreadableAnswerError } from './errors';
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
	/** Extra headers, or how to build them from the credential. */
	headers?: IDataObject | ((credentials: ICredentialDataDecryptedObject) => IDataObject);
	/** Milliseconds to wait for the answer. */
	timeout: number;
	/** The credential, decrypted once for a run of many requests. */
	credentials: ICredentialsDecrypted;
}

/** A call as a job describes it; the engine adds the item and the decrypted credential. */
export type CallSpec = Omit<ProviderCall, 'credentials' | 'itemIndex'>;

export type CallOutcome =
	| { status: 'accepted'; body: IDataObject; answer: ProviderAnswer }
	/** The provider answered and did not take the request. */
	| { status: 'refused'; refusal: RefusedAnswer; answer: ProviderAnswer; error: NodeApiError }
	/** No answer came; `fate` tells whether the request may have arrived. */
	| { status: 'noAnswer'; fate: TransportFate; error: NodeApiError }
	/** The request could not be made (the credential's address is not http or https): nothing left. */
	| { status: 'notSent'; error: NodeOperationError }
	/** An answer came but could not be read: the request left, so what happened is unknown. */
	| { status: 'unreadable'; error: NodeApiError };

/** Sends one request and reports what happened; never throws. */
export async function callProvider(context: IExecuteFunctions, call: ProviderCall): Promise<CallOutcome> {
	const { profile, credentialType, itemIndex, credentials } = call;
	const url = typeof call.url === 'string' ? call.url : call.url(credentials.data ?? {});
	const headers = typeof call.headers === 'function' ? call.headers(credentials.data ?? {}) : call.headers;
	const badUrl = badUrlError(context, profile, url, itemIndex);
	if (badUrl) return { status: 'notSent', error: badUrl };

	let answer: ProviderAnswer;
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			credentialType,
			{
				method: call.method,
				url,
				headers: { accept: 'application/json', ...headers },
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

	// From here on the request has left: a reading that throws must not pass for "not sent".
	try {
		const reading = profile.interpret(answer);
		if (reading.ok) return { status: 'accepted', body: reading.body, answer };
		return {
			status: 'refused',
			refusal: reading,
			answer,
			error: refusalError(context, profile, credentialType, answer, reading, itemIndex),
		};
	} catch (caught) {
		return { status: 'unreadable', error: unreadableAnswerError(context, profile, answer, caught as Error, itemIndex) };
	}
}
