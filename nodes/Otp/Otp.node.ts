import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as generate from './actions/generate.operation';
import * as recover from './actions/recover.operation';
import { router } from './actions/router';
import * as verify from './actions/verify.operation';
import { credentialTest, listSearch } from './methods';

export class Otp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTP',
		name: 'otp',
		icon: { light: 'file:otp.svg', dark: 'file:otp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Generate one-time codes to send, and verify the codes people type',
		defaults: { name: 'OTP' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Generate with the Fraud Guard has a second output for refused requests.
		outputs: `={{ ($parameter.operation ?? 'generate') === 'generate' && $parameter.fraudGuard === true ? [{ type: '${NodeConnectionTypes.Main}', displayName: 'Allowed' }, { type: '${NodeConnectionTypes.Main}', displayName: 'Refused' }] : ['${NodeConnectionTypes.Main}'] }}`,
		credentials: [
			{
				name: 'otpSecretApi',
				required: true,
				testedBy: 'otpSecretApiTest',
			},
			{
				name: 'otpDataTableApi',
				required: true,
				displayOptions: { show: { tracking: ['dataTable'] } },
			},
		],
		properties: [
			// The node's one resource. As an AI Agent tool, n8n describes an operation to the model
			// as "<action> in OTP" only when the node has a resource (without one, every OTP tool got
			// the node's description); a hidden one would drop the actions from the nodes panel.
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Verification Code', value: 'code' }],
				default: 'code',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['code'] } },
				options: [
					{
						name: 'Generate',
						value: 'generate',
						description:
							'Make a one-time code to send, and a signed token to verify it with later; the output has both and the expiry',
						action: 'Generate a verification code for a phone number',
					},
					{
						name: 'Verify',
						value: 'verify',
						description: 'Check a code a person typed against its token; the output says whether it is valid, and why not',
						action: 'Verify a code against its token',
					},
					{
						name: 'Recover Code',
						value: 'recover',
						description: 'Open a sealed code to send it again, while its token can still be approved',
						action: 'Recover a sealed code to send it again',
					},
				],
				default: 'generate',
			},
			...generate.description,
			...verify.description,
			...recover.description,
		],
	};

	methods = { credentialTest, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
