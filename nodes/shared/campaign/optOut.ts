/**
 * The opt-out list: an n8n data table with a `number` column of E.164 numbers that no send
 * operation may reach. Read once per run, before anything is sent.
 *
 * n8n's API serves at most 250 rows a request, so a long list is slow to read (100,000 rows
 * take seconds in n8n 2.41.1: docs/campaigns.md). Each n8n process therefore keeps the lists
 * it read, stamped with the table's `updatedAt`, which n8n moves on every row insert, update
 * and delete. A run asks for the stamp (one request, which also checks the columns), then:
 * - unchanged: the kept copy serves;
 * - changed, and rows were added (ids above the highest kept): only those are read;
 * - changed without a new row (an edit or a delete), or the copy was read whole more than
 *   FULL_READ_AFTER_MS ago, or none is kept: the whole list is read.
 * A number added is therefore honoured at once; one edited or deleted alongside additions, at
 * the next whole read.
 */
import type { DataTableRef } from '../n8nApi/dataTables';
import type { N8nApi } from '../n8nApi/n8nApi';
import type { TableColumn } from '../n8nApi/rows';
import { openTable, readAllRows } from '../n8nApi/rows';

export const OPT_OUT_COLUMNS: readonly TableColumn[] = [{ name: 'number', type: 'string' }];

/** Lists kept per process; a few, since one workflow rarely uses more than one. */
const MAX_KEPT_LISTS = 4;
/** A kept list is read whole again after this long, so that edits and deletes show. */
export const FULL_READ_AFTER_MS = 10 * 60_000;
/**
 * Rows added are read from this many ids below the highest kept: on PostgreSQL, inserts of
 * concurrent transactions may commit out of id order, and a row with a lower id could appear
 * after a higher one was read.
 */
const ADDED_ROWS_OVERLAP = 200;

export interface OptOutList {
	/** Whether the number (E.164) is on the list. */
	has(e164: string): boolean;
	readonly size: number;
	/** Rows whose `number` is not a number (left out), for a warning. */
	readonly unreadable: number;
	/** What this run read: the whole list, only the rows added since, or nothing. */
	readonly read: 'whole' | 'added' | 'none';
}

interface KeptList {
	stamp: string;
	/** The highest row id read. */
	maxId: number;
	/** When the list was last read whole (Date.now()). */
	readWholeAt: number;
	digits: Set<string>;
	unreadable: number;
}

const kept = new Map<string, KeptList>();

/** International digits of a listed number: `+254 701-234 567` → `254701234567`; null if it is none. */
export function listedDigits(value: unknown): string | null {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const text = String(value).trim();
	if (!/^[+\d\s().-]+$/.test(text) || text.split('+').length > 2) return null;
	const digits = text.replace(/\D/g, '');
	return digits.length >= 6 && digits.length <= 15 ? digits : null;
}

/** Reads the rows above `from` into `list`; resolves how many are above its highest id. */
async function readInto(api: N8nApi, table: DataTableRef, list: KeptList, from: number): Promise<number> {
	let added = 0;
	await readAllRows(api, table, from > 0 ? [['id', 'gt', from]] : [], (rows) => {
		for (const row of rows) {
			const isNew = typeof row.id === 'number' && row.id > list.maxId;
			if (isNew) {
				added++;
				list.maxId = row.id as number;
			}
			const listed = listedDigits(row.number);
			if (listed !== null) list.digits.add(listed);
			else if (isNew && row.number !== null && row.number !== undefined && row.number !== '') list.unreadable++;
		}
	});
	return added;
}

export async function loadOptOutList(api: N8nApi, table: DataTableRef, now = Date.now()): Promise<OptOutList> {
	const { updatedAt } = await openTable(api, table, OPT_OUT_COLUMNS, 'an opt-out list');
	const cacheKey = `${api.apiUrl}\u0000${table.id}`;
	const known = kept.get(cacheKey);
	let list: KeptList;
	let read: OptOutList['read'] = 'none';
	if (known && updatedAt !== '' && known.stamp === updatedAt) {
		list = known;
	} else if (
		known &&
		updatedAt !== '' &&
		now - known.readWholeAt < FULL_READ_AFTER_MS &&
		(await readInto(api, table, known, Math.max(0, known.maxId - ADDED_ROWS_OVERLAP))) > 0
	) {
		list = known;
		list.stamp = updatedAt;
		read = 'added';
	} else {
		list = { stamp: updatedAt, maxId: 0, readWholeAt: now, digits: new Set(), unreadable: 0 };
		await readInto(api, table, list, 0);
		read = 'whole';
	}
	kept.delete(cacheKey);
	if (updatedAt !== '') kept.set(cacheKey, list);
	while (kept.size > MAX_KEPT_LISTS) kept.delete(kept.keys().next().value as string);
	const { digits, unreadable } = list;
	return { has: (e164) => digits.has(e164.replace(/^\+/, '')), size: digits.size, unreadable, read };
}

/** Forgets every kept list (tests). */
export function forgetOptOutLists(): void {
	kept.clear();
}
