import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export class SmsGatewayApi implements ICredentialType {
	name = 'smsGatewayApi';

	displayName = 'SMS Gateway API';

	icon: Icon = { light: 'file:../nodes/SmsGateway/smsGateway.svg', dark: 'file:../nodes/SmsGateway/smsGateway.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp/blob/main/docs/credentials.md#sms-gateway-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://sms.example.com/api',
			description: "The gateway's API root, the part before /v1/sms/send",
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'Account username, used by the v1 API and to manage API keys',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Account password, used by the v1 API and to manage API keys',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Optional: the key for the v2 API (balance, v2 sending), sent as the X-API-Key header',
		},
	];

	/**
	 * Signs a request with the secret its route takes, as the gateway's document says: the v2
	 * routes (send, balance) take the API key in X-API-Key; v1 and key management take the
	 * username and password, in the body. A request that already carries X-API-Key (revoking
	 * or renewing the credential's own key) is left as it is.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		if (Object.keys(headers).some((name) => name.toLowerCase() === 'x-api-key')) return requestOptions;
		if (isV2Route(String(credentials.baseUrl ?? ''), requestOptions.url)) {
			return { ...requestOptions, headers: { ...headers, 'X-API-Key': String(credentials.apiKey ?? '') } };
		}
		const username = String(credentials.username ?? '');
		const password = String(credentials.password ?? '');
		const { body } = requestOptions;
		if (body instanceof URLSearchParams) {
			const form = new URLSearchParams(body);
			form.set('username', username);
			form.set('password', password);
			return { ...requestOptions, body: form };
		}
		const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : {};
		return { ...requestOptions, body: { ...fields, username, password } };
	}
}

/** Whether `url` is a v2 route of the gateway at `baseUrl` (the part after the base URL starts with /v2/). */
function isV2Route(baseUrl: string, url: string): boolean {
	const base = baseUrl.trim().replace(/\/+$/, '');
	const route = base !== '' && url.startsWith(base) ? url.slice(base.length) : url.replace(/^[a-z]+:\/\/[^/]*/i, '');
	return /^\/v2(\/|$)/i.test(route);
}
