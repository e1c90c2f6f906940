import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { requireIdentifier } from '../execution/sendResult';
import type { CallSpec } from '../http/request';
import type { SendJob } from './dispatch';

/**
 * The send of one message to one recipient, as every per-number provider makes it: ordered
 * by the recipient, accepted only with the message ID the provider documents.
 */
export function messageJob<R>(
	context: IExecuteFunctions,
	spec: {
		itemIndex: number;
		to: string;
		call: CallSpec;
		/** The answer's field holding the message ID, e.g. "messageId". */
		idField: string;
		toResult: (messageId: string, body: IDataObject) => R;
	},
): SendJob<R> {
	return {
		itemIndex: spec.itemIndex,
		recipients: [spec.to],
		call: spec.call,
		accept: (body, answer) =>
			spec.toResult(requireIdentifier(context, spec.call.profile.name, answer, body, spec.idField, spec.itemIndex), body),
	};
}
