/**
 * What the bundled phone metadata ("max": numbering plans with number types) tells about a
 * number before anything is sent to it: its country, its type, and the range it belongs to.
 * Unlike normalizePhoneNumber, this refuses only numbers that cannot be read at all; a
 * premium-rate or unknown number is described, so that a rule can decide what to do with it.
 */
import type { CountryCode } from '../vendor/libphonenumber';
import type { NumberType, RefusedPhoneNumber } from './phoneNumber';
import { parseTypedNumber } from './phoneNumber';
import { quote } from '../params/values';

/** libphonenumber's number types in camelCase, plus `unknown`: in no range the metadata knows. */
export const NUMBER_CATEGORIES = [
	'mobile',
	'fixedLineOrMobile',
	'fixedLine',
	'tollFree',
	'premiumRate',
	'sharedCost',
	'voip',
	'personalNumber',
	'pager',
	'uan',
	'voicemail',
	'unknown',
] as const;
export type NumberCategory = (typeof NUMBER_CATEGORIES)[number];

const CATEGORY_OF_TYPE: Record<NumberType, NumberCategory> = {
	MOBILE: 'mobile',
	FIXED_LINE_OR_MOBILE: 'fixedLineOrMobile',
	FIXED_LINE: 'fixedLine',
	TOLL_FREE: 'tollFree',
	PREMIUM_RATE: 'premiumRate',
	SHARED_COST: 'sharedCost',
	VOIP: 'voip',
	PERSONAL_NUMBER: 'personalNumber',
	PAGER: 'pager',
	UAN: 'uan',
	VOICEMAIL: 'voicemail',
};

export interface DescribedNumber {
	/** E.164 with the plus sign. */
	e164: string;
	/** International digits without `+`. */
	digits: string;
	/** Country calling code, e.g. `44`. */
	callingCode: string;
	/** The national significant number (no trunk prefix), e.g. `7911123456`. */
	nationalNumber: string;
	/** The ISO country, when the numbering plan tells (not for unknown numbers of a shared code such as +44). */
	country?: CountryCode;
	type: NumberCategory;
}

export type DescribedNumberCheck = ({ valid: true } & DescribedNumber) | ({ valid: false } & RefusedPhoneNumber);

/**
 * Reads a number typed in any of the forms normalizePhoneNumber takes. A number whose length
 * is impossible for its country code is refused; one of a possible length that matches no
 * known range is described as type `unknown`.
 */
export function describePhoneNumber(input: unknown, defaultCountry = ''): DescribedNumberCheck {
	const read = parseTypedNumber(input, defaultCountry);
	if ('reason' in read) return { valid: false, reason: read.reason };
	const { parsed, typed } = read;
	if (!parsed.isPossible()) {
		return {
			valid: false,
			reason: `${quote(typed)} has too few or too many digits for a number with country code +${parsed.countryCallingCode}`,
		};
	}
	const type = parsed.getType();
	return {
		valid: true,
		e164: parsed.number,
		digits: parsed.number.slice(1),
		callingCode: parsed.countryCallingCode,
		nationalNumber: parsed.nationalNumber,
		country: parsed.country,
		type: type === undefined ? 'unknown' : CATEGORY_OF_TYPE[type],
	};
}

/**
 * The range a number belongs to: its country code and the first `nationalDigits` digits of
 * its national number, e.g. `+44 79111` for +447911123456 and 5 digits.
 */
export function numberPrefix(number: Pick<DescribedNumber, 'callingCode' | 'nationalNumber'>, nationalDigits: number): string {
	return `+${number.callingCode} ${number.nationalNumber.slice(0, nationalDigits)}`;
}
