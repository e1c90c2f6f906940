import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { sendOptionsCollection } from '../../../shared/params/options';
import { readPhoneNumberList } from '../../../shared/params/readers';
import type { SendJob } from '../../../shared/sending/dispatch';
import { noIdNote } from '../../../shared/sending/messageIds';
import { rateLimitOf, smsGatewayProfile } from '../../transport';
import { gatewayJob, gatewayNumber, messageFields, readGatewayMessage } from './message';

const properties: INodeProperties[] = [
	{
		displayName: 'Numbers',
		name: 'numbers',
		type: 'string',
		required: true,
		default: '',
		placeholder: '0701234567, 0712345678',
		description: 'One or more recipient numbers, separated by commas. All of them get the same message in one request.',
	},
	...messageFields,
	sendOptionsCollection({ defaultCountry: false }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['send'] } },
	properties,
);

/**
 * One request per item, with all the item's numbers, or only those in `only` (international
 * digits) when a campaign drops some of them.
 */
export function prepareSend(this: IExecuteFunctions, itemIndex: number, only?: ReadonlySet<string>): SendJob<IDataObject> {
	const sms = readGatewayMessage(this, itemIndex);
	const listed = readPhoneNumberList(this, itemIndex, { name: 'numbers', label: 'Numbers' }, sms.country);
	const numbers = only ? listed.filter((number) => only.has(number.digits)) : listed;
	return gatewayJob(sms, numbers.map((number) => gatewayNumber(sms, number)), itemIndex, (recipients, body, answer) => {
		const rateLimit = rateLimitOf(answer);
		const withoutId = recipients.filter((recipient) => recipient.messageId === null).map((recipient) => recipient.to);
		return {
			...body,
			provider: 'smsGateway',
			channel: 'sms',
			status: 'accepted',
			to: recipients.map((recipient) => recipient.to).join(','),
			...(recipients.length === 1 ? { messageId: recipients[0].messageId } : {}),
			recipients,
			encoding: sms.segments.encoding,
			segments: sms.segments.segments,
			...(rateLimit ? { rateLimit } : {}),
			...(withoutId.length > 0 ? { note: noIdNote(smsGatewayProfile.name, withoutId.join(', ')) } : {}),
		};
	});
}
