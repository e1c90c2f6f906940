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
 * n8n's own public API, with which this package's nodes keep data in n8n data tables: the
 * OTP node's attempt counts, the send operations' delivery journal and opt-out list (n8n
 * gives its in-process data table helper only to its own nodes). The type name is the one
 * from when only the OTP node used it: renaming it would break saved workflows.
 */
export class OtpDataTableApi implements ICredentialType {
	name = 'otpDataTableApi';

	displayName = 'Data Table API';

	icon: Icon = { light: 'file:../nodes/Otp/otp.svg', dark: 'file:../nodes/Otp/otp.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp/blob/main/docs/credentials.md#data-table-api';

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
				'An n8n API key (Settings → n8n API → Create an API key). Where keys have scopes, give it only the dataTable and dataTableRow scopes the tables need (docs/campaigns.md lists them).',
		},
	];

	/**
	 * Signs every request with the key. A method, not a field: n8n then does not list it, so
	 * the nodes using it for their data tables get no "Custom API Call" option for n8n's API
	 * (see nodes/shared/http/headerAuth.ts).
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
