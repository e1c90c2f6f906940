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
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Generate',
						value: 'generate',
						description: 'Make a one-time code to send, and a signed token to verify it with later',
						action: 'Generate a code',
					},
					{
						name: 'Verify',
						value: 'verify',
						description: 'Check a code a person typed against its token',
						action: 'Verify a code',
					},
					{
						name: 'Recover Code',
						value: 'recover',
						description: 'Open a sealed code to send it again, while its token can still be approved',
						action: 'Recover a sealed code',
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
