/**
 * The Fraud Guard's fields on Generate, shown once "Fraud Guard" is on, and their readers.
 * The defaults suit a sign-up form: see docs/otp-fraud-guard.md for why each is what it is.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { COUNTRY_OPTIONS, isCountryCode } from '../../shared/phone/countries';
import type { NumberCategory } from '../../shared/phone/numberMetadata';
import { integerOption } from '../../shared/params/options';
import type { Field } from '../../shared/params/readers';
import { invalidField, readBoolean, readText } from '../../shared/params/readers';
import { describeValue } from '../../shared/params/values';
import { describeColumns } from '../../shared/n8nApi/rows';
import { GUARD_COLUMNS } from '../state/columns';
import type { GuardSettings } from './rules';

const GUARD_ON = { fraudGuard: [true] };

export const fraudGuardField: INodeProperties = {
	displayName: 'Fraud Guard',
	name: 'fraudGuard',
	type: 'boolean',
	// The node's outputs depend on it, and outputs cannot differ from item to item.
	noDataExpression: true,
	default: false,
	description:
		'Whether to refuse requests that look like SMS pumping or code abuse before a code is made. Refused requests come out of a second output, "Refused", with a reason.',
};

const perExecutionNotice: INodeProperties = {
	displayName:
		'Without a data table, the Fraud Guard counts only the items of one execution: each execution (each webhook call) starts from nothing, so only Countries and Number Types protect across requests. Choose "Data Table" to count across executions and n8n processes.',
	name: 'fraudGuardPerExecutionNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { ...GUARD_ON, tracking: ['none'] } },
};

const columnsNotice: INodeProperties = {
	displayName: `The Fraud Guard keeps its counts in the same data table, which needs two more columns: ${describeColumns(GUARD_COLUMNS)}.`,
	name: 'fraudGuardColumnsNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { ...GUARD_ON, tracking: ['dataTable'] } },
};

/** Never a type anyone receives a code on: mobile, and landline-or-mobile where plans do not tell. */
const TYPE_OPTIONS: Array<{ name: string; value: Exclude<NumberCategory, 'mobile' | 'fixedLineOrMobile'> }> = [
	{ name: 'Landline', value: 'fixedLine' },
	{ name: 'Pager', value: 'pager' },
	{ name: 'Personal (Forwarding) Number', value: 'personalNumber' },
	{ name: 'Premium Rate', value: 'premiumRate' },
	{ name: 'Shared Cost', value: 'sharedCost' },
	{ name: 'Toll-Free', value: 'tollFree' },
	{ name: 'UAN (Company Switchboard)', value: 'uan' },
	{ name: 'Unknown (In No Known Range)', value: 'unknown' },
	{ name: 'VoIP', value: 'voip' },
	{ name: 'Voicemail Access', value: 'voicemail' },
];

export const DEFAULT_REFUSED_TYPES: readonly NumberCategory[] = [
	'fixedLine',
	'pager',
	'premiumRate',
	'sharedCost',
	'tollFree',
	'uan',
	'unknown',
	'voicemail',
];

/** A limit on codes: 0 to `max`, 0 = no limit. */
const codeLimit = (displayName: string, name: string, max: number, fallback: number, description: string) =>
	integerOption(
		{
			displayName,
			name,
			type: 'number',
			typeOptions: { minValue: 0, maxValue: max, numberPrecision: 0 },
			default: fallback,
			description,
			displayOptions: { show: GUARD_ON },
		},
		{ inCollection: false, unit: 'codes' },
	);

const perNumberHour = codeLimit(
	'Codes per Number per Hour',
	'guardPerNumberHour',
	100,
	3,
	'Most codes one number gets in any 60 minutes (0 = no limit)',
);
const perNumberDay = codeLimit(
	'Codes per Number per Day',
	'guardPerNumberDay',
	200,
	10,
	'Most codes one number gets in any 24 hours (0 = no limit)',
);
const perPrefixHour = codeLimit(
	'Codes per Prefix per Hour',
	'guardPerPrefixHour',
	200,
	5,
	'Most codes in any 60 minutes to numbers that share a prefix (0 = no limit). Sequential pumping trips it: the prefix is then refused for the cool-down.',
);
const perRequesterHour = codeLimit(
	'Codes per Requester per Hour',
	'guardPerRequesterHour',
	200,
	5,
	'Most codes in any 60 minutes for one Requester Key (0 = no limit)',
);
const budgetPerHour = codeLimit(
	'Budget (Codes per Hour)',
	'guardBudgetPerHour',
	1_000_000,
	200,
	'Most codes in one clock hour (UTC) for every request that shares the data table: past it every request is refused until the hour ends (0 = no budget)',
);

const prefixDigits = integerOption(
	{
		displayName: 'Prefix Digits',
		name: 'guardPrefixDigits',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 },
		default: 5,
		description:
			'How many digits of the national number, after the country code, make a prefix: with 5, +44 7911 123456 is in prefix +44 79111',
		displayOptions: { show: GUARD_ON },
	},
	{ inCollection: false, unit: 'digits' },
);

const prefixCoolDown = integerOption(
	{
		displayName: 'Prefix Cool-Down',
		name: 'guardPrefixCoolDown',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1440, numberPrecision: 0 },
		default: 60,
		description:
			'Minutes a prefix stays refused once it passed Codes per Prefix per Hour (0 = only until the hour has room again; at most 1440)',
		displayOptions: { show: GUARD_ON },
	},
	{ inCollection: false, unit: 'minutes' },
);

const countriesField: INodeProperties = {
	displayName: 'Allowed Countries',
	name: 'guardCountries',
	type: 'multiOptions',
	options: COUNTRY_OPTIONS,
	default: [],
	description:
		"Only numbers of these countries get a code (the number's country from the phone metadata). None selected: every country.",
	displayOptions: { show: GUARD_ON },
};

const numberTypesField: INodeProperties = {
	displayName: 'Refused Number Types',
	name: 'guardRefusedTypes',
	type: 'multiOptions',
	options: TYPE_OPTIONS,
	default: [...DEFAULT_REFUSED_TYPES],
	description:
		'Numbers of these types get no code. Mobile numbers are never refused for their type. Unknown: a number of possible length in no range the phone metadata knows.',
	displayOptions: { show: GUARD_ON },
};

const requesterKeyField: INodeProperties = {
	displayName: 'Requester Key',
	name: 'guardRequesterKey',
	type: 'string',
	default: '',
	placeholder: "={{ $('Webhook').item.json.headers['x-forwarded-for'] }}",
	description:
		'Who is asking, from an expression: an IP address, a session or an account ID. Each key gets Codes per Requester per Hour. Empty: no requester limit for the item.',
	displayOptions: { show: GUARD_ON },
};

export const fraudGuardFields: INodeProperties[] = [
	fraudGuardField,
	perExecutionNotice,
	columnsNotice,
	countriesField,
	numberTypesField,
	perNumberHour.property,
	perNumberDay.property,
	prefixDigits.property,
	perPrefixHour.property,
	prefixCoolDown.property,
	requesterKeyField,
	perRequesterHour.property,
	budgetPerHour.property,
];

export function readFraudGuard(context: IExecuteFunctions, itemIndex: number): boolean {
	return readBoolean(context, itemIndex, { name: 'fraudGuard', label: 'Fraud Guard' }, false);
}

/** A multi-options value, or a comma-separated text from an expression. */
function readList(context: IExecuteFunctions, itemIndex: number, field: Field, fallback: readonly string[]): unknown[] {
	const value = context.getNodeParameter(field.name, itemIndex, fallback) as unknown;
	if (typeof value === 'string') {
		return value
			.split(',')
			.map((entry) => entry.trim())
			.filter((entry) => entry !== '');
	}
	if (!Array.isArray(value)) throw invalidField(context, itemIndex, field, `must be a list, got ${describeValue(value)}`);
	return value;
}

function readCountries(context: IExecuteFunctions, itemIndex: number): string[] {
	const field = { name: 'guardCountries', label: 'Allowed Countries' };
	return readList(context, itemIndex, field, []).map((entry) => {
		const code = typeof entry === 'string' ? entry.trim().toUpperCase() : '';
		if (isCountryCode(code)) return code;
		const problem = `must list two-letter country codes such as "KE", got ${describeValue(entry)}`;
		throw invalidField(context, itemIndex, field, problem);
	});
}

function readRefusedTypes(context: IExecuteFunctions, itemIndex: number): NumberCategory[] {
	const field = { name: 'guardRefusedTypes', label: 'Refused Number Types' };
	const known = TYPE_OPTIONS.map((option) => option.value as string);
	return readList(context, itemIndex, field, DEFAULT_REFUSED_TYPES).map((entry) => {
		if (typeof entry === 'string' && known.includes(entry)) return entry as NumberCategory;
		const choices = known.map((type) => `"${type}"`).join(', ');
		throw invalidField(context, itemIndex, field, `must list types among ${choices}, got ${describeValue(entry)}`);
	});
}

/** The guard's settings for one item; `minInterval` is Generate's own field (0 without a table). */
export function readGuardSettings(context: IExecuteFunctions, itemIndex: number, minInterval: number): GuardSettings {
	return {
		countries: readCountries(context, itemIndex),
		refusedTypes: readRefusedTypes(context, itemIndex),
		minInterval,
		perNumberHour: perNumberHour.read(context, itemIndex),
		perNumberDay: perNumberDay.read(context, itemIndex),
		prefixDigits: prefixDigits.read(context, itemIndex),
		perPrefixHour: perPrefixHour.read(context, itemIndex),
		prefixCoolDown: prefixCoolDown.read(context, itemIndex) * 60,
		perRequesterHour: perRequesterHour.read(context, itemIndex),
		budgetPerHour: budgetPerHour.read(context, itemIndex),
	};
}

export function readRequesterKey(context: IExecuteFunctions, itemIndex: number): string {
	return readText(context, itemIndex, { name: 'guardRequesterKey', label: 'Requester Key' }, { required: false }).trim();
}
