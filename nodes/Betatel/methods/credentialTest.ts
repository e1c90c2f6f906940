import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { probeCredentials } from '../../shared/http/credentialProbe';
import { joinUrl } from '../../shared/http/url';
import type { BetatelCredentialType } from '../transport';
import { betatelBaseUrl, betatelProfile, SMS_PATH, WHATSAPP_OTP_PATH } from '../transport';

/**
 * Posts an empty body to the endpoint the credential is for. Betatel checks the key first,
 * so 401 means refused and 400 (missing fields) means accepted; no message is sent and
 * nothing is billed.
 */
async function probeBetatel(
	credentialType: BetatelCredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const identity: Record<string, string> =
		credentialType === 'betatelSmsApi'
			? { 'x-user-id': String(data.userId ?? '') }
			: { 'x-account-id': String(data.accountId ?? '') };
	return await probeCredentials({
		profile: betatelProfile,
		credentialType,
		method: 'POST',
		url: joinUrl(betatelBaseUrl(data), credentialType === 'betatelSmsApi' ? SMS_PATH : WHATSAPP_OTP_PATH),
		headers: { 'x-api-key': String(data.apiKey ?? ''), ...identity },
		body: {},
	});
}

export async function betatelSmsApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await probeBetatel('betatelSmsApi', credential.data ?? {});
}

export async function betatelWhatsAppApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await probeBetatel('betatelWhatsAppApi', credential.data ?? {});
}
