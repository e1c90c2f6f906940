import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { acceptedResult, requireIdentifier } from '../../../shared/execution/sendResult';
import { recipientField, smsTextField } from '../../../shared/params/fields';
import { readSendOptions, sendOptionsCollection } from '../../../shared/params/options';
import { readPhoneNumber, readSenderId, readText } from '../../../shared/params/readers';
import { countSmsSegments } from '../../../shared/sms/smsSegments';
import { betatelProfile, betatelRequest, SMS_PATH } from '../../transport';

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
	recipientField(),
	smsTextField(),
	sendOptionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['send'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = readSendOptions(this, itemIndex);
	const from = readSenderId(this, itemIndex, { name: 'from', label: 'From' });
	const to = readPhoneNumber(this, itemIndex, { name: 'to', label: 'To' }, options.defaultCountry);
	const text = readText(this, itemIndex, { name: 'text', label: 'Text' });

	const { body, answer } = await betatelRequest(this, {
		credentialType: 'betatelSmsApi',
		path: SMS_PATH,
		body: { from, to: to.digits, text },
		itemIndex,
		timeout: options.timeout,
	});

	return acceptedResult(
		body,
		{
			provider: 'betatel',
			channel: 'sms',
			messageId: requireIdentifier(this, betatelProfile.name, answer, body, 'messageId', itemIndex),
			to: to.digits,
		},
		countSmsSegments(text),
	);
}
