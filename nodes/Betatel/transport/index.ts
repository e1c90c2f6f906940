import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import type { ProviderProfile } from '../../shared/http/profile';
import { interpretHttpStatus } from '../../shared/http/profile';
import type { CallSpec } from '../../shared/http/request';
import { credentialUrl, joinUrl } from '../../shared/http/url';

export type BetatelCredentialType = 'betatelSmsApi' | 'betatelWhatsAppApi';

export const DEFAULT_BASE_URL = 'https://api.betatel.com';
export const SMS_PATH = '/api/v1/connect-hub/sms';
export const WHATSAPP_OTP_PATH = '/api/v1/connect-hub/whatsapp/otp';

const CREDENTIAL_HINTS: Record<string, string> = {
	betatelSmsApi: 'the API key and user ID',
	betatelWhatsAppApi: 'the API key and account ID',
};

/** Betatel speaks plain REST: its HTTP status says what happened (402 = balance). */
export const betatelProfile: ProviderProfile = {
	name: 'Betatel',
	urlField: 'Base URL',
	credentialHint: (credentialType) => CREDENTIAL_HINTS[credentialType] ?? 'the credential',
	interpret: interpretHttpStatus,
};

export function betatelBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return credentialUrl(credentials.baseUrl, DEFAULT_BASE_URL);
}

/** A JSON POST to a Betatel Connect Hub endpoint, for the send engine or the kernel. */
export function betatelCall(request: {
	credentialType: BetatelCredentialType;
	path: string;
	body: IDataObject;
	timeout: number;
}): CallSpec {
	return {
		profile: betatelProfile,
		credentialType: request.credentialType,
		method: 'POST',
		url: (credentials) => joinUrl(betatelBaseUrl(credentials), request.path),
		body: request.body,
		timeout: request.timeout,
	};
}
