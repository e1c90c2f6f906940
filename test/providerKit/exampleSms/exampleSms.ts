/**
 * Example SMS: a fourth provider made with the provider kit alone, as docs/adding-a-provider.md
 * walks through it. Its API: POST {Base URL}/v1/messages, JSON { from, to, text } with `to` in
 * international digits, `Authorization: Bearer <API key>`; 201 { id, status } when accepted;
 * HTTP statuses mean what they say (402: no balance, 429: slow down). Not shipped.
 */
import type { INodeProperties } from 'n8n-workflow';
import type { ProviderProfile } from '../../../nodes/shared/http/profile';
import { interpretHttpStatus } from '../../../nodes/shared/http/profile';
import { credentialUrl, joinUrl } from '../../../nodes/shared/http/url';
import { smsTextField } from '../../../nodes/shared/params/fields';
import { readSendOptions } from '../../../nodes/shared/params/options';
import { readMessageText, readSenderId } from '../../../nodes/shared/params/readers';
import { messageOperations } from '../../../nodes/shared/provider/messageOperations';
import { countSmsSegments } from '../../../nodes/shared/sms/smsSegments';

// 1. The profile: how its answers read and what its errors should name.
const exampleProfile: ProviderProfile = {
	name: 'Example SMS',
	urlField: 'Base URL',
	credentialHint: () => 'the API key',
	interpret: interpretHttpStatus,
};

// 2. The fields around the recipient.
const senderField: INodeProperties = {
	displayName: 'From',
	name: 'from',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'MyBrand',
	description: 'Sender shown to the recipient: a name of up to 11 letters and digits, or your number',
};

// 3. Reading them, and the request for one recipient.
export const smsOperations = messageOperations<{ from: string; text: string }>({
	provider: 'exampleSms',
	channel: 'sms',
	resource: 'sms',
	operations: { send: 'send', sendBulk: 'sendBulk' },
	fieldsBefore: [senderField],
	fieldsAfter: [smsTextField()],
	readMessage(context, itemIndex) {
		const from = readSenderId(context, itemIndex, { name: 'from', label: 'From' });
		const text = readMessageText(context, itemIndex, { name: 'text', label: 'Text' });
		const options = readSendOptions(context, itemIndex);
		return { fields: { from, text }, options, segments: countSmsSegments(text), key: JSON.stringify([from, text]) };
	},
	request: ({ fields, options }, to) => ({
		profile: exampleProfile,
		credentialType: 'exampleSmsApi',
		method: 'POST',
		url: (credentials) => joinUrl(credentialUrl(credentials.baseUrl, 'https://api.example-sms.test'), '/v1/messages'),
		body: { from: fields.from, to, text: fields.text },
		timeout: options.timeout,
	}),
	messageIdField: 'id',
});
