import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { acceptedResult, requireIdentifier } from '../../../shared/execution/sendResult';
import { recipientField, smsTextField } from '../../../shared/params/fields';
import { readSendOptions, sendOptionsCollection } from '../../../shared/params/options';
import { invalidField, readPhoneNumber, readText } from '../../../shared/params/readers';
import { betatelProfile, betatelRequest, WHATSAPP_OTP_PATH } from '../../transport';

/** Betatel's documented limit for the WhatsApp OTP text. */
export const MAX_WHATSAPP_TEXT_LENGTH = 4096;

const properties: INodeProperties[] = [
	recipientField({
		placeholder: '+38761444555',
		description: 'WhatsApp number of the recipient, in international format or national with a Default Country',
	}),
	smsTextField({
		placeholder: 'Your code is 482910',
		description: `Message with the one-time password, at most ${MAX_WHATSAPP_TEXT_LENGTH} characters`,
	}),
	sendOptionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp'], operation: ['sendOtp'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = readSendOptions(this, itemIndex);
	const to = readPhoneNumber(this, itemIndex, { name: 'to', label: 'To' }, options.defaultCountry);
	const text = readText(this, itemIndex, { name: 'text', label: 'Text' });
	// Characters as people count them: an emoji is one, not two UTF-16 units.
	const length = Array.from(text).length;
	if (length > MAX_WHATSAPP_TEXT_LENGTH) {
		throw invalidField(
			this,
			itemIndex,
			{ name: 'text', label: 'Text' },
			`has ${length} characters; Betatel accepts at most ${MAX_WHATSAPP_TEXT_LENGTH}`,
		);
	}

	const { body, answer } = await betatelRequest(this, {
		credentialType: 'betatelWhatsAppApi',
		path: WHATSAPP_OTP_PATH,
		body: { to: to.digits, text },
		itemIndex,
		timeout: options.timeout,
	});

	return acceptedResult(body, {
		provider: 'betatel',
		channel: 'whatsapp',
		messageId: requireIdentifier(this, betatelProfile.name, answer, body, 'uuid', itemIndex),
		to: to.digits,
	});
}
