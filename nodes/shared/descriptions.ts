import type { INodeProperties } from 'n8n-workflow';
import { COUNTRY_OPTIONS } from './countries';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Options every send operation offers, in the node's "Options" collection. */
export const defaultCountryOption: INodeProperties = {
	displayName: 'Default Country',
	name: 'defaultCountry',
	type: 'options',
	options: [{ name: 'None (Numbers Are International)', value: '' }, ...COUNTRY_OPTIONS],
	default: '',
	description:
		'Country of numbers written in national format, such as 0701234567 in Kenya. Numbers with a country code are not affected.',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1000 },
	default: DEFAULT_TIMEOUT_MS,
	description: 'How many milliseconds to wait for the provider to answer before the item fails',
};

/** The "Options" collection of a send operation. */
export const sendOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [defaultCountryOption, timeoutOption],
};

export interface SendOptions {
	defaultCountry?: string;
	timeout?: number;
}
