import type { INodeProperties } from 'n8n-workflow';
import * as sendOtp from './sendOtp.operation';

export { sendOtp };

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
		],
		default: 'sendOtp',
	},
	...sendOtp.description,
];
