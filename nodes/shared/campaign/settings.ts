/**
 * The campaign options every send operation shows: the "Campaign" group (Journal, Campaign
 * Key, Resend Unknown, Opt-Out List), whose data tables are reached with the Data Table API
 * credential (n8n's own API), and Dry Run. They are settings of the node's run, read once from the
 * first item, like Concurrency.
 *
 * The provider nodes list that credential with CAMPAIGN_CREDENTIAL_DISPLAY.
 */
import type { ICredentialsDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { TableLocator } from '../n8nApi/dataTables';
import { DATA_TABLE_ID } from '../n8nApi/dataTables';
import { readResourceLocator } from '../params/locatorAndInputReaders';
import { invalidField, readBoolean, readText } from '../params/readers';
import { quote } from '../params/values';
import { JOURNAL_COLUMNS } from './journal';
import { OPT_OUT_COLUMNS } from './optOut';
import { describeColumns } from '../n8nApi/rows';

const GROUP = 'campaign';
const MAX_CAMPAIGN_KEY_LENGTH = 200;

function tableLocator(displayName: string, name: string, description: string, placeholder: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchDataTables', searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder },
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. AKgzIRNu7PstbeDM',
				validation: [{ type: 'regex', properties: { regex: DATA_TABLE_ID.source, errorMessage: 'Not a data table ID' } }],
			},
		],
	};
}

/** The "Campaign" option: one group, so that the credential shows as soon as it is added. */
export const campaignOption: INodeProperties = {
	displayName: 'Campaign',
	name: GROUP,
	type: 'collection',
	placeholder: 'Add Campaign Setting',
	default: {},
	description:
		'A delivery journal, so that a rerun never sends the same message twice, and an opt-out list; both are n8n data tables',
	options: [
		{
			displayName: 'Campaign Key',
			name: 'campaignKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. newsletter-2026-12',
			description:
				'Name of the campaign in the journal. A message (number and content) already accepted under this key is not sent again.',
		},
		tableLocator(
			'Journal',
			'journal',
			`Data table that records every message sent, with the columns ${describeColumns(JOURNAL_COLUMNS)}`,
			'e.g. sms-journal',
		),
		tableLocator(
			'Opt-Out List',
			'optOutList',
			`Data table of numbers never to send to, with the column ${describeColumns(OPT_OUT_COLUMNS)} (E.164, such as +254701234567)`,
			'e.g. sms-opt-out',
		),
		{
			displayName: 'Write Journal Ahead',
			name: 'writeAhead',
			type: 'boolean',
			default: false,
			description:
				'Whether to record the next requests in the journal before a slot is free for them, so that sending never waits for the journal. Faster; after a crash up to twice Concurrency messages may come out unknown instead of Concurrency.',
		},
		{
			displayName: 'Resend Unknown',
			name: 'resendUnknown',
			type: 'boolean',
			default: false,
			description:
				'Whether to send again the messages an earlier run started without hearing the answer. They may have been delivered: check the provider first.',
		},
	],
};

export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to do everything but the requests: numbers checked, journal and opt-outs applied, and each message output with the request it would have sent',
};

/**
 * When a provider node asks for the Data Table API credential: as soon as the Campaign group
 * is added (before a table is picked, so that the pickers can list tables). n8n judges a
 * credential's displayOptions with the same rule as a parameter's (NodeHelpers.displayParameter),
 * `_cnd` conditions included, although its type for credentials lists only plain values; the
 * typed way to say "present", `hide: [undefined]`, does not survive the editor's JSON copy of
 * the description (it becomes `[null]`, which never matches).
 */
export const CAMPAIGN_CREDENTIAL_DISPLAY = {
	show: { [`options.${GROUP}`]: [{ _cnd: { exists: true } }] },
} as unknown as ICredentialsDisplayOptions;

export interface CampaignSettings {
	journal?: TableLocator;
	campaignKey: string;
	resendUnknown: boolean;
	/** Requests may be written `pending` a Concurrency ahead of the slots. */
	writeAhead: boolean;
	optOutList?: TableLocator;
	dryRun: boolean;
}

const FIELDS = {
	journal: { name: `options.${GROUP}.journal`, label: 'Journal' },
	campaignKey: { name: `options.${GROUP}.campaignKey`, label: 'Campaign Key' },
	resendUnknown: { name: `options.${GROUP}.resendUnknown`, label: 'Resend Unknown' },
	writeAhead: { name: `options.${GROUP}.writeAhead`, label: 'Write Journal Ahead' },
	optOutList: { name: `options.${GROUP}.optOutList`, label: 'Opt-Out List' },
	dryRun: { name: 'options.dryRun', label: 'Dry Run' },
};

function readTable(context: IExecuteFunctions, field: { name: string; label: string }): TableLocator | undefined {
	const raw = context.getNodeParameter(field.name, 0, '') as unknown;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const locator = readResourceLocator(context, 0, field, ['list', 'id', 'name'] as const, 'id');
	if (locator.mode !== 'name' && !DATA_TABLE_ID.test(locator.value)) {
		throw invalidField(context, 0, field, `${quote(locator.value)} is not a data table ID`);
	}
	return locator;
}

/** Reads and checks the campaign options, once per run (from the first item). */
export function readCampaignSettings(context: IExecuteFunctions): CampaignSettings {
	const journal = readTable(context, FIELDS.journal);
	const campaignKey = readText(context, 0, FIELDS.campaignKey, { required: false }).trim();
	if (journal && campaignKey === '') {
		throw invalidField(context, 0, FIELDS.campaignKey, 'is empty', 'A journal records messages per campaign: name the campaign, e.g. newsletter-2026-12.');
	}
	if (!journal && campaignKey !== '') {
		throw invalidField(context, 0, FIELDS.journal, 'is not set', 'A Campaign Key needs a Journal to record the campaign in.');
	}
	if (campaignKey.length > MAX_CAMPAIGN_KEY_LENGTH) {
		throw invalidField(context, 0, FIELDS.campaignKey, `has ${campaignKey.length} characters; at most ${MAX_CAMPAIGN_KEY_LENGTH}`);
	}
	return {
		journal,
		campaignKey,
		resendUnknown: readBoolean(context, 0, FIELDS.resendUnknown, false),
		writeAhead: readBoolean(context, 0, FIELDS.writeAhead, false),
		optOutList: readTable(context, FIELDS.optOutList),
		dryRun: readBoolean(context, 0, FIELDS.dryRun, false),
	};
}

/** Whether the run needs the campaign machinery at all (otherwise the send path is unchanged). */
export function usesCampaign(settings: CampaignSettings): boolean {
	return settings.journal !== undefined || settings.optOutList !== undefined || settings.dryRun;
}
