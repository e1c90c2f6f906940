/** Betatel SMS as the provider kit takes it: From and Text, one JSON request per recipient. */
import type { INodeProperties } from 'n8n-workflow';
import { smsTextField } from '../../../shared/params/fields';
import { readSendOptions } from '../../../shared/params/options';
import { readMessageText, readSenderId } from '../../../shared/params/readers';
import { messageOperations } from '../../../shared/provider/messageOperations';
import { countSmsSegments } from '../../../shared/sms/smsSegments';
import { betatelCall, SMS_PATH } from '../../transport';

const senderField: INodeProperties = {
	displayName: 'From',
	name: 'from',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'MyBrand',
	description:
		'Sender shown to the recipient: a name of up to 11 letters and digits, or a phone number registered with Betatel',
};

export const smsOperations = messageOperations<{ from: string; text: string }>({
	provider: 'betatel',
	channel: 'sms',
	resource: 'sms',
	operations: { send: 'send', sendBulk: 'sendBulk' },
	fieldsBefore: [senderField],
	fieldsAfter: [smsTextField()],
	readMessage(context, itemIndex) {
		const options = readSendOptions(context, itemIndex);
		const from = readSenderId(context, itemIndex, { name: 'from', label: 'From' });
		const text = readMessageText(context, itemIndex, { name: 'text', label: 'Text' });
		return { fields: { from, text }, options, segments: countSmsSegments(text), key: JSON.stringify([from, text]) };
	},
	request: ({ fields, options }, to) =>
		betatelCall({ credentialType: 'betatelSmsApi', path: SMS_PATH, body: { from: fields.from, to, text: fields.text }, timeout: options.timeout }),
	messageIdField: 'messageId',
});
