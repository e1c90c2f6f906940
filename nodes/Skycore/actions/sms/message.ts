/** Skycore SMS as the provider kit takes it: From, Text and Skycore's options, one action per recipient. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { senderField, smsTextField } from '../../../shared/params/fields';
import { readSendOptions, sendOptionsCollection } from '../../../shared/params/options';
import { invalidField, readBoolean, readMessageText, readText } from '../../../shared/params/readers';
import { quote } from '../../../shared/params/values';
import type { ProviderMessage } from '../../../shared/provider/messageOperations';
import { messageOperations } from '../../../shared/provider/messageOperations';
import { alphanumericSenderProblem } from '../../../shared/sms/senderId';
import { countSmsSegments } from '../../../shared/sms/smsSegments';
import { skycoreCall } from '../../transport';

/** Skycore's sender numbers: shortcodes (3+ digits) up to full numbers with country code. */
const SENDER_NUMBER = /^\d{3,15}$/;

const sender = senderField({
	placeholder: '60856',
	description: 'Sending number of your Skycore account: a shortcode, or a toll-free or 10DLC number with country code',
});

const textField = smsTextField({
	description: 'Message to send (sent as message-text). Longer texts are sent as several SMS parts and billed as such.',
});

const optionsCollection = sendOptionsCollection({
	extra: [
		{
			displayName: 'Sender Mask',
			name: 'fromMask',
			type: 'string',
			default: '',
			placeholder: 'MyBrand',
			description:
				'Brand name shown instead of the number where the carrier allows it (not in the USA): at most 11 letters and digits',
		},
		{
			displayName: 'Campaign Reference',
			name: 'campaignRef',
			type: 'string',
			default: '',
			description:
				'Reference of the campaign the recipient is subscribed to; required when "Enforce Campaign Check" is on in the account',
		},
		{
			displayName: 'Click Tracking',
			name: 'clickTracking',
			type: 'boolean',
			default: false,
			description: 'Whether to replace links in the text with tracked short links',
		},
	],
});

/** Reads From, Text and the options; `fields` is the request body without its recipient. */
function readSkycoreMessage(context: IExecuteFunctions, itemIndex: number): ProviderMessage<IDataObject> {
	const options = readSendOptions(context, itemIndex);
	const fromField = { name: 'from', label: 'From' };
	const typedFrom = readText(context, itemIndex, fromField).trim();
	const from = typedFrom.replace(/^\+/, '').replace(/[\s\-().]/g, '');
	if (!SENDER_NUMBER.test(from)) {
		throw invalidField(
			context,
			itemIndex,
			fromField,
			`${quote(typedFrom)} is not a sending number; Skycore sends from a shortcode, toll-free or 10DLC number (3 to 15 digits)`,
			'A brand name goes into the Sender Mask option instead.',
		);
	}
	const text = readMessageText(context, itemIndex, { name: 'text', label: 'Text' });
	const fields: IDataObject = { action: 'sendsms', 'message-text': text, from };

	const maskField = { name: 'options.fromMask', label: 'Sender Mask' };
	const fromMask = readText(context, itemIndex, maskField, { required: false }).trim();
	if (fromMask !== '') {
		// Skycore would silently cut a longer mask; a cut brand name is worse than an error.
		const problem = alphanumericSenderProblem(fromMask);
		if (problem) throw invalidField(context, itemIndex, maskField, problem);
		fields['from-mask'] = fromMask;
	}
	const campaignField = { name: 'options.campaignRef', label: 'Campaign Reference' };
	const campaignRef = readText(context, itemIndex, campaignField, { required: false }).trim();
	if (campaignRef !== '') fields['campaign-ref'] = campaignRef;
	if (readBoolean(context, itemIndex, { name: 'options.clickTracking', label: 'Click Tracking' }, false)) {
		fields['click-tracking'] = true;
	}
	return { fields, options, segments: countSmsSegments(text), key: JSON.stringify(fields) };
}

export const smsOperations = messageOperations<IDataObject>({
	provider: 'skycore',
	channel: 'sms',
	resource: 'sms',
	operations: { send: 'send', sendBulk: 'sendBulk' },
	fieldsBefore: [sender],
	recipient: { placeholder: '+17743199144' },
	recipients: { placeholder: '+17743199144, +17743199145' },
	fieldsAfter: [textField],
	options: optionsCollection,
	readMessage: readSkycoreMessage,
	request: ({ fields, options }, to) => skycoreCall({ body: { ...fields, to }, timeout: options.timeout }),
	messageIdField: 'tracking-id',
});
