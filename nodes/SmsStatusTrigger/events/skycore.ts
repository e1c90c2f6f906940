/**
 * Skycore's delivery postbacks: `code` N201 (handed to the carrier), N202 (delivered), E201
 * (submission failed), E202 (the carrier reports failure, expiry or no support). The v2 API
 * posts JSON (`tracking-id`, `status` Sent/Delivered/Failed/Rejected); the older v1 API posts
 * XML (`<TRACKINGID>`, `<STATUS>Message Sent/Expired</STATUS>`).
 */
import type { NormalizedStatus, ProviderEvents } from './statusEvent';
import type { EventFields } from './fields';
import { firstText, MESSAGE_ID_FIELDS } from './fields';

const CODES: Readonly<Record<string, NormalizedStatus>> = {
	N201: 'sent',
	N202: 'delivered',
	E201: 'failed',
	E202: 'failed',
};

const EXPIRED = /expir/i;

/** The status texts that may tell an expiry from a failure: v2 `status-details`, v1 `STATUS`. */
function statusTexts(fields: EventFields): string[] {
	return [firstText(fields, ['statusdetails']), firstText(fields, ['status'])].filter(
		(text): text is string => text !== null,
	);
}

/** For a postback without a code: its status text, v2 ("Delivered") or v1 ("Message Sent/Delivered"). */
function statusFromText(text: string): NormalizedStatus {
	if (EXPIRED.test(text)) return 'expired';
	if (/fail|reject/i.test(text)) return 'failed';
	if (/deliver/i.test(text)) return 'delivered';
	if (/sent/i.test(text)) return 'sent';
	return 'unknown';
}

export const skycoreEvents: ProviderEvents = {
	provider: 'skycore',
	identifyingFields: [...MESSAGE_ID_FIELDS, 'code', 'status'],
	read(fields) {
		const code = firstText(fields, ['code'])?.toUpperCase() ?? null;
		const texts = statusTexts(fields);
		let status: NormalizedStatus;
		if (code !== null) {
			status = CODES[code] ?? 'unknown';
			if (code === 'E202' && texts.some((text) => EXPIRED.test(text))) status = 'expired';
		} else {
			status = texts.length > 0 ? statusFromText(texts.join(' ')) : 'unknown';
		}
		const failed = code?.startsWith('E') ?? false;
		return {
			channel: firstText(fields, ['sentas'])?.toLowerCase() ?? 'sms',
			messageId: firstText(fields, MESSAGE_ID_FIELDS),
			status,
			providerStatus: code ?? firstText(fields, ['status']),
			to: firstText(fields, ['to']),
			from: firstText(fields, ['from']),
			timestamp: firstText(fields, ['timestamp']),
			errorCode: failed ? code : firstText(fields, ['errorcode']),
			errorInfo: failed ? (texts[0] ?? null) : firstText(fields, ['errorinfo']),
		};
	},
};
