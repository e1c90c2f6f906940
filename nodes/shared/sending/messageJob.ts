import type { IDataObject } from 'n8n-workflow';
import type { CallSpec } from '../http/request';
import type { SmsSegmentInfo } from '../sms/smsSegments';
import type { SendJob } from './dispatch';
import type { AcceptedId } from './messageIds';
import { acceptedId, matchMessageIds } from './messageIds';

/**
 * The send of one message to one recipient, as every per-number provider makes it: ordered
 * by the recipient, and accepted with the message ID the provider documents, or without one
 * (null, with a note) when its answer gives none.
 */
export function messageJob<R>(spec: {
	itemIndex: number;
	/** International digits. */
	to: string;
	/** The item's Default Country, for a number the answer writes nationally. */
	country: string;
	call: CallSpec;
	/** The answer's documented field holding the message ID, e.g. "messageId". */
	idField: string;
	/** The SMS's encoding and parts, for a dry run's output. */
	segments?: SmsSegmentInfo;
	toResult: (id: AcceptedId, body: IDataObject) => R;
}): SendJob<R> {
	const provider = spec.call.profile.name;
	return {
		itemIndex: spec.itemIndex,
		recipients: [spec.to],
		call: spec.call,
		...(spec.segments ? { segments: spec.segments } : {}),
		accept: (body) => {
			const [matched] = matchMessageIds(body, [spec.to], { documentedField: spec.idField, country: spec.country });
			return spec.toResult(acceptedId(provider, matched.messageId), body);
		},
	};
}
