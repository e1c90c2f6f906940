/**
 * The opt-out list: an n8n data table with a `number` column of E.164 numbers that no send
 * operation may reach. Read once per run, before anything is sent.
 *
 * n8n's API serves at most 250 rows a request, so a long list is slow to read (a 100,000-row
 * list took seconds in n8n 2.41.1: docs/campaigns.md). Each n8n process therefore keeps the
 * lists it read, stamped with the table's `updatedAt`, which n8n moves on every row insert,
 * update and delete: a run asks for the stamp (one request, which also checks the columns)
 * and reads the rows again only when it moved.
 */
import type { DataTableRef } from '../n8nApi/dataTables';
import type { N8nApi } from '../n8nApi/n8nApi';
import type { TableColumn } from '../n8nApi/rows';
import { openTable, readAllRows } from '../n8nApi/rows';

export const OPT_OUT_COLUMNS: readonly TableColumn[] = [{ name: 'number', type: 'string' }];

/** Lists kept per process; a few, since one workflow rarely uses more than one. */
const MAX_KEPT_LISTS = 4;

export interface OptOutList {
	/** Whether the number (E.164) is on the list. */
	has(e164: string): boolean;
	readonly size: number;
	/** Rows whose `number` is not a number (left out), for a warning. */
	readonly unreadable: number;
	/** Whether the rows were read in this run (false: the kept copy was still current). */
	readonly fresh: boolean;
}

interface KeptList {
	stamp: string;
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

async function readList(api: N8nApi, table: DataTableRef, stamp: string): Promise<KeptList> {
	const digits = new Set<string>();
	let unreadable = 0;
	await readAllRows(api, table, [], (rows) => {
		for (const row of rows) {
			const listed = listedDigits(row.number);
			if (listed === null) {
				if (row.number !== null && row.number !== undefined && row.number !== '') unreadable++;
			} else digits.add(listed);
		}
	});
	return { stamp, digits, unreadable };
}

export async function loadOptOutList(api: N8nApi, table: DataTableRef): Promise<OptOutList> {
	const { updatedAt } = await openTable(api, table, OPT_OUT_COLUMNS, 'an opt-out list');
	const cacheKey = `${api.apiUrl}\u0000${table.id}`;
	let list = kept.get(cacheKey);
	const fresh = !list || updatedAt === '' || list.stamp !== updatedAt;
	if (fresh) {
		list = await readList(api, table, updatedAt);
		kept.delete(cacheKey);
		if (updatedAt !== '') kept.set(cacheKey, list);
		while (kept.size > MAX_KEPT_LISTS) kept.delete(kept.keys().next().value as string);
	}
	const { digits, unreadable } = list as KeptList;
	return { has: (e164) => digits.has(e164.replace(/^\+/, '')), size: digits.size, unreadable, fresh };
}

/** Forgets every kept list (tests). */
export function forgetOptOutLists(): void {
	kept.clear();
}
