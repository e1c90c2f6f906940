import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { acceptedResult } from '../../../shared/execution/sendResult';
import { recipientField, smsTextField } from '../../../shared/params/fields';
import { sendOptionsCollection } from '../../../shared/params/options';
import { readPhoneNumber } from '../../../shared/params/readers';
import type { SendJob } from '../../../shared/sending/dispatch';
import { readSmsMessage, smsJob } from './message';

export const senderField: INodeProperties = {
	displayName: 'From',
	name: 'from',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'MyBrand',
	description:
		'Sender shown to the recipient: a name of up to 11 letters and digits, or a phone number registered with Betatel',
};

const properties: INodeProperties[] = [senderField, recipientField(), smsTextField(), sendOptionsCollection()];

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['send'] } },
	properties,
);

export function prepareSend(this: IExecuteFunctions, itemIndex: number): SendJob<IDataObject> {
	const sms = readSmsMessage(this, itemIndex);
	const to = readPhoneNumber(this, itemIndex, { name: 'to', label: 'To' }, sms.options.defaultCountry);
	return smsJob(sms, to.digits, itemIndex, (id, body) =>
		acceptedResult(body, { provider: 'betatel', channel: 'sms', ...id, to: to.digits }, sms.segments),
	);
}
