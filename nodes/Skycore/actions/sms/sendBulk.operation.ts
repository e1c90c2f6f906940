import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { recipientsField } from '../../../shared/params/fields';
import type { BulkMessage, BulkPlan } from '../../../shared/sending/bulk';
import type { SkycoreSms } from './message';
import { optionsCollection, readSkycoreMessage, senderField, skycoreJob, textField } from './message';

const properties: INodeProperties[] = [
	senderField,
	recipientsField({ placeholder: '+17743199144, +17743199145' }),
	textField,
	optionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['sendBulk'] } },
	properties,
);

export const plan: BulkPlan<SkycoreSms> = {
	provider: 'skycore',
	channel: 'sms',
	readMessage(this: IExecuteFunctions, itemIndex: number): BulkMessage<SkycoreSms> {
		const sms = readSkycoreMessage(this, itemIndex);
		return { key: JSON.stringify(sms.fields), defaultCountry: sms.options.defaultCountry, batchSize: 1, fields: sms };
	},
	address: (_message, number) => number.digits,
	buildJob(this: IExecuteFunctions, message, [recipient]) {
		return skycoreJob(message.fields, recipient.address, recipient.itemIndex, (id) => [id]);
	},
};
