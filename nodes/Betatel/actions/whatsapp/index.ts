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
				description: 'Send a message with a one-time password over WhatsApp; the output has its message ID',
				action: 'Send an OTP to a phone number',
			},
			{
				name: 'Send OTP in Bulk',
				value: 'sendOtpBulk',
				description: 'Send one-time passwords to many numbers at once: one output item per number, with its message ID or its error',
				action: 'Send OTP messages to many numbers',
			},
		],
		default: 'sendOtp',
	},
	...sendOtp.description,
	...sendOtpBulk.description,
];
