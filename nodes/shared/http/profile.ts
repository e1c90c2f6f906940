/**
 * What a provider is to the request kernel: a name for messages, what to check in its
 * credential, and how its answers read. Each provider writes one small profile; the
 * kernel (./request.ts) does the rest the same way for all of them.
 */
import type { IDataObject } from 'n8n-workflow';
import type { ProviderAnswer } from './answers';
import { isJsonObject, providerMessage } from './answers';

/** Why a provider did not accept a request, in the few kinds a user acts on differently. */
export type FailureKind =
	| 'auth'
	| 'invalidInput'
	| 'balance'
	| 'rateLimit'
	| 'server'
	| 'notFound'
	/** A 3xx: the requests go to an address that moved; they are not followed (see request.ts). */
	| 'redirect'
	| 'unexpected';

export interface AcceptedAnswer {
	ok: true;
	body: IDataObject;
}

export interface RefusedAnswer {
	ok: false;
	kind: FailureKind;
	/** The provider's own error code, e.g. Skycore's "E110". */
	code?: string;
	/** The provider's own words, short. */
	detail?: string;
	/**
	 * True when the provider says it did not take the message (a 429, a documented "not
	 * accepted" code), so sending it again cannot make a duplicate.
	 */
	notAccepted?: boolean;
}

export type Interpretation = AcceptedAnswer | RefusedAnswer;

/** A sentence for one of the provider's own error codes. */
export interface CodeExplanation {
	message: string;
	description: string;
}

export interface ProviderProfile {
	/** Name shown to users, e.g. "Skycore". */
	name: string;
	/** The credential field that holds the API address, as the dialog names it. */
	urlField: string;
	/** What to check when the credentials are refused, per credential type. */
	credentialHint(credentialType: string): string;
	/** Turns an answer, whatever its HTTP status, into success or a kind of failure. */
	interpret(answer: ProviderAnswer): Interpretation;
	/** Sentences for the provider's documented error codes, when it has them. */
	explainCode?(code: string): CodeExplanation | undefined;
}

/** The failure kind an HTTP status stands for, for providers that speak in status codes. */
export function kindOfStatus(statusCode: number): FailureKind {
	if (statusCode === 400 || statusCode === 422) return 'invalidInput';
	if (statusCode === 401 || statusCode === 403) return 'auth';
	if (statusCode === 402) return 'balance';
	if (statusCode === 404) return 'notFound';
	if (statusCode === 429) return 'rateLimit';
	if (statusCode >= 300 && statusCode < 400) return 'redirect';
	if (statusCode >= 500) return 'server';
	return 'unexpected';
}

/**
 * The reading of a REST API that means what its status codes say: any 2xx is success (the
 * provider took the request, whatever its body: one without a JSON object reads as `{}`),
 * anything else a failure of the status's kind.
 */
export function interpretHttpStatus(answer: ProviderAnswer): Interpretation {
	const { statusCode, body } = answer;
	if (statusCode >= 200 && statusCode < 300) return { ok: true, body: isJsonObject(body) ? body : {} };
	const kind = kindOfStatus(statusCode);
	return { ok: false, kind, detail: providerMessage(body), notAccepted: kind === 'rateLimit' };
}
