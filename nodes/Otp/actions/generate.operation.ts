import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { recipientField } from '../../shared/params/fields';
import { defaultCountryOption, integerOption } from '../../shared/params/options';
import { readBoolean, readChoice, readPhoneNumber } from '../../shared/params/readers';
import type { AlphabetName } from '../crypto/code';
import { CODE_LENGTH } from '../crypto/code';
import { sealCode } from '../crypto/seal';
import { EXPIRES_IN } from '../crypto/token';
import type { OtpKeys } from '../crypto/secret';
import { issueGuarded } from '../guard/admit';
import { fraudGuardFields, readFraudGuard, readGuardSettings, readRequesterKey } from '../guard/fields';
import type { IssuedOtp } from '../logic/issue';
import { issueOtp } from '../logic/issue';
import { readGuardedNumber, refusedOutput, withGuardWarning } from './guardOutput';
import type { OtpSession } from './session';
import { dataTableField, readTracking, statelessNotice, STATELESS_WARNING, trackingField } from './tracking';

const ALPHABET_CHOICES: readonly AlphabetName[] = ['digits', 'alphanumeric'];

export const MIN_INTERVAL = { min: 0, max: 86_400, default: 60 } as const;

const lengthOption = integerOption(
	{
		displayName: 'Code Length',
		name: 'length',
		type: 'number',
		typeOptions: { minValue: CODE_LENGTH.min, maxValue: CODE_LENGTH.max, numberPrecision: 0 },
		default: 6,
		description: `How many characters the code has (${CODE_LENGTH.min} to ${CODE_LENGTH.max})`,
	},
	{ inCollection: false, unit: 'characters' },
);

const expiresInOption = integerOption(
	{
		displayName: 'Expires In',
		name: 'expiresIn',
		type: 'number',
		typeOptions: { minValue: EXPIRES_IN.min, maxValue: EXPIRES_IN.max, numberPrecision: 0 },
		default: 600,
		description: `Seconds until the code expires (${EXPIRES_IN.min} to ${EXPIRES_IN.max}; 600 = 10 minutes)`,
	},
	{ inCollection: false, unit: 'seconds' },
);

const minIntervalOption = integerOption(
	{
		displayName: 'Min Interval per Recipient',
		name: 'minInterval',
		type: 'number',
		typeOptions: { minValue: MIN_INTERVAL.min, maxValue: MIN_INTERVAL.max, numberPrecision: 0 },
		default: 60,
		description:
			'Seconds that must pass before another code is generated for the same number, so a form cannot be used to flood it (0 = no limit)',
		displayOptions: { show: { tracking: ['dataTable'] } },
	},
	{ inCollection: false, unit: 'seconds' },
);

const properties: INodeProperties[] = [
	recipientField({ description: 'Number the code is for, in international format or national with a Default Country' }),
	lengthOption.property,
	{
		displayName: 'Alphabet',
		name: 'alphabet',
		type: 'options',
		options: [
			{ name: 'Digits', value: 'digits', description: '0-9' },
			{
				name: 'Letters and Digits',
				value: 'alphanumeric',
				description: 'Upper-case letters and digits without look-alikes (no 0, O, 1, I, L); typed case does not matter',
			},
		],
		default: 'digits',
	},
	expiresInOption.property,
	trackingField,
	statelessNotice,
	dataTableField,
	minIntervalOption.property,
	...fraudGuardFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Add Sealed Code',
				name: 'sealCode',
				type: 'boolean',
				default: false,
				description:
					'Whether to also output "sealedCode": the code encrypted with the secret, which Recover Code opens again to resend it (for example by SMS when WhatsApp fails), so that it can be kept without being readable',
			},
			defaultCountryOption.property,
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['generate'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, session: OtpSession): Promise<IDataObject> {
	const guarded = readFraudGuard(this, itemIndex);
	const defaultCountry = defaultCountryOption.read(this, itemIndex);
	// With the guard, a premium-rate or unknown number is the guard's to refuse, not an error.
	const number = guarded ? readGuardedNumber(this, itemIndex, defaultCountry) : undefined;
	const to = number ?? readPhoneNumber(this, itemIndex, { name: 'to', label: 'To' }, defaultCountry);
	const length = lengthOption.read(this, itemIndex);
	const alphabet = readChoice(this, itemIndex, { name: 'alphabet', label: 'Alphabet' }, ALPHABET_CHOICES, 'digits');
	const expiresIn = expiresInOption.read(this, itemIndex);
	const tracked = readTracking(this, itemIndex) === 'dataTable';
	const minInterval = tracked ? minIntervalOption.read(this, itemIndex) : 0;
	const sealed = readBoolean(this, itemIndex, { name: 'options.sealCode', label: 'Add Sealed Code' }, false);
	const keys = await session.keys(itemIndex);
	const request = { length, alphabet, expiresIn, now: Date.now() };
	const output = (issued: IssuedOtp) => issuedOutput(keys, to.digits, issued, { expiresIn, sealed, tracked });

	if (number) {
		const settings = readGuardSettings(this, itemIndex, minInterval);
		const requester = readRequesterKey(this, itemIndex);
		// The table is looked up only for a number that passed Countries and Number Types.
		const openLedger = async () => await session.ledger(itemIndex);
		const outcome = await issueGuarded(keys, { ...request, number, requester }, settings, openLedger, tracked);
		if ('issued' in outcome) return withGuardWarning(output(outcome.issued), tracked);
		return refusedOutput(number, outcome.prefix, outcome.refusal, tracked);
	}

	const store = await session.store(itemIndex);
	const issued = await issueOtp(keys, { ...request, to: to.digits, minInterval }, store);
	if ('retryAfterSeconds' in issued) {
		throw new NodeOperationError(
			this.getNode(),
			`A code was already generated for ${to.e164} less than ${minInterval} seconds ago; try again in ${issued.retryAfterSeconds} s`,
			{ itemIndex, description: 'Min Interval per Recipient stops a form from being used to flood a number.' },
		);
	}
	return output(issued);
}

function issuedOutput(
	keys: OtpKeys,
	to: string,
	issued: IssuedOtp,
	{ expiresIn, sealed, tracked }: { expiresIn: number; sealed: boolean; tracked: boolean },
): IDataObject {
	return {
		to,
		code: issued.code,
		token: issued.token,
		expiresAt: new Date(issued.claims.expiresAt * 1000).toISOString(),
		expiresIn,
		...(sealed ? { sealedCode: sealCode(keys, issued.claims.tokenId, issued.code) } : {}),
		tracking: tracked ? 'dataTable' : 'none',
		...(tracked ? {} : { warning: STATELESS_WARNING }),
	};
}
