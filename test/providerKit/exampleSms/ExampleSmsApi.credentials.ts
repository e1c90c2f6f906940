import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

// 4. The credential: its fields and how it signs a request.
export class ExampleSmsApi implements ICredentialType {
	name = 'exampleSmsApi';

	displayName = 'Example SMS API';

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp/blob/main/docs/adding-a-provider.md';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.example-sms.test',
			description: 'Change only to reach a proxy or a local test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	};
}
