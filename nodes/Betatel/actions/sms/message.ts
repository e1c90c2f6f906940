/** Betatel SMS as the provider kit takes it: From and Text, one JSON request per recipient. */
import { senderField, smsTextField } from '../../../shared/params/fields';
import { messageOperations, readSenderAndText } from '../../../shared/provider/messageOperations';
import { betatelCall, SMS_PATH } from '../../transport';

export const smsOperations = messageOperations<{ from: string; text: string }>({
	provider: 'betatel',
	channel: 'sms',
	resource: 'sms',
	operations: { send: 'send', sendBulk: 'sendBulk' },
	fieldsBefore: [
		senderField({
			placeholder: 'MyBrand',
			description:
				'Sender shown to the recipient: a name of up to 11 letters and digits, or a phone number registered with Betatel',
		}),
	],
	fieldsAfter: [smsTextField()],
	readMessage: readSenderAndText,
	request: ({ fields, options }, to) =>
		betatelCall({ credentialType: 'betatelSmsApi', path: SMS_PATH, body: { from: fields.from, to, text: fields.text }, timeout: options.timeout }),
	messageIdField: 'messageId',
});
