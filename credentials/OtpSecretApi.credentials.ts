import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

export class OtpSecretApi implements ICredentialType {
	name = 'otpSecretApi';

	displayName = 'OTP Secret API';

	icon: Icon = { light: 'file:../nodes/Otp/otp.svg', dark: 'file:../nodes/Otp/otp.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp/blob/main/docs/credentials.md#otp-secret';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Signs the verification tokens: at least 32 random characters. Make one with "openssl rand -base64 32" or a password manager. Changing it makes every code not yet verified invalid.',
		},
	];
}
