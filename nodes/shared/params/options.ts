/**
 * Options shared by operations, each defined once: the field users see (with its bounds in
 * `typeOptions`) and the reader that enforces the same bounds, so the two cannot drift.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { campaignOption, dryRunOption } from '../campaign/settings';
import { COUNTRY_OPTIONS } from '../phone/countries';
import { readCountry, readInteger } from './readers';

export interface OptionDefinition<T> {
	property: INodeProperties;
	read(context: IExecuteFunctions, itemIndex: number): T;
}

/**
 * A whole-number parameter, inside the "Options" collection by default or a field of its
 * own (`inCollection: false`). Its bounds and default are read from the field's own
 * `typeOptions` and `default`, so what the editor enforces and what the node enforces for
 * typed values and expressions cannot drift apart.
 */
export function integerOption(
	property: INodeProperties,
	{ inCollection = true, unit }: { inCollection?: boolean; unit?: string } = {},
): OptionDefinition<number> {
	const path = inCollection ? `options.${property.name}` : property.name;
	const bounds = {
		min: property.typeOptions?.minValue ?? Number.MIN_SAFE_INTEGER,
		max: property.typeOptions?.maxValue ?? Number.MAX_SAFE_INTEGER,
		unit,
	};
	const fallback = property.default as number;
	return {
		property,
		read: (context, itemIndex) =>
			readInteger(context, itemIndex, { name: path, label: property.displayName }, bounds, fallback),
	};
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export const timeoutOption = integerOption(
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1000, maxValue: 300000, numberPrecision: 0 },
		default: 30000,
		description:
			'How many milliseconds to wait for the provider to answer before the item fails (1000 to 300000)',
	},
	{ unit: 'milliseconds' },
);

export const concurrencyOption = integerOption({
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
	default: 10,
	description:
		'How many messages are sent at the same time (1 to 100). Messages to the same number still go one after another, in order.',
});

export const maxPerSecondOption = integerOption({
	displayName: 'Max Per Second',
	name: 'maxPerSecond',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1000, numberPrecision: 0 },
	default: 0,
	description: "Most requests started per second (0 = no limit), to stay under the provider's rate limit",
});

export const defaultCountryOption: OptionDefinition<string> = {
	property: {
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'options',
		options: [{ name: 'None (Numbers Are International)', value: '' }, ...COUNTRY_OPTIONS],
		default: '',
		description:
			'Country of numbers written in national format, such as 0701234567 in Kenya. Numbers with a country code are not affected.',
	},
	read: (context, itemIndex) =>
		readCountry(context, itemIndex, { name: 'options.defaultCountry', label: 'Default Country' }),
};

/**
 * The "Options" collection of a send operation: provider-specific options, then the shared
 * ones (without Default Country where the node shows it as a field of its own), the
 * campaign options included.
 */
export function sendOptionsCollection({
	extra = [],
	defaultCountry = true,
	pacing = true,
}: { extra?: INodeProperties[]; defaultCountry?: boolean; pacing?: boolean } = {}): INodeProperties {
	const shared = [
		...(defaultCountry ? [defaultCountryOption.property] : []),
		...(pacing ? [concurrencyOption.property, maxPerSecondOption.property] : []),
		timeoutOption.property,
		campaignOption,
		dryRunOption,
	];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...extra, ...shared].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export interface SendOptions {
	defaultCountry: string;
	timeout: number;
}

export interface PacingSettings {
	concurrency: number;
	maxPerSecond: number;
}

/**
 * How fast the node sends, read once from the first item: it is a setting of the node's
 * run, not of one message.
 */
export function readPacing(context: IExecuteFunctions): PacingSettings {
	return { concurrency: concurrencyOption.read(context, 0), maxPerSecond: maxPerSecondOption.read(context, 0) };
}

/** Reads and checks the options every send operation has. */
export function readSendOptions(context: IExecuteFunctions, itemIndex: number): SendOptions {
	return {
		defaultCountry: defaultCountryOption.read(context, itemIndex),
		timeout: timeoutOption.read(context, itemIndex),
	};
}
