import type { INodeProperties } from 'n8n-workflow';

/**
 * The operation selector of the SMS resource, the same on every provider node, followed by
 * the fields of its operations.
 */
export function smsResourceDescription(operationFields: INodeProperties[]): INodeProperties[] {
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['sms'] } },
			options: [
				{
					name: 'Send',
					value: 'send',
					description: 'Send a text message',
					action: 'Send an SMS',
				},
				{
					name: 'Send in Bulk',
					value: 'sendBulk',
					description: 'Send to many numbers at once, one result per number',
					action: 'Send SMS in bulk',
				},
			],
			default: 'send',
		},
		...operationFields,
	];
}
