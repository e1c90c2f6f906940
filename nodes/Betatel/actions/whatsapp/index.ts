import type { INodeProperties } from 'n8n-workflow';
import * as sendOtp from './sendOtp.operation';
import * as sendOtpBulk from './sendOtpBulk.operation';

export { sendOtp, sendOtpBulk };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['whatsapp'] } },
		options: [
			{
				name: 'Send OTP',
				value: 'sendOtp',
				description: 'Send a one-time password over WhatsApp',
				action: 'Send an OTP',
			},
			{
				name: 'Send OTP in Bulk',
				value: 'sendOtpBulk',
				description: 'Send one-time passwords to many numbers at once, one result per number',
				action: 'Send OTP messages in bulk',
			},
		],
		default: 'sendOtp',
	},
	...sendOtp.description,
	...sendOtpBulk.description,
];
