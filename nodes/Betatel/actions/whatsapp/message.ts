/** What Send OTP and Bulk Send OTP share: the message fields and the one request per recipient. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { AcceptedId } from '../../../shared/sending/messageIds';
import type { SendOptions } from '../../../shared/params/options';
import { readSendOptions } from '../../../shared/params/options';
import { invalidField, readMessageText } from '../../../shared/params/readers';
import type { SendJob } from '../../../shared/sending/dispatch';
import { messageJob } from '../../../shared/sending/messageJob';
import { betatelCall, WHATSAPP_OTP_PATH } from '../../transport';

/** Betatel's documented limit for the WhatsApp OTP text. */
export const MAX_WHATSAPP_TEXT_LENGTH = 4096;

export interface WhatsAppOtp {
	text: string;
	options: SendOptions;
}

export function readWhatsAppMessage(context: IExecuteFunctions, itemIndex: number): WhatsAppOtp {
	const options = readSendOptions(context, itemIndex);
	const text = readMessageText(context, itemIndex, { name: 'text', label: 'Text' });
	// Characters as people count them: an emoji is one, not two UTF-16 units.
	const length = Array.from(text).length;
	if (length > MAX_WHATSAPP_TEXT_LENGTH) {
		throw invalidField(
			context,
			itemIndex,
			{ name: 'text', label: 'Text' },
			`has ${length} characters; Betatel accepts at most ${MAX_WHATSAPP_TEXT_LENGTH}`,
		);
	}
	return { text, options };
}

export function whatsAppJob<R>(otp: WhatsAppOtp, to: string, itemIndex: number, toResult: (id: AcceptedId, body: IDataObject) => R): SendJob<R> {
	return messageJob({
		itemIndex,
		to,
		country: otp.options.defaultCountry,
		call: betatelCall({
			credentialType: 'betatelWhatsAppApi',
			path: WHATSAPP_OTP_PATH,
			body: { to, text: otp.text },
			timeout: otp.options.timeout,
		}),
		idField: 'uuid',
		toResult,
	});
}
