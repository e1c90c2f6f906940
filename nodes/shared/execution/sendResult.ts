import type { IDataObject } from 'n8n-workflow';
import type { AcceptedId } from '../sending/messageIds';
import type { SmsSegmentInfo } from '../sms/smsSegments';

/** The part of every send result that is the same for all providers of this package. */
export interface AcceptedMessage extends AcceptedId {
	provider: string;
	channel: 'sms' | 'whatsapp';
	/** Recipient as sent to the provider. */
	to: string;
}

/**
 * The output item of a send: the provider's own answer, then the normalized fields, which
 * win on a name clash so downstream nodes can rely on them whatever the provider.
 */
export function acceptedResult(providerResponse: IDataObject, accepted: AcceptedMessage, segments?: SmsSegmentInfo): IDataObject {
	const { note, ...fields } = accepted;
	return {
		...providerResponse,
		...fields,
		status: 'accepted',
		...(segments ? { encoding: segments.encoding, segments: segments.segments } : {}),
		...(note ? { note } : {}),
	};
}
