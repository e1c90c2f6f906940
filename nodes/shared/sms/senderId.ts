import { quote } from '../params/values';

/** Longest alphanumeric sender GSM carries (and Skycore's documented mask limit). */
export const MAX_ALPHANUMERIC_SENDER = 11;
/** Longest numeric sender: an E.164 number has at most 15 digits. */
export const MAX_NUMERIC_SENDER = 15;

/**
 * GSM allows an alphanumeric sender of at most 11 characters, or a numeric sender (a phone
 * number, short code or long code) of at most 15 digits. Carriers cut or refuse anything
 * longer, so it is refused here with a reason instead.
 */
export function senderIdProblem(sender: string): string | undefined {
	const value = sender.trim();
	if (/^\+?\d+$/.test(value)) {
		const digits = value.replace('+', '');
		return digits.length <= MAX_NUMERIC_SENDER
			? undefined
			: `${quote(value)} has ${digits.length} digits; a numeric sender has at most ${MAX_NUMERIC_SENDER}`;
	}
	return alphanumericSenderProblem(value);
}

/** The rules for a sender name (Betatel's alphanumeric sender, Skycore's sender mask). */
export function alphanumericSenderProblem(sender: string): string | undefined {
	const value = sender.trim();
	const length = Array.from(value).length;
	if (length > MAX_ALPHANUMERIC_SENDER) {
		return `${quote(value)} has ${length} characters; a sender name has at most ${MAX_ALPHANUMERIC_SENDER}`;
	}
	if (!/^[A-Za-z0-9 .\-_&]+$/.test(value)) {
		return `${quote(value)} may only contain Latin letters, digits, spaces and . - _ &`;
	}
	return undefined;
}
