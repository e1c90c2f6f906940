import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { checkTriggerSetup, smsStatusTriggerBasicAuthApiTest } from './setup';
import { handleStatusWebhook } from './webhook/handleStatusWebhook';

export class SmsStatusTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Status Trigger',
		name: 'smsStatusTrigger',
		icon: { light: 'file:smsStatusTrigger.svg', dark: 'file:smsStatusTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["provider"] === "skycore" ? "Skycore postbacks" : "Betatel statuses"}}',
		description: 'Starts the workflow when Betatel or Skycore reports a message delivered, read, failed or expired',
		defaults: { name: 'SMS Status Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'smsStatusTriggerBasicAuthApi',
				required: true,
				testedBy: 'smsStatusTriggerBasicAuthApiTest',
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Without it n8n 2.x answers a started execution with the text "firstEntryJson".
				responseData: '={{ { message: "Workflow was started" } }}',
				path: 'delivery-status',
			},
		],
		eventTriggerDescription: 'Waiting for a status report from the provider',
		activationMessage:
			"Status reports sent to the Production URL now start this workflow. Paste that URL into the provider's webhook or postback setting.",
		properties: [
			{
				displayName:
					'Paste the <b>Production URL</b> shown under Webhook URLs above (<code>https://&lt;your n8n&gt;/webhook/&lt;ID&gt;/delivery-status</code>, with <code>?token=&lt;your token&gt;</code> at its end for "Token in Query Parameter") into Betatel\'s status webhook or Skycore\'s Postback URL (Account → API Settings), then publish the workflow. <a href="https://github.com/n8n-nodes-sms-otp/n8n-nodes-sms-otp/blob/main/docs/sms-status-trigger.md#setting-it-up" target="_blank">More</a>',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Provider',
				name: 'provider',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Betatel',
						value: 'betatel',
						description: 'WhatsApp and SMS message statuses: PENDING, SENT, DELIVERED, READ, FAILED, EXPIRED',
					},
					{
						name: 'Skycore',
						value: 'skycore',
						description: 'SMS postbacks N201, N202, E201, E202, as JSON (API v2) or XML (older API)',
					},
				],
				default: 'betatel',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Basic Auth',
						value: 'basicAuth',
						description: 'The provider sends a user and password (HTTP Basic Auth)',
					},
					{ name: 'None', value: 'none', description: 'Anyone who knows the URL can start the workflow' },
					{
						name: 'Token in Header',
						value: 'headerToken',
						description: 'The provider sends the token in a header',
					},
					{
						name: 'Token in Query Parameter',
						value: 'queryToken',
						description: 'The URL you give the provider ends in ?token=&lt;token&gt;: fits a postback URL field',
					},
				],
				default: 'none',
			},
			{
				displayName:
					'Anyone who knows this URL can start the workflow. We recommend a token: "Token in Query Parameter" fits the provider\'s webhook or postback URL field.',
				name: 'authenticationNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { authentication: ['none'] } },
			},
			{
				displayName: 'Token',
				name: 'token',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				description:
					'A long random secret the provider must send. With "Token in Query Parameter", add ?token=&lt;this secret&gt; to the URL you give the provider.',
				displayOptions: { show: { authentication: ['queryToken', 'headerToken'] } },
			},
			{
				displayName: 'Header Name',
				name: 'headerName',
				type: 'string',
				default: 'x-webhook-token',
				required: true,
				description: 'The header that carries the token',
				displayOptions: { show: { authentication: ['headerToken'] } },
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Delivered', value: 'delivered', description: 'Betatel DELIVERED, Skycore N202' },
					{ name: 'Expired', value: 'expired', description: 'Betatel EXPIRED, Skycore E202 with an expiry' },
					{ name: 'Failed', value: 'failed', description: 'Betatel FAILED, Skycore E201 and E202' },
					{ name: 'Queued', value: 'queued', description: 'Betatel PENDING' },
					{ name: 'Read', value: 'read', description: 'Betatel READ (WhatsApp)' },
					{ name: 'Sent', value: 'sent', description: 'Betatel SENT, Skycore N201' },
					{ name: 'Unknown', value: 'unknown', description: 'A status this node does not know' },
				],
				default: ['delivered', 'expired', 'failed', 'queued', 'read', 'sent', 'unknown'],
				description:
					'Which statuses start the workflow (empty means all). Others are answered 200 and start nothing.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Ignore Duplicates',
						name: 'ignoreDuplicates',
						type: 'boolean',
						default: false,
						description:
							'Whether to drop a status already received for the same message in the last 24 hours (providers retry). Not for two copies arriving at the same instant.',
					},
				],
			},
		],
	};

	methods = { credentialTest: { smsStatusTriggerBasicAuthApiTest } };

	// The providers have no API to register a webhook: the URL is pasted into their settings
	// by hand. So nothing exists that n8n could look up, create or delete; creating checks the
	// setup, so a trigger that could accept no request cannot be published.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await checkTriggerSetup(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleStatusWebhook(this);
	}
}
