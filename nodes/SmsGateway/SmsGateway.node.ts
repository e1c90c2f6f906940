import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as account from './actions/account';
import * as apiKey from './actions/apiKey';
import * as sms from './actions/sms';
import { router } from './actions/router';
import { CAMPAIGN_CREDENTIAL_DISPLAY } from '../shared/campaign/settings';
import * as listSearch from '../shared/n8nApi/listSearch';
import { credentialTest } from './methods';

export class SmsGateway implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Gateway',
		name: 'smsGateway',
		icon: { light: 'file:smsGateway.svg', dark: 'file:smsGateway.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["resource"] + ": " + $parameter["operation"]}}',
		description: 'Send SMS through a self-hosted SMS gateway, check its balance and manage its API keys',
		defaults: { name: 'SMS Gateway' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'smsGatewayApi', required: true, testedBy: 'smsGatewayApiTest' },
			// The Data Table API credential (n8n's own API), once the Campaign option is added (../shared/campaign/settings.ts).
			{ name: 'otpDataTableApi', required: true, displayOptions: CAMPAIGN_CREDENTIAL_DISPLAY },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'API Key', value: 'apiKey' },
					{ name: 'SMS', value: 'sms' },
				],
				default: 'sms',
			},
			...sms.description,
			...account.description,
			...apiKey.description,
		],
	};

	methods = { credentialTest, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
