import type { IAuthenticate, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { signWithHeaders } from '../nodes/shared/http/headerAuth';

export class BetatelSmsApi implements ICredentialType {
	name = 'betatelSmsApi';

	displayName = 'Betatel SMS API';

	icon: Icon = { light: 'file:../nodes/Betatel/betatel.svg', dark: 'file:../nodes/Betatel/betatel.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp/blob/main/docs/credentials.md#betatel-sms-api';

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

	/**
	 * Signs every request with the two headers the API documents. A field, not a method, so
	 * that n8n lists it (see nodes/shared/http/headerAuth.ts).
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions) =>
		signWithHeaders({ 'x-api-key': 'apiKey', 'x-user-id': 'userId' }, credentials, requestOptions);
}
