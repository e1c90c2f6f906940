/**
 * The bad-input corpus of the campaign options: wrong or missing data tables, tables without
 * the columns, an n8n API that cannot be reached or refuses the key, a missing credential,
 * and options an expression spoiled. Each case runs Send and Bulk Send (Betatel SMS) with
 * three input items and must give a clear error before anything is sent: with Continue On
 * Fail one error item per input item naming the cause, without it the node's error; the
 * sandbox receives nothing and no secret shows.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { JOURNAL_COLUMNS } from '../../nodes/shared/campaign/journal';
import { forgetOptOutLists } from '../../nodes/shared/campaign/optOut';
import { betatelSmsFixture } from '../integration/support/fixtures';
import type { FakeN8nApi } from '../integration/support/fakeN8nApi';
import { FAKE_API_KEY, useFakeN8nApi } from '../integration/support/fakeN8nApi';
import { expectNoSecrets, useSandbox } from '../integration/support/sandbox';
import { byName, CAMPAIGN, campaignOptions, createJournal, createOptOutList, JOURNAL_NAME, OPT_OUT_NAME, runCampaign } from '../integration/campaign/support';

const handle = useSandbox();
const api = useFakeN8nApi();
beforeEach(() => forgetOptOutLists());

interface Case {
	name: string;
	setup?: (api: FakeN8nApi) => void;
	options: IDataObject;
	credential?: (api: FakeN8nApi) => ICredentialDataDecryptedObject | null;
	error: RegExp;
}

const optOut = (locator: IDataObject) => campaignOptions({ journal: '', campaignKey: '', optOutList: locator });

const CASES: Case[] = [
	{ name: 'a journal ID with characters no ID has', options: campaignOptions({ journal: { __rl: true, mode: 'id', value: 'abc def!' } }), error: /^Invalid "Journal" option in item 0: "abc def!" is not a data table ID/ },
	{ name: 'a journal picked from the list but left empty', options: campaignOptions({ journal: { __rl: true, mode: 'list', value: '' } }), error: /^Invalid "Journal" option in item 0: choose one, got an empty text/ },
	{ name: 'a journal name no table has', options: campaignOptions({ journal: byName('nope') }), error: /^No data table named "nope" is visible to the Data Table API credential's API key/ },
	{ name: 'a journal ID no table has', options: campaignOptions({ journal: { __rl: true, mode: 'id', value: 'NoSuchTable1' } }), error: /^Could not open data table "NoSuchTable1": n8n's API did not find it \(HTTP 404/ },
	{
		name: 'a journal without the columns',
		setup: (fake) => fake.createTable(JOURNAL_NAME, [{ name: 'campaign', type: 'string' }]),
		options: campaignOptions({}),
		error: /^Data table "sms-journal" lacks the columns a journal needs: recipient \(string\), contentHash \(string\), status \(string\), messageId \(string\), executionId \(string\), at \(date\)$/,
	},
	{
		name: 'a journal column of another type',
		setup: (fake) => fake.createTable(JOURNAL_NAME, JOURNAL_COLUMNS.map((column) => ({ ...column, type: column.name === 'at' ? 'number' : column.type }) as never)),
		options: campaignOptions({}),
		error: /lacks the columns a journal needs: at \(date\)$/,
	},
	{
		name: 'an opt-out list without a number column',
		setup: (fake) => fake.createTable(OPT_OUT_NAME, [{ name: 'phone', type: 'string' }]),
		options: optOut(byName(OPT_OUT_NAME)),
		error: /^Data table "sms-opt-out" lacks the columns an opt-out list needs: number \(string\)$/,
	},
	{
		name: 'two opt-out lists of the same name',
		setup: (fake) => {
			createOptOutList(fake, []);
			createOptOutList(fake, []);
		},
		options: optOut(byName(OPT_OUT_NAME)),
		error: /^2 data tables are named "sms-opt-out" \(in different projects\)/,
	},
	{ name: 'an opt-out list ID from an expression that gave a number', options: optOut({ __rl: true, mode: 'id', value: 12 }), error: /^Could not open data table "12": n8n's API did not find it/ },
	{ name: 'an n8n API nobody listens at', options: campaignOptions({}), credential: () => ({ apiUrl: `${handle.deadUrl()}/api/v1`, apiKey: FAKE_API_KEY }), error: /^Could not reach n8n's API at http:\/\/127\.0\.0\.1:\d+\/api\/v1/ },
	{ name: 'an API URL that is no URL', options: campaignOptions({}), credential: () => ({ apiUrl: 'localhost:5678', apiKey: FAKE_API_KEY }), error: /^The Data Table API credential has no valid API URL/ },
	{ name: 'an API key n8n refuses', options: campaignOptions({}), credential: (fake) => ({ apiUrl: `${fake.url}/api/v1`, apiKey: 'wrong' }), error: /^Could not list the data tables: n8n's API refused the API key \(HTTP 401/ },
	{ name: 'no Data Table API credential', options: campaignOptions({}), credential: () => null, error: /^The Campaign option needs a Data Table API credential/ },
	{ name: 'a journal without a campaign key', options: campaignOptions({ campaignKey: '' }), error: /^Invalid "Campaign Key" option in item 0: is empty/ },
	{ name: 'a campaign key without a journal', options: campaignOptions({ journal: '' }), error: /^Invalid "Journal" option in item 0: is not set/ },
	{ name: 'a campaign key of 201 characters', options: campaignOptions({ campaignKey: 'k'.repeat(201) }), error: /^Invalid "Campaign Key" option in item 0: has 201 characters; at most 200/ },
	{ name: 'Resend Unknown as text', options: campaignOptions({ resendUnknown: 'yes' as never }), error: /^Invalid "Resend Unknown" option in item 0: must be true or false, got the text "yes"/ },
	{ name: 'Dry Run as a number', options: { dryRun: 1 }, error: /^Invalid "Dry Run" option in item 0: must be true or false, got a number/ },
];

describe.each(['send', 'sendBulk'] as const)('%s', (operation) => {
	it.each(CASES.map((entry) => [entry.name, entry] as const))('refuses %s before sending anything', async (_name, entry) => {
		createJournal(api);
		if (entry.setup) {
			api.tables = api.tables.filter((table) => table.name !== JOURNAL_NAME || entry.name.startsWith('a journal ID'));
			entry.setup(api);
		}
		const items = ['+447911123456', '+447911123457', '+447911123458'].map((to) => ({ to, text: 'Sale' }));
		const credential = entry.credential?.(api);
		const run = (continueOnFail: boolean) =>
			runCampaign(handle, api, { fixture: betatelSmsFixture, operation, items, options: entry.options, continueOnFail, ...(entry.credential ? { dataTableCredential: credential } : {}) });

		const stopped = await run(false);
		expect(stopped.error?.message).toMatch(entry.error);
		const continued = await run(true);
		expect(continued.items?.map((item) => [item.pairedItem, item.json.status ?? 'error'])).toEqual(
			[0, 1, 2].map((item) => [{ item }, operation === 'sendBulk' ? 'invalid' : 'error']),
		);
		for (const item of continued.items ?? []) {
			const message = operation === 'sendBulk' ? (item.json.error as IDataObject).message : item.json.error;
			expect(message).toMatch(entry.error);
		}
		expect(handle.received()).toHaveLength(0);
		expect(api.tables.flatMap((table) => table.rows).filter((row) => row.campaign === CAMPAIGN)).toEqual([]);
		expectNoSecrets([stopped.error, continued.items], [FAKE_API_KEY]);
	});
});
