import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { acceptedResult, requireIdentifier } from '../../../shared/execution/sendResult';
import { recipientField, smsTextField } from '../../../shared/params/fields';
import { readSendOptions, sendOptionsCollection } from '../../../shared/params/options';
import { invalidField, readBoolean, readPhoneNumber, readText } from '../../../shared/params/readers';
import { quote } from '../../../shared/params/values';
import { alphanumericSenderProblem } from '../../../shared/sms/senderId';
import { countSmsSegments } from '../../../shared/sms/smsSegments';
import { skycoreProfile, skycoreRequest } from '../../transport';

/** Skycore's sender numbers: shortcodes (3+ digits) up to full numbers with country code. */
const SENDER_NUMBER = /^\d{3,15}$/;

const properties: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		required: true,
		default: '',
		placeholder: '60856',
		description:
			'Sending number of your Skycore account: a shortcode, or a toll-free or 10DLC number with country code',
	},
	recipientField({ placeholder: '+17743199144' }),
	smsTextField({
		description:
			'Message to send (sent as message-text). Longer texts are sent as several SMS parts and billed as such.',
	}),
	sendOptionsCollection({ extra: [
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
	] }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['send'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = readSendOptions(this, itemIndex);
	const fromField = { name: 'from', label: 'From' };
	const typedFrom = readText(this, itemIndex, fromField).trim();
	const from = typedFrom.replace(/^\+/, '').replace(/[\s\-().]/g, '');
	if (!SENDER_NUMBER.test(from)) {
		throw invalidField(
			this,
			itemIndex,
			fromField,
			`${quote(typedFrom)} is not a sending number; Skycore sends from a shortcode, toll-free or 10DLC number (3 to 15 digits)`,
			'A brand name goes into the Sender Mask option instead.',
		);
	}
	const to = readPhoneNumber(this, itemIndex, { name: 'to', label: 'To' }, options.defaultCountry);
	const text = readText(this, itemIndex, { name: 'text', label: 'Text' });

	const body: IDataObject = { action: 'sendsms', 'message-text': text, to: to.digits, from };
	const maskField = { name: 'options.fromMask', label: 'Sender Mask' };
	const fromMask = readText(this, itemIndex, maskField, { required: false }).trim();
	if (fromMask !== '') {
		// Skycore would silently cut a longer mask; a cut brand name is worse than an error.
		const problem = alphanumericSenderProblem(fromMask);
		if (problem) throw invalidField(this, itemIndex, maskField, problem);
		body['from-mask'] = fromMask;
	}
	const campaignRef = readText(this, itemIndex, { name: 'options.campaignRef', label: 'Campaign Reference' }, { required: false }).trim();
	if (campaignRef !== '') body['campaign-ref'] = campaignRef;
	if (readBoolean(this, itemIndex, { name: 'options.clickTracking', label: 'Click Tracking' }, false)) {
		body['click-tracking'] = true;
	}

	const { body: accepted, answer } = await skycoreRequest(this, { body, itemIndex, timeout: options.timeout });
	return acceptedResult(
		accepted,
		{
			provider: 'skycore',
			channel: 'sms',
			messageId: requireIdentifier(this, skycoreProfile.name, answer, accepted, 'tracking-id', itemIndex),
			to: to.digits,
		},
		countSmsSegments(text),
	);
}
