import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { probeCredentials } from '../../shared/credentialProbe';
import {
	httpStatusError,
	isJsonObject,
	joinUrl,
	missingFieldError,
	sendProviderRequest,
	unexpectedBodyError,
} from '../../shared/providerHttp';

export type BetatelCredentialType = 'betatelSmsApi' | 'betatelWhatsAppApi';

export const BETATEL_PROVIDER = 'Betatel';
export const DEFAULT_BASE_URL = 'https://api.betatel.com';
export const SMS_PATH = '/api/v1/connect-hub/sms';
export const WHATSAPP_OTP_PATH = '/api/v1/connect-hub/whatsapp/otp';

const CREDENTIAL_HINTS: Record<BetatelCredentialType, string> = {
	betatelSmsApi: 'the API key and user ID',
	betatelWhatsAppApi: 'the API key and account ID',
};

/** POSTs JSON to a Betatel Connect Hub endpoint and returns the JSON answer of a 2xx. */
export async function betatelApiRequest(
	this: IExecuteFunctions,
	credentialType: BetatelCredentialType,
	path: string,
	body: IDataObject,
	itemIndex: number,
	timeout: number,
): Promise<IDataObject> {
	const credentials = await this.getCredentials(credentialType, itemIndex);
	const response = await sendProviderRequest.call(this, {
		provider: BETATEL_PROVIDER,
		credentialType,
		itemIndex,
		options: {
			method: 'POST',
			url: joinUrl(baseUrlOf(credentials), path),
			headers: { accept: 'application/json' },
			body,
			timeout,
		},
	});

	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw httpStatusError(this, BETATEL_PROVIDER, response, itemIndex, CREDENTIAL_HINTS[credentialType]);
	}
	if (!isJsonObject(response.body)) {
		throw unexpectedBodyError(this, BETATEL_PROVIDER, response, itemIndex, 'a JSON object');
	}
	return response.body;
}

/** Reads the message identifier Betatel returns, or fails if the answer lacks it. */
export function requireMessageId(
	context: IExecuteFunctions,
	response: IDataObject,
	field: 'messageId' | 'uuid',
	itemIndex: number,
): string {
	const id = response[field];
	if (typeof id === 'string' && id !== '') return id;
	throw missingFieldError(context, BETATEL_PROVIDER, response, field, itemIndex);
}

/**
 * Credential test: posts an empty body to the endpoint the credential is for. Betatel
 * checks the key first, so 401 means refused and 400 (missing fields) means accepted; no
 * message is sent and nothing is billed.
 */
export async function testBetatelCredentials(
	credentialType: BetatelCredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const identity: Record<string, string> =
		credentialType === 'betatelSmsApi'
			? { 'x-user-id': String(data.userId ?? '') }
			: { 'x-account-id': String(data.accountId ?? '') };
	return await probeCredentials({
		provider: BETATEL_PROVIDER,
		url: joinUrl(baseUrlOf(data), credentialType === 'betatelSmsApi' ? SMS_PATH : WHATSAPP_OTP_PATH),
		headers: { 'x-api-key': String(data.apiKey ?? ''), ...identity },
		body: {},
		credentialHint: CREDENTIAL_HINTS[credentialType],
	});
}

function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const baseUrl = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	return baseUrl === '' ? DEFAULT_BASE_URL : baseUrl;
}
