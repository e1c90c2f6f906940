/**
 * Campaign runs of the provider nodes in n8n-core's execution engine, against the provider
 * sandbox and the stand-in for n8n's data table API: the journal and opt-out tables, the
 * node's parameters with the Campaign options, and readers of what the journal holds.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { JOURNAL_COLUMNS } from '../../../nodes/shared/campaign/journal';
import { OPT_OUT_COLUMNS } from '../../../nodes/shared/campaign/optOut';
import type { RunResult } from '../../harness/workflowRunner';
import { runNode } from '../../harness/workflowRunner';
import type { FakeN8nApi } from '../support/fakeN8nApi';
import { FAKE_API_KEY } from '../support/fakeN8nApi';
import type { SendFixture } from '../support/providerContract';
import type { SandboxHandle } from '../support/sandbox';

export const JOURNAL_NAME = 'sms-journal';
export const OPT_OUT_NAME = 'sms-opt-out';
export const CAMPAIGN = 'newsletter-2026-12';

export function createJournal(api: FakeN8nApi) {
	return api.createTable(JOURNAL_NAME, JOURNAL_COLUMNS.map((column) => ({ ...column }) as never));
}

export function createOptOutList(api: FakeN8nApi, numbers: string[]) {
	const table = api.createTable(OPT_OUT_NAME, OPT_OUT_COLUMNS.map((column) => ({ ...column }) as never));
	numbers.forEach((number, index) => table.rows.push({ id: index + 1, number }));
	table.nextId = numbers.length + 1;
	return table;
}

export const byName = (value: string) => ({ __rl: true, mode: 'name', value });

export interface CampaignOptions {
	journal?: IDataObject | string;
	campaignKey?: string;
	optOutList?: IDataObject | string;
	resendUnknown?: boolean;
	writeAhead?: boolean;
}

/** The node's Options with the campaign group (journal and campaign key by default). */
export function campaignOptions(campaign: CampaignOptions | null, extra: IDataObject = {}): IDataObject {
	if (campaign === null) return extra;
	const { journal = byName(JOURNAL_NAME), campaignKey = CAMPAIGN, ...rest } = campaign;
	const group: IDataObject = { ...rest };
	if (journal !== '') group.journal = journal as IDataObject;
	if (campaignKey !== '') group.campaignKey = campaignKey;
	return { ...extra, campaign: group };
}

export interface CampaignRun {
	fixture: SendFixture;
	operation: 'send' | 'sendBulk';
	items: IDataObject[];
	options: IDataObject;
	continueOnFail?: boolean;
	dataTableCredential?: ICredentialDataDecryptedObject | null;
	/** Cancels the execution (as n8n's Stop does) once this resolves. */
	cancelOn?: Promise<unknown>;
}

/** Runs the fixture's node (Send, or Bulk Send reading `recipients` from `$json.to`). */
export async function runCampaign(handle: SandboxHandle, api: FakeN8nApi, run: CampaignRun): Promise<RunResult> {
	const { fixture } = run;
	const { to: _to, numbers: _numbers, options: _options, ...rest } = fixture.parameters;
	const recipients =
		run.operation === 'sendBulk'
			? { recipients: '={{ $json.to }}' }
			: fixture.parameters.numbers !== undefined
				? { numbers: '={{ $json.to }}' }
				: { to: '={{ $json.to }}' };
	const operation = run.operation === 'send' ? fixture.parameters.operation : fixture.parameters.operation === 'sendOtp' ? 'sendOtpBulk' : 'sendBulk';
	const withTable = run.dataTableCredential !== null;
	return await runNode(
		{
			type: fixture.nodeType,
			credentials: {
				[fixture.credentialType]: { id: '1', name: fixture.provider },
				...(withTable ? { otpDataTableApi: { id: '2', name: 'Data Table API' } } : {}),
			},
			parameters: { ...rest, operation, ...recipients, options: run.options },
			continueOnFail: run.continueOnFail,
		},
		run.items,
		{
			[fixture.credentialType]: fixture.credentials(handle.url()),
			...(withTable ? { otpDataTableApi: run.dataTableCredential ?? { apiUrl: `${api.url}/api/v1`, apiKey: FAKE_API_KEY } } : {}),
		},
		{ cancelOn: run.cancelOn },
	);
}

/** The JSON of each output item; fails the test with the node's error if it stopped. */
export function outputOf(result: RunResult): IDataObject[] {
	if (result.error) throw new Error(`node failed: ${result.error.message} ${result.error.description ?? ''}`);
	return (result.items ?? []).map((item) => item.json);
}

export const statusesOf = (items: IDataObject[]) => items.map((item) => item.status);

/** The journal's rows as [recipient, status] pairs, in the order they were written. */
export function journalRows(api: FakeN8nApi, campaign = CAMPAIGN): Array<[string, string]> {
	const table = api.tables.find((candidate) => candidate.name === JOURNAL_NAME);
	return (table?.rows ?? []).filter((row) => row.campaign === campaign).map((row) => [String(row.recipient), String(row.status)]);
}

/** How many journal rows of each status. */
export function journalCounts(api: FakeN8nApi, campaign = CAMPAIGN): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const [, status] of journalRows(api, campaign)) counts[status] = (counts[status] ?? 0) + 1;
	return counts;
}

/** The numbers the sandbox accepted, in international digits (the gateway's national form read back). */
export function acceptedNumbers(handle: SandboxHandle): string[] {
	return (handle.sandbox.accepted as Array<{ to: string }>).map((entry) => entry.to.replace(/^0/, '254')).sort();
}
