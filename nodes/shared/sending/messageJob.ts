import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { requireIdentifier } from '../execution/sendResult';
import type { ProviderCall } from '../http/request';
import type { SmsSegmentInfo } from '../sms/smsSegments';
import type { SendJob } from './dispatch';

/**
 * The send of one message to one recipient (`to`: international digits), as every per-number
 * provider makes it: ordered by the recipient, accepted only with the message ID the provider
 * documents.
 */
export function messageJob<R>(
	context: IExecuteFunctions,
	spec: {
		itemIndex: number;
		to: string;
		call: Omit<ProviderCall, 'credentials' | 'itemIndex'>;
		/** The answer's field holding the message ID, e.g. "messageId". */
		idField: string;
		segments?: SmsSegmentInfo;
		toResult: (messageId: string, body: IDataObject) => R;
	},
): SendJob<R> {
	return {
		itemIndex: spec.itemIndex,
		orderKey: spec.to,
		recipients: [spec.to],
		call: spec.call,
		...(spec.segments ? { segments: spec.segments } : {}),
		accept: (body, answer) =>
			spec.toResult(requireIdentifier(context, spec.call.profile.name, answer, body, spec.idField, spec.itemIndex), body),
	};
}
