/** Betatel WhatsApp OTP as the provider kit takes it: a Text, one JSON request per recipient. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { smsTextField } from '../../../shared/params/fields';
import { readSendOptions } from '../../../shared/params/options';
import { invalidField, readMessageText } from '../../../shared/params/readers';
import { messageOperations } from '../../../shared/provider/messageOperations';
import { betatelCall, WHATSAPP_OTP_PATH } from '../../transport';

/** Betatel's documented limit for the WhatsApp OTP text. */
const MAX_WHATSAPP_TEXT_LENGTH = 4096;

function readText(context: IExecuteFunctions, itemIndex: number): string {
	const text = readMessageText(context, itemIndex, { name: 'text', label: 'Text' });
	// Characters as people count them: an emoji is one, not two UTF-16 units.
	const length = Array.from(text).length;
	if (length > MAX_WHATSAPP_TEXT_LENGTH) {
		const problem = `has ${length} characters; Betatel accepts at most ${MAX_WHATSAPP_TEXT_LENGTH}`;
		throw invalidField(context, itemIndex, { name: 'text', label: 'Text' }, problem);
	}
	return text;
}

export const whatsAppOperations = messageOperations<{ text: string }>({
	provider: 'betatel',
	channel: 'whatsapp',
	resource: 'whatsapp',
	operations: { send: 'sendOtp', sendBulk: 'sendOtpBulk' },
	recipient: {
		placeholder: '+38761444555',
		description: 'WhatsApp number of the recipient, in international format or national with a Default Country',
	},
	recipients: { placeholder: '+38761444555, +38761444556' },
	fieldsAfter: [
		smsTextField({
			placeholder: 'Your code is 482910',
			description: `Message with the one-time password, at most ${MAX_WHATSAPP_TEXT_LENGTH} characters`,
		}),
	],
	readMessage(context, itemIndex) {
		const text = readText(context, itemIndex);
		return { fields: { text }, options: readSendOptions(context, itemIndex), key: text };
	},
	request: ({ fields, options }, to) =>
		betatelCall({ credentialType: 'betatelWhatsAppApi', path: WHATSAPP_OTP_PATH, body: { to, text: fields.text }, timeout: options.timeout }),
	messageIdField: 'uuid',
});
