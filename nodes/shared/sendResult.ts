import type { IDataObject } from 'n8n-workflow';
import type { SmsSegmentInfo } from './smsSegments';

/** The part of every send result that is the same for all providers of this package. */
export interface AcceptedMessage {
	provider: string;
	channel: 'sms' | 'whatsapp';
	messageId: string;
	/** Recipient in international digits, as sent. */
	to: string;
	status: 'accepted';
}

/**
 * The output item of a send: the provider's own answer, then the normalized fields, which
 * win on a name clash so downstream nodes can rely on them whatever the provider.
 */
export function acceptedResult(
	providerResponse: IDataObject,
	accepted: Omit<AcceptedMessage, 'status'>,
	segments?: SmsSegmentInfo,
): IDataObject {
	return {
		...providerResponse,
		...accepted,
		status: 'accepted',
		...(segments ? { encoding: segments.encoding, segments: segments.segments } : {}),
	};
}
