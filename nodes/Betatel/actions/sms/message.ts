/** What Send and Bulk Send share: the message fields and the one request per recipient. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { AcceptedId } from '../../../shared/sending/messageIds';
import type { SendOptions } from '../../../shared/params/options';
import { readSendOptions } from '../../../shared/params/options';
import { readMessageText, readSenderId } from '../../../shared/params/readers';
import type { SendJob } from '../../../shared/sending/dispatch';
import { messageJob } from '../../../shared/sending/messageJob';
import type { SmsSegmentInfo } from '../../../shared/sms/smsSegments';
import { countSmsSegments } from '../../../shared/sms/smsSegments';
import { betatelCall, SMS_PATH } from '../../transport';

export interface BetatelSms {
	from: string;
	text: string;
	segments: SmsSegmentInfo;
	options: SendOptions;
}

export function readSmsMessage(context: IExecuteFunctions, itemIndex: number): BetatelSms {
	const options = readSendOptions(context, itemIndex);
	const from = readSenderId(context, itemIndex, { name: 'from', label: 'From' });
	const text = readMessageText(context, itemIndex, { name: 'text', label: 'Text' });
	return { from, text, segments: countSmsSegments(text), options };
}

/** The request for one recipient; `toResult` turns the message ID and the answer into the output. */
export function smsJob<R>(sms: BetatelSms, to: string, itemIndex: number, toResult: (id: AcceptedId, body: IDataObject) => R): SendJob<R> {
	return messageJob({
		itemIndex,
		to,
		country: sms.options.defaultCountry,
		call: betatelCall({
			credentialType: 'betatelSmsApi',
			path: SMS_PATH,
			body: { from: sms.from, to, text: sms.text },
			timeout: sms.options.timeout,
		}),
		idField: 'messageId',
		segments: sms.segments,
		toResult,
	});
}
