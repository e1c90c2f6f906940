import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import type { SendOptions } from '../../../shared/descriptions';
import { DEFAULT_TIMEOUT_MS, sendOptionsCollection } from '../../../shared/descriptions';
import { readPhoneNumber, readRequiredText, readSenderId } from '../../../shared/fields';
import { acceptedResult } from '../../../shared/sendResult';
import { countSmsSegments } from '../../../shared/smsSegments';
import { betatelApiRequest, requireMessageId, SMS_PATH } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'MyBrand',
		description:
			'Sender shown to the recipient: a name of up to 11 letters and digits, or a phone number registered with Betatel',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+254701234567',
		description: 'Mobile number of the recipient, in international format or national with a Default Country',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'Your code is 555345',
		description:
			'Message to send. Up to 160 GSM-7 characters make one SMS; one emoji or non-Latin letter lowers that to 70.',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['send'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as SendOptions;
	const from = readSenderId(this, 'from', 'From', itemIndex);
	const to = readPhoneNumber(this, 'to', 'To', itemIndex, options.defaultCountry ?? '');
	const text = readRequiredText(this, 'text', 'Text', itemIndex);

	const response = await betatelApiRequest.call(
		this,
		'betatelSmsApi',
		SMS_PATH,
		{ from, to: to.digits, text },
		itemIndex,
		options.timeout ?? DEFAULT_TIMEOUT_MS,
	);

	return acceptedResult(
		response,
		{
			provider: 'betatel',
			channel: 'sms',
			messageId: requireMessageId(this, response, 'messageId', itemIndex),
			to: to.digits,
		},
		countSmsSegments(text),
	);
}
