/**
 * The delivery journal: an n8n data table in which a campaign's messages are an append-only
 * log of status rows, one per change (`pending` before a request leaves, then what became of
 * it), read once per run as the latest status of each message.
 *
 * Appending beats updating because n8n's API updates rows one filter at a time: a status per
 * message would be one request per message, where appending writes a whole window of
 * messages in one request (docs/campaigns.md has the figures).
 */
import type { IDataObject } from 'n8n-workflow';
import type { DataTableRef } from '../n8nApi/dataTables';
import type { N8nApi } from '../n8nApi/n8nApi';
import type { TableColumn } from '../n8nApi/rows';
import { readAllRows } from '../n8nApi/rows';
import { messageKey } from './messageKey';

export const JOURNAL_COLUMNS: readonly TableColumn[] = [
	{ name: 'campaign', type: 'string' },
	{ name: 'recipient', type: 'string' },
	{ name: 'contentHash', type: 'string' },
	{ name: 'status', type: 'string' },
	{ name: 'messageId', type: 'string' },
	{ name: 'executionId', type: 'string' },
	{ name: 'at', type: 'date' },
];

/**
 * `pending`: about to leave; `accepted`: taken by the provider; `failed`: refused, safe to
 * send again; `unknown`: left, no answer; `notSent`: written `pending` but never sent.
 */
export type JournalStatus = 'pending' | 'accepted' | 'failed' | 'unknown' | 'notSent';
const STATUSES: ReadonlySet<string> = new Set<JournalStatus>(['pending', 'accepted', 'failed', 'unknown', 'notSent']);

/** What the journal knows of one message: its settled state, for the next run to act on. */
export interface JournalRecord {
	status: JournalStatus;
	messageId: string | null;
	/** When the row was written (ISO time). */
	at: string | null;
}

/** One message's new status, as the run records it. */
export interface JournalEntry {
	recipient: string;
	contentHash: string;
	status: JournalStatus;
	messageId?: string | null;
}

/** The row a status is written as. */
export function journalRow(campaign: string, executionId: string, entry: JournalEntry, at: Date): IDataObject {
	return {
		campaign,
		recipient: entry.recipient,
		contentHash: entry.contentHash,
		status: entry.status,
		messageId: entry.messageId ?? null,
		executionId,
		at: at.toISOString(),
	};
}

/**
 * The state of each message of `campaign`, by messageKey. An `accepted` row settles a message
 * for good (a later row cannot unsend it); otherwise the latest row tells. Rows this node did
 * not write (a status it does not know) are left out.
 */
export async function readJournal(api: N8nApi, table: DataTableRef, campaign: string): Promise<Map<string, JournalRecord>> {
	const records = new Map<string, JournalRecord>();
	await readAllRows(api, table, [['campaign', 'eq', campaign]], (rows) => {
		for (const row of rows) {
			const status = typeof row.status === 'string' ? row.status : '';
			if (!STATUSES.has(status) || typeof row.recipient !== 'string' || typeof row.contentHash !== 'string') continue;
			const key = messageKey(row.recipient, row.contentHash);
			if (records.get(key)?.status === 'accepted') continue;
			records.set(key, {
				status: status as JournalStatus,
				messageId: typeof row.messageId === 'string' && row.messageId !== '' ? row.messageId : null,
				at: typeof row.at === 'string' ? row.at : null,
			});
		}
	});
	return records;
}

/** What a run does with one message, given what the journal knows of it. */
export type JournalVerdict =
	| { send: true }
	| { send: false; status: 'skipped' | 'unknown'; record: JournalRecord };

export function judge(record: JournalRecord | undefined, resendUnknown: boolean): JournalVerdict {
	if (!record || record.status === 'failed' || record.status === 'notSent') return { send: true };
	if (record.status === 'accepted') return { send: false, status: 'skipped', record };
	return resendUnknown ? { send: true } : { send: false, status: 'unknown', record };
}
