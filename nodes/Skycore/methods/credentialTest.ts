import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { probeCredentials } from '../../shared/http/credentialProbe';
import { skycoreEndpoint, skycoreProfile } from '../transport';

/**
 * Posts a `sendsms` action without its fields. Skycore checks the key first: E103 means
 * refused, E100 (invalid request) means accepted; nothing is sent or billed.
 */
export async function skycoreApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const url = skycoreEndpoint(data);
	if (url === '') return { status: 'Error', message: 'Enter the Endpoint URL of your Skycore account.' };
	return await probeCredentials({
		profile: skycoreProfile,
		credentialType: 'skycoreApi',
		method: 'POST',
		url,
		headers: { 'x-api-key': String(data.apiKey ?? '') },
		body: { action: 'sendsms' },
	});
}
