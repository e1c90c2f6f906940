import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, Icon, INodeProperties } from 'n8n-workflow';

export class BetatelWhatsAppApi implements ICredentialType {
	name = 'betatelWhatsAppApi';

	displayName = 'Betatel WhatsApp API';

	icon: Icon = { light: 'file:../nodes/Betatel/betatel.svg', dark: 'file:../nodes/Betatel/betatel.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp#betatel-whatsapp-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key from the Betatel dashboard, sent as the x-api-key header',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Betatel WhatsApp account ID, sent as the x-account-id header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.betatel.com',
			description: 'Change only to reach a proxy or a local test server',
		},
	];

	/**
	 * Signs a request. A function rather than a generic block of `={{$credentials.x}}`
	 * expressions, which n8n would evaluate (in its expression sandbox) for every request.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				'x-api-key': String(credentials.apiKey ?? ''),
				'x-account-id': String(credentials.accountId ?? ''),
			},
		};
	}
}
