import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import type { ProviderAnswer } from '../../shared/http/answers';
import { headerValue } from '../../shared/http/answers';
import type { ProviderProfile } from '../../shared/http/profile';
import { interpretHttpStatus } from '../../shared/http/profile';
import type { CallSpec } from '../../shared/http/request';
import { credentialUrl, joinUrl } from '../../shared/http/url';
import { sendOne } from '../../shared/sending/dispatch';

export const PATHS = {
	sendV1: '/v1/sms/send',
	sendV2: '/v2/sms/send',
	balance: '/v2/account/balance',
	generateKey: '/generate-key',
	revokeKey: '/revoke-key',
	regenerateKey: '/regenerate-key',
} as const;

/**
 * Which secret of the credential signs a request. The credential picks it from the route
 * (v2: the API key; v1 and key management: username and password); only revoking or renewing
 * the credential's own key signs a key-management route with the key, which the request then
 * carries in X-API-Key, as the gateway's help text says ("Provide X-API-Key header").
 */
export type GatewayAuth = 'password' | 'apiKey';

/** The gateway speaks plain REST (Laravel): its HTTP status says what happened. */
export const smsGatewayProfile: ProviderProfile = {
	name: 'SMS Gateway',
	urlField: 'Base URL',
	credentialHint: () => 'the username and password (v1, key management) or the API key (v2)',
	interpret: interpretHttpStatus,
};

export function gatewayBaseUrl(credentials: IDataObject): string {
	return credentialUrl(credentials.baseUrl);
}

export interface GatewayRequest {
	method: IHttpRequestMethods;
	path: string;
	auth: GatewayAuth;
	body?: IDataObject | URLSearchParams;
	itemIndex: number;
	timeout: number;
}

/** One request to the gateway, signed as asked, for the send engine or the kernel. */
export function gatewayCall(request: Omit<GatewayRequest, 'itemIndex'>): CallSpec {
	return {
		profile: smsGatewayProfile,
		credentialType: 'smsGatewayApi',
		method: request.method,
		url: (credentials) => joinUrl(gatewayBaseUrl(credentials), request.path),
		...(request.auth === 'apiKey' && !request.path.startsWith('/v2/')
			? { headers: (credentials) => ({ 'X-API-Key': String(credentials.apiKey ?? '') }) }
			: {}),
		body: request.body,
		timeout: request.timeout,
	};
}

/** Sends one request to the gateway, signed as asked, and returns the accepted answer. */
export async function gatewayRequest(
	context: IExecuteFunctions,
	request: GatewayRequest,
): Promise<{ body: IDataObject; answer: ProviderAnswer }> {
	// A 429 took nothing, so the engine may retry it, waiting as the gateway asks.
	return await sendOne(context, gatewayCall(request), request.itemIndex);
}

/** The gateway's rate-limit headers (60 requests a minute per key), for the output. */
export function rateLimitOf(answer: ProviderAnswer): IDataObject | undefined {
	const limit = headerValue(answer.headers, 'x-ratelimit-limit');
	const remaining = headerValue(answer.headers, 'x-ratelimit-remaining');
	if (limit === undefined && remaining === undefined) return undefined;
	const toNumber = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : value);
	return { limit: toNumber(limit), remaining: toNumber(remaining) };
}
