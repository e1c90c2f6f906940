import type { CountryCode, NumberType as AnyNumberType, PhoneNumber } from '../vendor/libphonenumber';
import { parsePhoneNumberFromString } from '../vendor/libphonenumber';
import { describeValue, quote } from '../params/values';
import { isCountryCode } from './countries';

export type NumberType = Exclude<AnyNumberType, undefined>;

/** The refusal reason of an empty number: readers turn it into their own "is empty" error. */
export const EMPTY_NUMBER = 'is empty';

/** A recipient number that passed validation, in the forms the providers ask for. */
export interface NormalizedPhoneNumber {
	/** E.164 with the plus sign, e.g. `+254701234567`. */
	e164: string;
	/** International digits without `+` or `00`, e.g. `254701234567` (Betatel, Skycore). */
	digits: string;
	/** The number as dialled inside its own country, digits only, e.g. `0701234567` (computed when read). */
	readonly national: string;
	/** ISO 3166 country the number belongs to, when the numbering plan tells. */
	country?: CountryCode;
	type?: NumberType;
}

/** Why a phone number was refused, written for the person who typed it. */
export interface RefusedPhoneNumber {
	reason: string;
}

export type PhoneNumberCheck = ({ valid: true } & NormalizedPhoneNumber) | ({ valid: false } & RefusedPhoneNumber);

// Punctuation people type in phone numbers; anything else (letters included) is refused,
// because a vanity number such as 1-800-FLOWERS is never what an OTP flow means to text.
const ALLOWED_CHARACTERS = /^\+?[\d\s().\-/]+$/;

// Types that can never receive a text message.
const TYPES_WITHOUT_SMS: ReadonlySet<NumberType> = new Set<NumberType>([
	'FIXED_LINE',
	'TOLL_FREE',
	'PREMIUM_RATE',
	'SHARED_COST',
	'UAN',
	'VOICEMAIL',
	'PAGER',
]);

const TYPE_LABELS: Partial<Record<NumberType, string>> = {
	FIXED_LINE: 'a landline number',
	TOLL_FREE: 'a toll-free number',
	PREMIUM_RATE: 'a premium-rate number',
	SHARED_COST: 'a shared-cost number',
	UAN: 'a company switchboard number',
	VOICEMAIL: 'a voicemail access number',
	PAGER: 'a pager number',
};

/**
 * Parses and validates a mobile number typed in any common way: `+254 701 234 567`,
 * `00254701234567`, `254701234567`, or national `0701234567` with a default country.
 * Never throws: a refused number comes back with the reason.
 */
export function normalizePhoneNumber(input: unknown, defaultCountry = ''): PhoneNumberCheck {
	const read = parseTypedNumber(input, defaultCountry);
	if ('reason' in read) return refuse(read.reason);
	const { parsed, typed } = read;
	// With "max" metadata, isValid() is the same numbering-plan match as getType(): a number
	// with a type is valid, and only one without needs the second look.
	const type = parsed.getType();
	if (type === undefined && !parsed.isValid()) {
		return refuse(
			`${quote(typed)} is not a valid phone number for ${parsed.country ?? `country code +${parsed.countryCallingCode}`}`,
		);
	}
	if (type !== undefined && TYPES_WITHOUT_SMS.has(type)) {
		return refuse(`${quote(typed)} is ${TYPE_LABELS[type]} and cannot receive SMS or WhatsApp`);
	}

	return {
		valid: true,
		e164: parsed.number,
		digits: parsed.number.slice(1),
		// Formatting costs half as much again as parsing (more with the code still cold), and
		// only the SMS Gateway's national form reads it.
		get national() {
			return parsed.formatNational().replace(/\D/g, '');
		},
		country: parsed.country,
		type,
	};
}

/** A number as typed, parsed against the numbering plan but not yet judged valid. */
export interface TypedNumber {
	parsed: PhoneNumber;
	/** The input, trimmed, for messages. */
	typed: string;
}

/**
 * The steps every reader of a typed number shares: refuses what is empty, not text, has
 * characters no phone number has, or does not parse with the default country; parses the rest.
 */
export function parseTypedNumber(input: unknown, defaultCountry = ''): TypedNumber | RefusedPhoneNumber {
	const raw = typeof input === 'number' && Number.isSafeInteger(input) ? String(input) : input;
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		return { reason: EMPTY_NUMBER };
	}
	if (typeof raw !== 'string') {
		return { reason: `must be a phone number as text, got ${describeValue(raw)}` };
	}
	const typed = raw.trim();
	if (!ALLOWED_CHARACTERS.test(typed)) {
		return {
			reason: `${quote(typed)} contains characters that are not part of a phone number (only digits, spaces, + ( ) - . / are allowed)`,
		};
	}

	const country = defaultCountry.trim().toUpperCase();
	if (country !== '' && !isCountryCode(country)) {
		return { reason: `has an unknown default country ${quote(defaultCountry)}` };
	}

	const compact = typed.replace(/[\s().\-/]/g, '');
	const candidate = toParseableForm(compact, country !== '');
	const parsed = parsePhoneNumberFromString(
		candidate,
		country !== '' ? (country as CountryCode) : undefined,
	);

	if (!parsed) {
		return {
			reason:
				country === ''
					? `${quote(typed)} is not an international phone number; add the country code (for example +254...) or set a default country`
					: `${quote(typed)} is not a phone number`,
		};
	}
	return { parsed, typed };
}

/**
 * Turns the compact digits into what libphonenumber parses as intended:
 * `00` (the international prefix in most of the world) becomes `+`, and, with no default
 * country, bare digits are read as international (the form Betatel and Skycore show).
 */
function toParseableForm(compact: string, hasDefaultCountry: boolean): string {
	if (compact.startsWith('+')) return compact;
	if (compact.startsWith('00')) return `+${compact.slice(2)}`;
	if (!hasDefaultCountry) return `+${compact}`;
	return compact;
}

function refuse(reason: string): PhoneNumberCheck {
	return { valid: false, reason };
}
