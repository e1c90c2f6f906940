import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { acceptedResult } from '../../../shared/execution/sendResult';
import { recipientField, smsTextField } from '../../../shared/params/fields';
import { sendOptionsCollection } from '../../../shared/params/options';
import { readPhoneNumber } from '../../../shared/params/readers';
import type { SendJob } from '../../../shared/sending/dispatch';
import { MAX_WHATSAPP_TEXT_LENGTH, readWhatsAppMessage, whatsAppJob } from './message';

export const otpTextField = smsTextField({
	placeholder: 'Your code is 482910',
	description: `Message with the one-time password, at most ${MAX_WHATSAPP_TEXT_LENGTH} characters`,
});

const properties: INodeProperties[] = [
	recipientField({
		placeholder: '+38761444555',
		description: 'WhatsApp number of the recipient, in international format or national with a Default Country',
	}),
	otpTextField,
	sendOptionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp'], operation: ['sendOtp'] } },
	properties,
);

export function prepareSend(this: IExecuteFunctions, itemIndex: number): SendJob<IDataObject> {
	const otp = readWhatsAppMessage(this, itemIndex);
	const to = readPhoneNumber(this, itemIndex, { name: 'to', label: 'To' }, otp.options.defaultCountry);
	return whatsAppJob(otp, to.digits, itemIndex, (id, body) =>
		acceptedResult(body, { provider: 'betatel', channel: 'whatsapp', ...id, to: to.digits }),
	);
}
