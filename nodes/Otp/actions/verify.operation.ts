import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { normalizePhoneNumber } from '../../shared/phone/phoneNumber';
import { defaultCountryOption } from '../../shared/params/options';
import { readInputValue } from '../../shared/params/locatorAndInputReaders';
import { verifyCode } from '../logic/verify';
import type { OtpSession } from './session';
import { MAX_ATTEMPTS, maxAttemptsOption, tokenField } from './tokenFields';
import { dataTableField, statelessNotice, STATELESS_WARNING, trackingField } from './tracking';

const properties: INodeProperties[] = [
	tokenField,
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder: '={{ $json.body.code }}',
		description: 'The code as the person typed it: spaces and dashes are ignored, and so is letter case',
	},
	trackingField,
	statelessNotice,
	dataTableField,
	maxAttemptsOption.property,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			defaultCountryOption.property,
			{
				displayName: 'Recipient',
				name: 'to',
				type: 'string',
				default: '',
				placeholder: '+254701234567',
				description: 'The number the code must have been sent to; any other gives "wrong_recipient"',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['verify'] } }, properties);

/**
 * The expected recipient as digits; undefined when none was given, null when what was
 * given is no phone number (then no token can be for it).
 */
function expectedRecipient(context: IExecuteFunctions, itemIndex: number): string | null | undefined {
	const value = readInputValue(context, itemIndex, { name: 'options.to', label: 'Recipient' });
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	const checked = normalizePhoneNumber(value, defaultCountryOption.read(context, itemIndex));
	return checked.valid ? checked.digits : null;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, session: OtpSession): Promise<IDataObject> {
	const token = readInputValue(this, itemIndex, { name: 'token', label: 'Token' });
	const code = readInputValue(this, itemIndex, { name: 'code', label: 'Code' });
	const expectedTo = expectedRecipient(this, itemIndex);
	const store = await session.store(itemIndex);
	const maxAttempts = store ? maxAttemptsOption.read(this, itemIndex) : MAX_ATTEMPTS.max;
	const keys = await session.keys(itemIndex);

	const verdict = await verifyCode(keys, { token, code, expectedTo, maxAttempts, now: Date.now() }, store);
	if ('storeMissing' in verdict) {
		throw new NodeOperationError(this.getNode(), 'This token was generated with a data table, but Attempt Tracking is "None" here', {
			itemIndex,
			description: 'Choose "Data Table" and the same table as in the Generate node, or the attempt limit and single use would be lost.',
		});
	}
	const { claims } = verdict;
	return {
		valid: verdict.valid,
		reason: verdict.reason,
		to: claims?.to ?? null,
		attempts: verdict.attempts ?? null,
		...(store ? { maxAttempts } : {}),
		expiresAt: claims ? new Date(claims.expiresAt * 1000).toISOString() : null,
		tracking: store ? 'dataTable' : 'none',
		...(store ? {} : { warning: STATELESS_WARNING }),
	};
}
