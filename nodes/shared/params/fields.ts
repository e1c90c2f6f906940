/** Fields several send operations show the same way, defined once. */
import type { INodeProperties } from 'n8n-workflow';

/** The recipient of one message, validated by the phone number reader. */
export function recipientField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+254701234567',
		description: 'Mobile number of the recipient, in international format or national with a Default Country',
		...overrides,
	};
}

/** The sender of an SMS, as the provider's document names what it accepts. */
export function senderField(overrides: Partial<INodeProperties> & Pick<INodeProperties, 'placeholder' | 'description'>): INodeProperties {
	return { displayName: 'From', name: 'from', type: 'string', required: true, default: '', ...overrides };
}

/** The text of an SMS; the output tells its encoding and segment count. */
export function smsTextField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Text',
		name: 'text',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'Your code is 555345',
		description:
			'Message to send. Up to 160 GSM-7 characters make one SMS; one emoji or non-Latin letter lowers that to 70.',
		...overrides,
	};
}

/** The recipients of Bulk Send: a list in one field, or one number per input item. */
export function recipientsField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Recipients',
		name: 'recipients',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: '+254701234567, +254712345678',
		description:
			'Numbers separated by commas, semicolons, new lines or spaces, or a list from an expression. The numbers of all input items are sent as one pool.',
		...overrides,
	};
}
