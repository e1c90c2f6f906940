import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runOperation } from '../../../nodes/shared/execution/route';
import { smsResourceDescription } from '../../../nodes/shared/params/operations';
import { smsOperations } from './exampleSms';

// 3. The node: its description as n8n lists it, and the operations the kit built.
export class ExampleSms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Example SMS',
		name: 'exampleSms',
		icon: 'file:exampleSms.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["resource"] + ": " + $parameter["operation"]}}',
		description: 'Send SMS with Example SMS',
		defaults: { name: 'Example SMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'exampleSmsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'SMS', value: 'sms' }],
				default: 'sms',
			},
			...smsResourceDescription([...smsOperations.send.description, ...smsOperations.sendBulk.description]),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation(this, { sms: { send: smsOperations.send.operation, sendBulk: smsOperations.sendBulk.operation } });
	}
}
