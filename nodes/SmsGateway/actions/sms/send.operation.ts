import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { missingFieldError } from '../../../shared/http/errors';
import { isJsonObject } from '../../../shared/http/answers';
import { COUNTRY_OPTIONS } from '../../../shared/phone/countries';
import type { NormalizedPhoneNumber } from '../../../shared/phone/phoneNumber';
import { sendOptionsCollection, timeoutOption } from '../../../shared/params/options';
import { readChoice, readCountry, readPhoneNumberList, readText } from '../../../shared/params/readers';
import { countSmsSegments } from '../../../shared/sms/smsSegments';
import type { GatewayAuth } from '../../transport';
import { gatewayRequest, PATHS, rateLimitOf, smsGatewayProfile } from '../../transport';

const API_VERSIONS = ['v1', 'v2'] as const;
const NUMBER_FORMATS = ['national', 'international'] as const;
type NumberFormat = (typeof NUMBER_FORMATS)[number];

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
	sendOptionsCollection({ defaultCountry: false }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['sms'], operation: ['send'] } },
	properties,
);

/** The number as the gateway gets it; a foreign number cannot go in national form. */
function formatForGateway(number: NormalizedPhoneNumber, format: NumberFormat, country: string): string {
	return format === 'national' && number.country === country ? number.national : number.digits;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const country = readCountry(this, itemIndex, { name: 'defaultCountry', label: 'Default Country' });
	const numbers = readPhoneNumberList(this, itemIndex, { name: 'numbers', label: 'Numbers' }, country);
	const message = readText(this, itemIndex, { name: 'message', label: 'Message' });
	const format = readChoice(this, itemIndex, { name: 'numberFormat', label: 'Number Format' }, NUMBER_FORMATS, 'national');
	const version = readChoice(this, itemIndex, { name: 'apiVersion', label: 'API Version' }, API_VERSIONS, 'v1');
	const timeout = timeoutOption.read(this, itemIndex);
	const sentNumbers = numbers.map((number) => formatForGateway(number, format, country));

	// v1 takes form parameters, as its document says; v2 and key management take JSON.
	const fields = { numbers: sentNumbers.join(','), message_body: message };
	const auth: GatewayAuth = version === 'v2' ? 'apiKey' : 'password';
	const { body, answer } = await gatewayRequest(this, {
		method: 'POST',
		path: version === 'v2' ? PATHS.sendV2 : PATHS.sendV1,
		auth,
		body: version === 'v2' ? fields : new URLSearchParams(fields),
		itemIndex,
		timeout,
	});

	const data = isJsonObject(body.data) ? body.data : {};
	const listed = Array.isArray(data.recipients) ? data.recipients : [];
	const recipients = listed.filter(isJsonObject).map((recipient) => ({
		to: String(recipient.number ?? ''),
		messageId: typeof recipient.message_id === 'string' ? recipient.message_id : '',
		status: String(recipient.status ?? ''),
	}));
	if (recipients.length !== sentNumbers.length || recipients.some((recipient) => recipient.messageId === '')) {
		throw missingFieldError(this, smsGatewayProfile.name, answer, 'data.recipients[].message_id', itemIndex);
	}
	const segments = countSmsSegments(message);
	return {
		...body,
		provider: 'smsGateway',
		channel: 'sms',
		status: 'accepted',
		to: sentNumbers.join(','),
		...(recipients.length === 1 ? { messageId: recipients[0].messageId } : {}),
		recipients,
		encoding: segments.encoding,
		segments: segments.segments,
		...(rateLimitOf(answer) ? { rateLimit: rateLimitOf(answer) } : {}),
	};
}
