import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { probeCredentials } from '../../shared/http/credentialProbe';
import { joinUrl, urlProblem } from '../../shared/http/url';
import { gatewayBaseUrl, PATHS, smsGatewayProfile } from '../transport';

/**
 * Checks every secret the credential holds, without sending anything: the API key by
 * reading the balance (free), the username and password by a v1 send without numbers,
 * which the gateway refuses as invalid only after accepting the login.
 */
export async function smsGatewayApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const baseUrl = gatewayBaseUrl(data);
	const username = String(data.username ?? '');
	const password = String(data.password ?? '');
	const apiKey = String(data.apiKey ?? '');
	if (baseUrl === '') return { status: 'Error', message: 'Enter the Base URL of the gateway.' };
	const problem = urlProblem(baseUrl);
	if (problem) return { status: 'Error', message: `The ${smsGatewayProfile.urlField} ${problem}.` };
	if (username === '' && apiKey === '') {
		return { status: 'Error', message: 'Enter a username and password, or an API key.' };
	}

	const checked: string[] = [];
	if (apiKey !== '') {
		const result = await probeCredentials({
			profile: smsGatewayProfile,
			credentialType: 'smsGatewayApi',
			method: 'GET',
			url: joinUrl(baseUrl, PATHS.balance),
			headers: { 'X-API-Key': apiKey },
		});
		if (result.status !== 'OK') return { status: 'Error', message: `API key: ${result.message}` };
		checked.push('API key');
	}
	if (username !== '') {
		const result = await probeCredentials({
			profile: smsGatewayProfile,
			credentialType: 'smsGatewayApi',
			method: 'POST',
			url: joinUrl(baseUrl, PATHS.sendV1),
			headers: {},
			body: new URLSearchParams({ username, password }),
		});
		if (result.status !== 'OK') return { status: 'Error', message: `Username and password: ${result.message}` };
		checked.push('username and password');
	}
	return { status: 'OK', message: `${smsGatewayProfile.name} accepted the ${checked.join(' and the ')}.` };
}
