import type { IDataObject, INodeCredentialTestResult } from 'n8n-workflow';
import type { ProviderAnswer } from './answers';
import { viaRedirect } from './answers';
import type { ProviderProfile } from './profile';
import { originOf, urlProblem } from './url';

export interface CredentialProbe {
	profile: ProviderProfile;
	credentialType: string;
	method: 'GET' | 'POST';
	url: string;
	headers: Record<string, string>;
	/** A JSON body the API must refuse for its content (never a message it would send), or form fields. */
	body?: IDataObject | URLSearchParams;
}

const PROBE_TIMEOUT_MS = 15_000;

/**
 * Tests credentials without sending anything billable: it asks for something free (a
 * balance) or posts a request the API must refuse as invalid. Authentication runs before
 * validation, so "invalid input" means "credentials accepted".
 *
 * n8n's declarative credential test treats every non-2xx answer as a failure, and the
 * credential-test context offers only `this.helpers.request`, which the community-node lint
 * refuses as deprecated; so the probe uses the runtime's own fetch (it ignores n8n's proxy
 * settings: docs/send-engine.md). The answer is read by the provider's own profile, the
 * same one that reads the node's requests.
 */
export async function probeCredentials(probe: CredentialProbe): Promise<INodeCredentialTestResult> {
	const { profile } = probe;
	// As the nodes do (see request.ts): an address that cannot work is refused before anything is sent.
	const problem = urlProblem(probe.url);
	if (problem) return { status: 'Error', message: `The ${profile.urlField} ${problem}.` };
	let answer: ProviderAnswer;
	try {
		const form = probe.body instanceof URLSearchParams;
		const response = await fetch(probe.url, {
			method: probe.method,
			headers: {
				accept: 'application/json',
				...(probe.body === undefined
					? {}
					: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }),
				...probe.headers,
			},
			...(probe.body === undefined ? {} : { body: form ? probe.body.toString() : JSON.stringify(probe.body) }),
			// As the nodes do (see request.ts): a redirect is reported, not followed.
			redirect: 'manual',
			signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
		});
		const text = await response.text();
		const location = response.headers.get('location');
		answer = { statusCode: response.status, headers: location ? { location } : {}, body: parseJson(text) };
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause?.code;
		return {
			status: 'Error',
			message: `Could not reach ${profile.name} at ${originOf(probe.url)}${cause ? ` (${cause})` : ''}. Check the ${profile.urlField}.`,
		};
	}
	return probeVerdict(probe, answer);
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** What the probe's answer says about the credentials. */
export function probeVerdict(probe: CredentialProbe, answer: ProviderAnswer): INodeCredentialTestResult {
	const { profile } = probe;
	const reading = profile.interpret(answer);
	const via = answer.statusCode >= 200 && answer.statusCode < 300 && !reading.ok && reading.code
		? reading.code
		: `HTTP ${answer.statusCode}`;
	if (reading.ok || reading.kind === 'invalidInput') {
		return { status: 'OK', message: `${profile.name} accepted the credentials.` };
	}
	switch (reading.kind) {
		case 'auth':
			return {
				status: 'Error',
				message: `${profile.name} rejected the credentials (${via}). Check ${profile.credentialHint(probe.credentialType)}.`,
			};
		case 'balance':
			return {
				status: 'OK',
				message: `${profile.name} accepted the credentials, but the account balance is too low to send.`,
			};
		case 'notFound':
			return {
				status: 'Error',
				message: `No ${profile.name} API was found at ${originOf(probe.url)} (${via}). Check the ${profile.urlField}.`,
			};
		case 'redirect':
			return {
				status: 'Error',
				message: `${profile.name} at ${originOf(probe.url)} answered with a redirect (${viaRedirect(via, answer.headers)}), which the nodes do not follow. Check the ${profile.urlField}.`,
			};
		default:
			return {
				status: 'Error',
				message: `${profile.name} answered ${via}, so the credentials could not be checked. Try again later.`,
			};
	}
}
