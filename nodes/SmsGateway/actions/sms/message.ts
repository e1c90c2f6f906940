/** What Send and Bulk Send share: the message fields, the number format, and one request. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { COUNTRY_OPTIONS } from '../../../shared/phone/countries';
import type { NormalizedPhoneNumber } from '../../../shared/phone/phoneNumber';
import { timeoutOption } from '../../../shared/params/options';
import { readChoice, readCountry, readMessageText } from '../../../shared/params/readers';
import type { SendJob } from '../../../shared/sending/dispatch';
import { matchMessageIds } from '../../../shared/sending/messageIds';
import type { SmsSegmentInfo } from '../../../shared/sms/smsSegments';
import { countSmsSegments } from '../../../shared/sms/smsSegments';
import type { ProviderAnswer } from '../../../shared/http/answers';
import { gatewayCall, PATHS } from '../../transport';

const API_VERSIONS = ['v1', 'v2'] as const;
const NUMBER_FORMATS = ['national', 'international'] as const;
type NumberFormat = (typeof NUMBER_FORMATS)[number];

/** Message, Default Country, Number Format and API Version, shown by Send and Bulk Send. */
export const messageFields: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'Your code is 555345',
		description: 'Text to send (sent as message_body). Up to 160 GSM-7 characters make one SMS part.',
	},
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'options',
		// Kenya first: the gateway's documented numbers (0701234567) are Kenyan.
		options: [
			{ name: 'Kenya (+254)', value: 'KE' },
			{ name: 'None (Numbers Are International)', value: '' },
			...COUNTRY_OPTIONS.filter((option) => option.value !== 'KE'),
		],
		default: 'KE',
		description: 'Country of numbers written in national format, such as 0701234567 in Kenya',
	},
	{
		displayName: 'Number Format',
		name: 'numberFormat',
		type: 'options',
		options: [
			{
				name: 'National',
				value: 'national',
				description:
					"Numbers of the default country as dialled there (0701234567); others in international digits",
			},
			{ name: 'International', value: 'international', description: 'Country code and number, digits only (254701234567)' },
		],
		default: 'national',
		description: 'How numbers are written in the request to the gateway',
	},
	{
		displayName: 'API Version',
		name: 'apiVersion',
		type: 'options',
		options: [
			{ name: 'V1 (Username and Password)', value: 'v1' },
			{ name: 'V2 (API Key)', value: 'v2' },
		],
		default: 'v1',
		description: 'Which gateway API sends the message, and so which secret of the credential signs it',
	},
];

export interface GatewaySms {
	message: string;
	country: string;
	format: NumberFormat;
	version: (typeof API_VERSIONS)[number];
	timeout: number;
	segments: SmsSegmentInfo;
}

export function readGatewayMessage(context: IExecuteFunctions, itemIndex: number): GatewaySms {
	const message = readMessageText(context, itemIndex, { name: 'message', label: 'Message' });
	return {
		message,
		country: readCountry(context, itemIndex, { name: 'defaultCountry', label: 'Default Country' }),
		format: readChoice(context, itemIndex, { name: 'numberFormat', label: 'Number Format' }, NUMBER_FORMATS, 'national'),
		version: readChoice(context, itemIndex, { name: 'apiVersion', label: 'API Version' }, API_VERSIONS, 'v1'),
		timeout: timeoutOption.read(context, itemIndex),
		segments: countSmsSegments(message),
	};
}

/** The number as the gateway gets it; a foreign number cannot go in national form. */
export function gatewayAddress(sms: GatewaySms, number: NormalizedPhoneNumber): string {
	return sms.format === 'national' && number.country === sms.country ? number.national : number.digits;
}

export function gatewayNumber(sms: GatewaySms, number: NormalizedPhoneNumber): GatewayNumber {
	return { address: gatewayAddress(sms, number), digits: number.digits };
}

/** One number of an accepted send, as the output lists it. */
export interface GatewayRecipient {
	/** The number as the request carried it. */
	to: string;
	/** Null when the answer lists no ID for this number. */
	messageId: string | null;
	/** The gateway's status for it, when its answer gives one (e.g. "queued"). */
	status?: string;
}

/** A number of a send: as the request carries it, and in international digits. */
export interface GatewayNumber {
	address: string;
	digits: string;
}

/**
 * One send request for many numbers, each as `gatewayAddress` writes it. The gateway's
 * document shows no success body: any 2xx is accepted, and each number gets the message ID
 * its answer lists for it, compared by number (../../../shared/sending/messageIds.ts).
 */
export function gatewayJob<R>(
	sms: GatewaySms,
	numbers: GatewayNumber[],
	itemIndex: number,
	toResult: (recipients: GatewayRecipient[], body: IDataObject, answer: ProviderAnswer) => R,
): SendJob<R> {
	// v1 takes form parameters, as its document says; v2 takes JSON.
	const fields = { numbers: numbers.map((number) => number.address).join(','), message_body: sms.message };
	const digits = numbers.map((number) => number.digits);
	return {
		itemIndex,
		// Ordered per number, whichever form the request writes it in.
		recipients: digits,
		addressed: fields.numbers,
		segments: sms.segments,
		call: gatewayCall({
			method: 'POST',
			path: sms.version === 'v2' ? PATHS.sendV2 : PATHS.sendV1,
			auth: sms.version === 'v2' ? 'apiKey' : 'password',
			body: sms.version === 'v2' ? fields : new URLSearchParams(fields),
			timeout: sms.timeout,
		}),
		accept: (body, answer) => {
			const matched = matchMessageIds(body, digits, { country: sms.country });
			const recipients = numbers.map((number, position) => {
				const { messageId, providerStatus } = matched[position];
				return { to: number.address, messageId, ...(providerStatus ? { status: providerStatus } : {}) };
			});
			return toResult(recipients, body, answer);
		},
	};
}
