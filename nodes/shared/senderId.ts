/**
 * GSM allows an alphanumeric sender of at most 11 characters, or a numeric sender (a phone
 * number, short code or long code) of at most 15 digits. Carriers cut or refuse anything
 * longer, so it is refused here with a reason instead.
 */
export function senderIdProblem(sender: string): string | undefined {
	const value = sender.trim();
	if (/^\+?\d+$/.test(value)) {
		const digits = value.replace('+', '');
		return digits.length <= 15 ? undefined : `"${value}" has ${digits.length} digits; a numeric sender has at most 15`;
	}
	if (!/^[A-Za-z0-9 .\-_&]+$/.test(value)) {
		return `"${value}" may only contain Latin letters, digits, spaces and . - _ &`;
	}
	return value.length <= 11
		? undefined
		: `"${value}" has ${value.length} characters; an alphanumeric sender has at most 11`;
}
