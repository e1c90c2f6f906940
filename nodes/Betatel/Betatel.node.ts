import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { router } from './actions/router';
import * as sms from './actions/sms';
import * as whatsapp from './actions/whatsapp';
import { testBetatelCredentials } from './transport';

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

	methods = {
		credentialTest: {
			async betatelSmsApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return await testBetatelCredentials('betatelSmsApi', credential.data ?? {});
			},
			async betatelWhatsAppApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return await testBetatelCredentials('betatelWhatsAppApi', credential.data ?? {});
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
