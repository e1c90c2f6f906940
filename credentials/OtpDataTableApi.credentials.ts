import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { signWithHeaders } from '../nodes/shared/http/headerAuth';

/**
 * n8n's own public API, which the OTP node uses to keep attempt counts in a data table
 * (n8n gives its in-process data table helper only to its own nodes).
 */
export class OtpDataTableApi implements ICredentialType {
	name = 'otpDataTableApi';

	displayName = 'OTP Data Table API';

	icon: Icon = { light: 'file:../nodes/Otp/otp.svg', dark: 'file:../nodes/Otp/otp.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp/blob/main/docs/credentials.md#otp-data-table-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: 'http://localhost:5678/api/v1',
			required: true,
			description:
				"This n8n's public API address as n8n itself reaches it: usually http://localhost:5678/api/v1, or your n8n URL followed by /api/v1",
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An n8n API key (Settings → n8n API → Create an API key). Where keys have scopes, give it the dataTable and dataTableRow scopes only.',
		},
	];

	/**
	 * Signs every request with the key. A method, not a field: n8n then does not list it, so
	 * the OTP node, which calls no service of its own, gets no "Custom API Call" option (see
	 * nodes/shared/http/headerAuth.ts).
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return signWithHeaders({ 'X-N8N-API-KEY': 'apiKey' }, credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiUrl.replace(/\\/+$/, "")}}',
			url: '/data-tables',
			qs: { limit: 1 },
		},
	};
}
