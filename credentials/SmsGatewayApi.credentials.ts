import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Header a request carries to say which secret signs it: `apiKey` (the v2 API) or
 * `password` (v1 and key management). It is removed before the request leaves n8n.
 */
export const SMS_GATEWAY_AUTH_HEADER = 'x-sms-otp-auth';

export class SmsGatewayApi implements ICredentialType {
	name = 'smsGatewayApi';

	displayName = 'SMS Gateway API';

	icon: Icon = { light: 'file:../nodes/SmsGateway/smsGateway.svg', dark: 'file:../nodes/SmsGateway/smsGateway.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp#sms-gateway-api';

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

	/** Signs a request with the API key header, or with the username and password in its body. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		const scheme = headers[SMS_GATEWAY_AUTH_HEADER];
		delete headers[SMS_GATEWAY_AUTH_HEADER];
		if (scheme === 'apiKey') {
			return { ...requestOptions, headers: { ...headers, 'X-API-Key': String(credentials.apiKey ?? '') } };
		}
		const username = String(credentials.username ?? '');
		const password = String(credentials.password ?? '');
		const { body } = requestOptions;
		if (body instanceof URLSearchParams) {
			const form = new URLSearchParams(body);
			form.set('username', username);
			form.set('password', password);
			return { ...requestOptions, headers, body: form };
		}
		const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : {};
		return { ...requestOptions, headers, body: { ...fields, username, password } };
	}
}
