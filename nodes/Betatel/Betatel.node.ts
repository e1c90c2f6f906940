import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as sms from './actions/sms';
import * as whatsapp from './actions/whatsapp';
import { router } from './actions/router';
import { CAMPAIGN_CREDENTIAL_DISPLAY } from '../shared/campaign/settings';
import * as listSearch from '../shared/n8nApi/listSearch';
import { credentialTest } from './methods';

export class Betatel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Betatel',
		name: 'betatel',
		icon: { light: 'file:betatel.svg', dark: 'file:betatel.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["resource"] + ": " + $parameter["operation"]}}',
		description: 'Send SMS and WhatsApp one-time passwords with Betatel',
		defaults: { name: 'Betatel' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'betatelSmsApi',
				required: true,
				testedBy: 'betatelSmsApiTest',
				displayOptions: { show: { resource: ['sms'] } },
			},
			{
				name: 'betatelWhatsAppApi',
				required: true,
				testedBy: 'betatelWhatsAppApiTest',
				displayOptions: { show: { resource: ['whatsapp'] } },
			},
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
					{ name: 'SMS', value: 'sms' },
					{ name: 'WhatsApp', value: 'whatsapp' },
				],
				default: 'sms',
			},
			...sms.description,
			...whatsapp.description,
		],
	};

	methods = { credentialTest, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
