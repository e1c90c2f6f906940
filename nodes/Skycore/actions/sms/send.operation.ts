import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { acceptedResult } from '../../../shared/execution/sendResult';
import { recipientField } from '../../../shared/params/fields';
import { readPhoneNumber } from '../../../shared/params/readers';
import type { SendJob } from '../../../shared/sending/dispatch';
import { optionsCollection, readSkycoreMessage, senderField, skycoreJob, textField } from './message';

const properties: INodeProperties[] = [
	senderField,
	recipientField({ placeholder: '+17743199144' }),
	textField,
	optionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['send'] } },
	properties,
);

export function prepareSend(this: IExecuteFunctions, itemIndex: number): SendJob<IDataObject> {
	const sms = readSkycoreMessage(this, itemIndex);
	const to = readPhoneNumber(this, itemIndex, { name: 'to', label: 'To' }, sms.options.defaultCountry);
	return skycoreJob(sms, to.digits, itemIndex, (id, body) =>
		acceptedResult(body, { provider: 'skycore', channel: 'sms', ...id, to: to.digits }, sms.segments),
	);
}
