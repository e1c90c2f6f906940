/** How a text travels as SMS, by the GSM 03.38 rules in the providers' README. */
export interface SmsSegmentInfo {
	encoding: 'GSM-7' | 'UCS-2';
	/** Number of SMS parts the text is billed as (0 for an empty text). */
	segments: number;
	/** Length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2. */
	units: number;
}

// GSM 03.38 default alphabet (one septet each), without ESC.
const GSM7_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
		'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Extension table: ESC plus the character, so two septets each.
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

const LIMITS = {
	'GSM-7': { single: 160, perPart: 153 },
	'UCS-2': { single: 70, perPart: 67 },
} as const;

/**
 * Counts the SMS parts of a text. A two-unit character (a GSM-7 extension character or a
 * UCS-2 surrogate pair) is never split across parts, as handsets and carriers do, so a
 * concatenated message can hold one unit less than the nominal 153 / 67.
 */
export function countSmsSegments(text: string): SmsSegmentInfo {
	const characters = Array.from(text);
	const isGsm7 = characters.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c));
	const encoding = isGsm7 ? 'GSM-7' : 'UCS-2';
	const widths = characters.map((c) =>
		isGsm7 ? (GSM7_EXTENSION.has(c) ? 2 : 1) : c.length,
	);
	const units = widths.reduce((sum, width) => sum + width, 0);
	const { single, perPart } = LIMITS[encoding];

	if (units === 0) return { encoding, segments: 0, units };
	if (units <= single) return { encoding, segments: 1, units };

	let segments = 1;
	let used = 0;
	for (const width of widths) {
		if (used + width > perPart) {
			segments += 1;
			used = 0;
		}
		used += width;
	}
	return { encoding, segments, units };
}
