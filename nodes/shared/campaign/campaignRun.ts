/**
 * One run of a send operation with campaign options: everything the journal and the opt-out
 * list need is read before the first request (a wrong table or an unreachable n8n API stops
 * the run before anything is sent); then each recipient is screened, and the send engine
 * reports each request's start and answer here (the outbox writes the journal).
 *
 * The send operations use three calls: `screen` while they read their input, `track` around
 * the send engine, `finish` after it.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { DataTableRef } from '../n8nApi/dataTables';
import { resolveDataTable } from '../n8nApi/dataTables';
import type { N8nApi } from '../n8nApi/n8nApi';
import { DATA_TABLE_CREDENTIAL, DATA_TABLE_CREDENTIAL_LABEL, connectN8nApi } from '../n8nApi/n8nApi';
import { insertRows, openTable } from '../n8nApi/rows';
import type { JournalEntry, JournalRecord } from './journal';
import { JOURNAL_COLUMNS, journalRow, judge, readJournal } from './journal';
import { messageKey } from './messageKey';
import type { OptOutList } from './optOut';
import { loadOptOutList } from './optOut';
import { Outbox } from './outbox';
import type { PacingSettings } from '../params/options';
import { readPacing } from '../params/options';
import type { CampaignSettings } from './settings';
import { readCampaignSettings, usesCampaign } from './settings';

/** A recipient of the run: the number (E.164) and the hash of the message it gets. */
export interface CampaignRecipient {
	e164: string;
	hash: string;
}

/** A recipient the run does not send to, and why (`duplicate`: sent by an earlier item). */
export interface Dropped {
	status: 'optedOut' | 'skipped' | 'unknown' | 'duplicate';
	note: string;
	/** The earlier message's ID (skipped) or null. */
	messageId?: string | null;
	/** When the journal recorded the earlier message as accepted (skipped). */
	acceptedAt?: string | null;
	/** When an earlier run started the message without hearing the answer (unknown). */
	startedAt?: string | null;
}

/** What the send engine learnt about one recipient of a request. */
export type RecipientOutcome =
	| { status: 'accepted'; messageId: string | null }
	| { status: 'failed' | 'unknown' }
	/** The request never left (cancelled, or stopped by an earlier failure). */
	| { status: 'notSent' };

/** The send engine's hooks: before a request leaves, and after its answer. */
export interface SendTracker {
	beforeStart(job: number): Promise<void>;
	/** Requests that may be written down before a slot is free for them. */
	ahead: number;
	afterReport(job: number, outcomes: RecipientOutcome[]): void;
}

export interface CampaignRun {
	readonly dryRun: boolean;
	/** Whether a journal records this run's messages. */
	readonly journaled: boolean;
	screen(recipient: CampaignRecipient): Dropped | undefined;
	/**
	 * Hooks for a run at `concurrency`; `recipientsOf(job)` names each request's recipients.
	 * Undefined when nothing is recorded (no journal, or a dry run).
	 */
	track(concurrency: number, recipientsOf: (job: number) => CampaignRecipient[]): SendTracker | undefined;
	/** Writes the answers not yet recorded; resolves a warning when the journal missed some. */
	finish(): Promise<string | undefined>;
}

const NOT_SENT_AGAIN = 'not sent again';

async function connect(context: IExecuteFunctions): Promise<N8nApi> {
	try {
		await context.getCredentials(DATA_TABLE_CREDENTIAL, 0);
	} catch (caught) {
		throw new NodeOperationError(context.getNode(), `The Campaign option needs a ${DATA_TABLE_CREDENTIAL_LABEL} credential`, {
			description: `Select one under "Credential to connect with" (${(caught as Error).message}).`,
		});
	}
	return await connectN8nApi(context, 0);
}

export async function openCampaign(context: IExecuteFunctions, settings: CampaignSettings): Promise<CampaignRun> {
	const campaign = settings.campaignKey;
	let journalTable: DataTableRef | undefined;
	let records = new Map<string, JournalRecord>();
	let optOut: OptOutList | undefined;
	let optOutTable: DataTableRef | undefined;
	let api: N8nApi | undefined;
	if (settings.journal || settings.optOutList) {
		api = await connect(context);
		if (settings.journal) {
			journalTable = await resolveDataTable(api, settings.journal);
			await openTable(api, journalTable, JOURNAL_COLUMNS, 'a journal');
			records = await readJournal(api, journalTable, campaign);
		}
		if (settings.optOutList) {
			optOutTable = await resolveDataTable(api, settings.optOutList);
			optOut = await loadOptOutList(api, optOutTable);
			if (optOut.unreadable > 0) {
				context.logger.warn(`Opt-out list ${optOutTable.label}: ${optOut.unreadable} rows hold no phone number in "number" and were left out`);
			}
		}
	}

	const executionId = String(context.getExecutionId?.() ?? '');
	let outbox: Outbox | undefined;
	const rowsOf = (entries: JournalEntry[]) => {
		const at = new Date();
		return entries.map((entry) => journalRow(campaign, executionId, entry, at));
	};

	return {
		dryRun: settings.dryRun,
		journaled: journalTable !== undefined,

		screen({ e164, hash }) {
			// An opt-out counts whatever the journal says: it is about now, not the last run.
			if (optOut?.has(e164)) {
				return { status: 'optedOut', note: `${e164} is on the opt-out list ${optOutTable?.label}; not sent.` };
			}
			if (!journalTable) return undefined;
			const verdict = judge(records.get(messageKey(e164, hash)), settings.resendUnknown);
			if (verdict.send) return undefined;
			const { record } = verdict;
			if (verdict.status === 'skipped') {
				return {
					status: 'skipped',
					messageId: record.messageId,
					acceptedAt: record.at,
					note: `Already accepted in campaign "${campaign}"${record.messageId ? ` as message ${record.messageId}` : ''}${record.at ? ` at ${record.at}` : ''}; ${NOT_SENT_AGAIN}.`,
				};
			}
			return {
				status: 'unknown',
				messageId: null,
				startedAt: record.at,
				note:
					`An earlier run of campaign "${campaign}" sent this message${record.at ? ` at ${record.at}` : ''} and stopped before its answer was recorded: ` +
					'it may have been delivered. Check with the provider (or the SMS Status Trigger\'s events); to send it again, turn on Resend Unknown.',
			};
		},

		track(concurrency, recipientsOf) {
			if (!journalTable || !api || settings.dryRun) return undefined;
			const table = journalTable;
			const connection = api;
			// Written ahead, a Concurrency more may be in doubt: those waiting for a slot.
			const ahead = settings.writeAhead ? concurrency : 0;
			const box = new Outbox({
				credits: concurrency + ahead,
				pendingRows: (job) => rowsOf(recipientsOf(job).map((recipient) => ({ recipient: recipient.e164, contentHash: recipient.hash, status: 'pending' }))),
				// What was sent is recorded even when the execution is cancelled meanwhile.
				write: async (rows) => await insertRows(connection, table, rows, 'record the messages', { outlivesCancel: true }),
			});
			outbox = box;
			return {
				beforeStart: async (job) => await box.ready(job),
				ahead,
				afterReport(job, outcomes) {
					const recipients = recipientsOf(job);
					box.record(
						job,
						rowsOf(
							outcomes.map((outcome, position) => ({
								recipient: recipients[position].e164,
								contentHash: recipients[position].hash,
								status: outcome.status,
								messageId: outcome.status === 'accepted' ? outcome.messageId : null,
							})),
						),
					);
				},
			};
		},

		async finish() {
			if (!outbox) return undefined;
			const failure = await outbox.finish();
			if (!failure) return undefined;
			return `The journal ${journalTable?.label} could not record every answer (${failure.message}): a rerun of campaign "${campaign}" reports those messages "unknown" instead of "skipped".`;
		},
	};
}

/** The run's settings every send operation reads first: pacing, and the campaign when one is set. */
export interface RunSettings {
	pacing: PacingSettings;
	campaign: CampaignRun | undefined;
}

/** Reads the run's settings; the journal and the opt-out list are read here, before anything is sent. */
export async function openRun(context: IExecuteFunctions): Promise<RunSettings> {
	const pacing = readPacing(context);
	const settings = readCampaignSettings(context);
	return { pacing, campaign: usesCampaign(settings) ? await openCampaign(context, settings) : undefined };
}
