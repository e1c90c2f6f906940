import type { IAuthenticateGeneric, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

export class BetatelSmsApi implements ICredentialType {
	name = 'betatelSmsApi';

	displayName = 'Betatel SMS API';

	icon: Icon = { light: 'file:../nodes/Betatel/betatel.svg', dark: 'file:../nodes/Betatel/betatel.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp#betatel-sms-api';

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
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Betatel user ID, sent as the x-user-id header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.betatel.com',
			description: 'Change only to reach a proxy or a local test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
				'x-user-id': '={{$credentials.userId}}',
			},
		},
	};
}
