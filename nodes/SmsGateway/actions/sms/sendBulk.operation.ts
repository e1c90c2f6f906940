import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { recipientsField } from '../../../shared/params/fields';
import { integerOption, sendOptionsCollection } from '../../../shared/params/options';
import type { BulkMessage, BulkPlan } from '../../../shared/sending/bulk';
import { acceptedId } from '../../../shared/sending/messageIds';
import { smsGatewayProfile } from '../../transport';
import type { GatewaySms } from './message';
import { gatewayAddress, gatewayJob, messageFields, readGatewayMessage } from './message';

/** The gateway takes many numbers per request: at 60 requests a minute, batches are the throughput. */
const batchSizeOption = integerOption({
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000, numberPrecision: 0 },
	default: 100,
	description: 'How many numbers go into one request (1 to 1000); recipients with the same message share requests',
});

const properties: INodeProperties[] = [
	recipientsField({ placeholder: '0701234567, 0712345678' }),
	...messageFields,
	sendOptionsCollection({ defaultCountry: false, extra: [batchSizeOption.property] }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['sendBulk'] } },
	properties,
);

export const plan: BulkPlan<GatewaySms> = {
	provider: 'smsGateway',
	channel: 'sms',
	readMessage(this: IExecuteFunctions, itemIndex: number): BulkMessage<GatewaySms> {
		const sms = readGatewayMessage(this, itemIndex);
		return {
			key: JSON.stringify([sms.message, sms.country, sms.format, sms.version]),
			defaultCountry: sms.country,
			// Read from the first item: one batch may hold the recipients of many items.
			batchSize: batchSizeOption.read(this, 0),
			fields: sms,
		};
	},
	address: (message, number) => gatewayAddress(message.fields, number),
	buildJob(this: IExecuteFunctions, message, recipients) {
		const numbers = recipients.map((recipient) => ({ address: recipient.address, digits: recipient.to }));
		return gatewayJob(message.fields, numbers, recipients[0].itemIndex, (listed) =>
			listed.map(({ messageId }) => acceptedId(smsGatewayProfile.name, messageId)),
		);
	},
};
