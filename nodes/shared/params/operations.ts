import type { INodeProperties } from 'n8n-workflow';

/**
 * The operation selector of the SMS resource, the same on every provider node, followed by
 * the fields of its operations. As an AI Agent tool, n8n describes an operation to the model
 * as "<action> in <node name>", so each action says plainly what a call does.
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
					description: 'Send a text message; the output has its message ID and status "accepted"',
					action: 'Send an SMS',
				},
				{
					name: 'Send in Bulk',
					value: 'sendBulk',
					description: 'Send to many numbers at once: one output item per number, with its message ID or its error',
					action: 'Send an SMS to many numbers',
				},
			],
			default: 'send',
		},
		...operationFields,
	];
}
