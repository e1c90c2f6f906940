import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The user and password a provider must send (HTTP Basic Auth) for the SMS Status Trigger to
 * accept its status report. The package's own credential: n8n's verification lets a community
 * node use only credentials of its own package, so n8n's "Basic Auth" cannot be offered.
 */
export class SmsStatusTriggerBasicAuthApi implements ICredentialType {
	name = 'smsStatusTriggerBasicAuthApi';

	displayName = 'SMS Status Trigger Basic Auth API';

	icon: Icon = {
		light: 'file:../nodes/SmsStatusTrigger/smsStatusTrigger.svg',
		dark: 'file:../nodes/SmsStatusTrigger/smsStatusTrigger.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp/blob/main/docs/credentials.md#sms-status-trigger-basic-auth-api';

	properties: INodeProperties[] = [
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			description: 'The user name the provider sends; it cannot contain a colon',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A long random password the provider sends with the user name',
		},
	];
}
