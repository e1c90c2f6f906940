import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { ProviderAnswer } from '../http/answers';
import { missingFieldError } from '../http/errors';
import type { SmsSegmentInfo } from '../sms/smsSegments';

/** The part of every send result that is the same for all providers of this package. */
export interface AcceptedMessage {
	provider: string;
	channel: 'sms' | 'whatsapp';
	messageId: string;
	/** Recipient as sent to the provider. */
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

/** The identifier a success answer must carry (a message ID); its absence is an error, not a guess. */
export function requireIdentifier(
	context: IExecuteFunctions,
	provider: string,
	answer: ProviderAnswer,
	body: IDataObject,
	field: string,
	itemIndex: number,
): string {
	const id = body[field];
	if (typeof id === 'string' && id !== '') return id;
	if (typeof id === 'number') return String(id);
	throw missingFieldError(context, provider, answer, field, itemIndex);
}
