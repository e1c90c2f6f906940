import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as sms from './actions/sms';
import { router } from './actions/router';
import { CAMPAIGN_CREDENTIAL_DISPLAY } from '../shared/campaign/settings';
import * as listSearch from '../shared/n8nApi/listSearch';
import { credentialTest } from './methods';

export class Skycore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Skycore',
		name: 'skycore',
		icon: { light: 'file:skycore.svg', dark: 'file:skycore.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["resource"] + ": " + $parameter["operation"]}}',
		description: 'Send SMS one-time passwords and messages with Skycore',
		defaults: { name: 'Skycore' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'skycoreApi', required: true, testedBy: 'skycoreApiTest' },
			// The Data Table API credential (n8n's own API), once the Campaign option is added (../shared/campaign/settings.ts).
			{ name: 'otpDataTableApi', required: true, displayOptions: CAMPAIGN_CREDENTIAL_DISPLAY },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'SMS', value: 'sms' }],
				default: 'sms',
			},
			...sms.description,
		],
	};

	methods = { credentialTest, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
