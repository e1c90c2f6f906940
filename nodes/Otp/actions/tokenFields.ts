/** Fields that Verify and Recover Code both show, each defined once with its reader. */
import type { INodeProperties } from 'n8n-workflow';
import { integerOption } from '../../shared/params/options';

export const MAX_ATTEMPTS = { min: 1, max: 20, default: 5 } as const;

export const maxAttemptsOption = integerOption(
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: MAX_ATTEMPTS.min, maxValue: MAX_ATTEMPTS.max, numberPrecision: 0 },
		default: 5,
		description: 'How many codes may be tried for one token; every later attempt gets "max_attempts", even with the right code',
		displayOptions: { show: { tracking: ['dataTable'] } },
	},
	{ inCollection: false, unit: 'attempts' },
);

export const tokenField: INodeProperties = {
	displayName: 'Token',
	name: 'token',
	type: 'string',
	typeOptions: { password: true },
	required: true,
	default: '',
	placeholder: '={{ $json.body.token }}',
	description: 'The token Generate output, as it came back',
};
