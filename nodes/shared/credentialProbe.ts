import type { INodeCredentialTestResult } from 'n8n-workflow';
import { originOf } from './providerHttp';

export interface CredentialProbe {
	/** Provider name for the messages, e.g. "Betatel". */
	provider: string;
	url: string;
	headers: Record<string, string>;
	/** A body the API must refuse for its content (never a message it would send). */
	body: unknown;
	/** What to check when the credentials are refused, e.g. "the API key and user ID". */
	credentialHint: string;
}

const PROBE_TIMEOUT_MS = 15_000;

/**
 * Tests credentials without sending anything billable: it posts a body the API must refuse
 * as invalid. Authentication runs before validation, so 400/422 means "key accepted" and
 * 401/403 means "key refused".
 *
 * n8n's declarative credential test treats every non-2xx answer as a failure, and the
 * credential-test context offers only the deprecated `request` helper, so the probe uses
 * the runtime's own fetch.
 */
export async function probeCredentials(probe: CredentialProbe): Promise<INodeCredentialTestResult> {
	let status: number;
	try {
		const response = await fetch(probe.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json', ...probe.headers },
			body: JSON.stringify(probe.body),
			signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
		});
		status = response.status;
		await response.body?.cancel();
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause?.code;
		return {
			status: 'Error',
			message: `Could not reach ${probe.provider} at ${originOf(probe.url)}${cause ? ` (${cause})` : ''}. Check the Base URL.`,
		};
	}
	return interpretProbeStatus(probe, status);
}

export function interpretProbeStatus(probe: CredentialProbe, status: number): INodeCredentialTestResult {
	if (status === 401 || status === 403) {
		return {
			status: 'Error',
			message: `${probe.provider} rejected the credentials (HTTP ${status}). Check ${probe.credentialHint}.`,
		};
	}
	if (status === 400 || status === 422 || (status >= 200 && status < 300)) {
		return { status: 'OK', message: `${probe.provider} accepted the credentials.` };
	}
	if (status === 402) {
		return {
			status: 'OK',
			message: `${probe.provider} accepted the credentials, but the account balance is too low to send.`,
		};
	}
	if (status === 404) {
		return {
			status: 'Error',
			message: `No ${probe.provider} API was found at ${originOf(probe.url)} (HTTP 404). Check the Base URL.`,
		};
	}
	return {
		status: 'Error',
		message: `${probe.provider} answered HTTP ${status}, so the credentials could not be checked. Try again later.`,
	};
}
