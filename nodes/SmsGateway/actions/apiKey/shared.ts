/** Fields and helpers the API key operations share. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { integerOption } from '../../../shared/params/options';
import { readChoice } from '../../../shared/params/readers';
import type { ProviderAnswer } from '../../../shared/http/answers';
import type { GatewayAuth } from '../../transport';
import { rateLimitOf } from '../../transport';

/** A field of its own, not an option: a key's lifetime is a decision, so it is always shown. */
export const expiryDays = integerOption(
	{
		displayName: 'Expiry Days',
		name: 'expiryDays',
		type: 'number',
		required: true,
		typeOptions: { minValue: 1, maxValue: 365, numberPrecision: 0 },
		default: 30,
		description: 'After how many days the new key stops working (1 to 365)',
	},
	{ inCollection: false, unit: 'days' },
);

export const newKeyNotice: INodeProperties = {
	displayName:
		'The new key appears in this node\'s output and is saved with the execution. Copy it into the SMS Gateway credential, then delete the execution.',
	name: 'newKeyNotice',
	type: 'notice',
	default: '',
};

const KEY_TARGETS = ['credentialKey', 'allKeys'] as const;

export const keyTargetProperty: INodeProperties = {
	displayName: 'Keys',
	name: 'keys',
	type: 'options',
	options: [
		{
			name: 'The Key in the Credential',
			value: 'credentialKey',
			description: "Acts on the credential's API key (the key itself signs the request)",
		},
		{
			name: 'All Active Keys of the Account',
			value: 'allKeys',
			description: 'Acts on every active key (signed with the username and password)',
		},
	],
	default: 'credentialKey',
	description: 'Which API keys the operation acts on',
};

/** Which keys to act on, and so which secret signs the request. */
export function readKeyTarget(context: IExecuteFunctions, itemIndex: number): GatewayAuth {
	const target = readChoice(context, itemIndex, { name: 'keys', label: 'Keys' }, KEY_TARGETS, 'credentialKey');
	return target === 'credentialKey' ? 'apiKey' : 'password';
}

/** The output of a key operation: the gateway's answer with readable names added. */
export function keyResult(body: IDataObject, answer: ProviderAnswer): IDataObject {
	const rateLimit = rateLimitOf(answer);
	return {
		provider: 'smsGateway',
		...body,
		...(typeof body.api_key === 'string' ? { apiKey: body.api_key } : {}),
		...(body.expires_at !== undefined ? { expiresAt: body.expires_at } : {}),
		...(rateLimit ? { rateLimit } : {}),
	};
}
