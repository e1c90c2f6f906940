import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { SendOptions } from '../../../shared/descriptions';
import { DEFAULT_TIMEOUT_MS, sendOptionsCollection } from '../../../shared/descriptions';
import { readPhoneNumber, readRequiredText } from '../../../shared/fields';
import { acceptedResult } from '../../../shared/sendResult';
import { betatelApiRequest, requireMessageId, WHATSAPP_OTP_PATH } from '../../transport';

/** Betatel's documented limit for the WhatsApp OTP text. */
export const MAX_WHATSAPP_TEXT_LENGTH = 4096;

const properties: INodeProperties[] = [
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+38761444555',
		description: 'WhatsApp number of the recipient, in international format or national with a Default Country',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'Your code is 482910',
		description: `Message with the one-time password, at most ${MAX_WHATSAPP_TEXT_LENGTH} characters`,
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp'], operation: ['sendOtp'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as SendOptions;
	const to = readPhoneNumber(this, 'to', 'To', itemIndex, options.defaultCountry ?? '');
	const text = readRequiredText(this, 'text', 'Text', itemIndex);
	// Characters as people count them: an emoji is one, not two UTF-16 units.
	const length = Array.from(text).length;
	if (length > MAX_WHATSAPP_TEXT_LENGTH) {
		throw new NodeOperationError(
			this.getNode(),
			`"Text" in item ${itemIndex} has ${length} characters; Betatel accepts at most ${MAX_WHATSAPP_TEXT_LENGTH}`,
			{ itemIndex },
		);
	}

	const response = await betatelApiRequest.call(
		this,
		'betatelWhatsAppApi',
		WHATSAPP_OTP_PATH,
		{ to: to.digits, text },
		itemIndex,
		options.timeout ?? DEFAULT_TIMEOUT_MS,
	);

	return acceptedResult(response, {
		provider: 'betatel',
		channel: 'whatsapp',
		messageId: requireMessageId(this, response, 'uuid', itemIndex),
		to: to.digits,
	});
}
