import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { recipientsField } from '../../../shared/params/fields';
import { sendOptionsCollection } from '../../../shared/params/options';
import type { BulkMessage, BulkPlan } from '../../../shared/sending/bulk';
import type { WhatsAppOtp } from './message';
import { readWhatsAppMessage, whatsAppJob } from './message';
import { otpTextField } from './sendOtp.operation';

const properties: INodeProperties[] = [recipientsField({ placeholder: '+38761444555, +38761444556' }), otpTextField, sendOptionsCollection()];

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp'], operation: ['sendOtpBulk'] } },
	properties,
);

export const plan: BulkPlan<WhatsAppOtp> = {
	provider: 'betatel',
	channel: 'whatsapp',
	readMessage(this: IExecuteFunctions, itemIndex: number): BulkMessage<WhatsAppOtp> {
		const otp = readWhatsAppMessage(this, itemIndex);
		return { key: otp.text, defaultCountry: otp.options.defaultCountry, batchSize: 1, fields: otp };
	},
	address: (_message, number) => number.digits,
	buildJob(this: IExecuteFunctions, message, [recipient]) {
		return whatsAppJob(message.fields, recipient.address, recipient.itemIndex, (id) => [id]);
	},
};
