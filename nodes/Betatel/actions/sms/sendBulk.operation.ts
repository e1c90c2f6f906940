import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { recipientsField, smsTextField } from '../../../shared/params/fields';
import { sendOptionsCollection } from '../../../shared/params/options';
import type { BulkMessage, BulkPlan } from '../../../shared/sending/bulk';
import type { BetatelSms } from './message';
import { readSmsMessage, smsJob } from './message';
import { senderField } from './send.operation';

const properties: INodeProperties[] = [senderField, recipientsField(), smsTextField(), sendOptionsCollection()];

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['sendBulk'] } },
	properties,
);

export const plan: BulkPlan<BetatelSms> = {
	provider: 'betatel',
	channel: 'sms',
	readMessage(this: IExecuteFunctions, itemIndex: number): BulkMessage<BetatelSms> {
		const sms = readSmsMessage(this, itemIndex);
		return {
			key: JSON.stringify([sms.from, sms.text]),
			defaultCountry: sms.options.defaultCountry,
			batchSize: 1,
			fields: sms,
		};
	},
	address: (_message, number) => number.digits,
	buildJob(this: IExecuteFunctions, message, [recipient]) {
		return smsJob(message.fields, recipient.address, recipient.itemIndex, (id) => [id]);
	},
};
