/**
 * Example SMS: a fourth provider made with the provider kit alone, as docs/adding-a-provider.md
 * walks through it. Its API: POST {Base URL}/v1/messages, JSON { from, to, text } with `to` in
 * international digits, `Authorization: Bearer <API key>`; 201 { id, status } when accepted;
 * HTTP statuses mean what they say (402: no balance, 429: slow down). Not shipped.
 */
import type { ProviderProfile } from '../../../nodes/shared/http/profile';
import { interpretHttpStatus } from '../../../nodes/shared/http/profile';
import { credentialUrl, joinUrl } from '../../../nodes/shared/http/url';
import { senderField, smsTextField } from '../../../nodes/shared/params/fields';
import { messageOperations, readSenderAndText } from '../../../nodes/shared/provider/messageOperations';

// 1. The profile: how its answers read and what its errors should name.
const exampleProfile: ProviderProfile = {
	name: 'Example SMS',
	urlField: 'Base URL',
	credentialHint: () => 'the API key',
	interpret: interpretHttpStatus,
};

// 2. Its fields, how they are read (the common From and Text here), the request for one recipient.
export const smsOperations = messageOperations<{ from: string; text: string }>({
	provider: 'exampleSms',
	channel: 'sms',
	resource: 'sms',
	operations: { send: 'send', sendBulk: 'sendBulk' },
	fieldsBefore: [senderField({ placeholder: 'MyBrand', description: 'Sender shown to the recipient: a name or your number' })],
	fieldsAfter: [smsTextField()],
	readMessage: readSenderAndText,
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
