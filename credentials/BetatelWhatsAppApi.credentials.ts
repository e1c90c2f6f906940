import type { IAuthenticateGeneric, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
				'x-account-id': '={{$credentials.accountId}}',
			},
		},
	};
}
