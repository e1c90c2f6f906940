import type { IAuthenticate, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { signWithHeaders } from '../nodes/shared/http/headerAuth';

export class SkycoreApi implements ICredentialType {
	name = 'skycoreApi';

	displayName = 'Skycore API';

	icon: Icon = { light: 'file:../nodes/Skycore/skycore.svg', dark: 'file:../nodes/Skycore/skycore.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp/blob/main/docs/credentials.md#skycore-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The key under Account → API Settings in Skycore, sent as the x-api-key header. Case-sensitive.',
		},
		{
			displayName: 'Endpoint URL',
			name: 'endpointUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.skycore.com/API/wrapper.php',
			description: 'The API endpoint URL of your Skycore account, shown in its API settings',
		},
	];

	/**
	 * Signs every request with the header the API documents. A field, not a method, so that
	 * n8n lists it and offers "Custom API Call" for other Skycore actions (see
	 * nodes/shared/http/headerAuth.ts).
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions) =>
		signWithHeaders({ 'x-api-key': 'apiKey' }, credentials, requestOptions);
}
