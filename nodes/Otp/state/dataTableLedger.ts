/**
 * The Fraud Guard's ledger in the OTP node's data table. A code the guard lets through is
 * the code's own row, with `prefix` and `requester` filled in; a cool-down is a row with
 * codeId `guard:coolDown`; the budget of a clock hour is a row with codeId
 * `guard:budget:<hour start>` whose `attempts` counts the hour's codes. All of them have an
 * `issuedAt`, so the clean-up that removes code rows a day old removes them too.
 *
 * One request reads everything it needs with one `or` filter (number, prefix, requester,
 * budget), newest first; only when that page is full does it read each key on its own.
 */
import type { IDataObject } from 'n8n-workflow';
import { GUARD_COLUMNS, OTP_COLUMNS } from './columns';
import type { BudgetCounter, GuardEntry, GuardLedger, LedgerRow, RelatedRows } from './ledger';
import { HOUR_MS, MAX_BUDGET_ROUNDS, WINDOWS } from './ledger';
import type { N8nApi } from '../../shared/n8nApi/n8nApi';
import { ROW_RETENTION_MS } from './store';
import type { DataTableRef, FilterTerm } from './tableRows';
import { PAGE_SIZE } from '../../shared/n8nApi/rows';
import { anyOf, filterOf, tableRows } from './tableRows';

const COOL_DOWN_ID = 'guard:coolDown';
const CLEAN_UP_EVERY = 16;
const budgetId = (hourStart: number) => `guard:budget:${hourStart}`;

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

function toLedgerRow(row: IDataObject): LedgerRow {
	return {
		id: Number(row.id),
		kind: row.codeId === COOL_DOWN_ID ? 'coolDown' : 'code',
		recipient: text(row.recipient),
		prefix: text(row.prefix),
		requester: text(row.requester),
		issuedAt: Number(row.issuedAt),
		expiresAt: Number(row.expiresAt),
	};
}

/** The hour's counter: the lowest id if two requests created it at once (the other goes). */
function budgetOf(rows: IDataObject[], hourStart: number): BudgetCounter | undefined {
	const counters = rows.filter((row) => row.codeId === budgetId(hourStart)).sort((a, b) => Number(a.id) - Number(b.id));
	return counters[0] ? { id: Number(counters[0].id), count: Number(counters[0].attempts ?? 0) } : undefined;
}

export function dataTableLedger(api: N8nApi, table: DataTableRef): GuardLedger {
	const rows = tableRows(api, table, [...OTP_COLUMNS, ...GUARD_COLUMNS]);
	const newestFirst = { limit: PAGE_SIZE, sortBy: 'id:desc' };

	const readBudget = async (hourStart: number) =>
		budgetOf(await rows.select(filterOf(['codeId', 'eq', budgetId(hourStart)]), { limit: 1 }), hourStart);

	/** The same rows, one key at a time, each read limited to its window and to older rows. */
	async function readEachKey(entry: GuardEntry, ownId: number, hourStart: number): Promise<RelatedRows> {
		const now = entry.issuedAt;
		const older = (...terms: FilterTerm[]) => rows.select(filterOf(...terms, ['id', 'lt', ownId]), newestFirst);
		const pages = await Promise.all([
			older(['recipient', 'eq', entry.recipient], ['issuedAt', 'gt', now - WINDOWS.recipient]),
			older(['prefix', 'eq', entry.prefix], ['issuedAt', 'gt', now - WINDOWS.prefix]),
			entry.requester ? older(['requester', 'eq', entry.requester], ['issuedAt', 'gt', now - WINDOWS.requester]) : [],
			rows.select(filterOf(['prefix', 'eq', entry.prefix], ['codeId', 'eq', COOL_DOWN_ID], ['expiresAt', 'gt', now]), {
				limit: 1,
				sortBy: 'expiresAt:desc',
			}),
		]);
		const byId = new Map(pages.flat().map((row) => [Number(row.id), row]));
		return { rows: [...byId.values()].map(toLedgerRow), budget: await readBudget(hourStart) };
	}

	return {
		async add(entry) {
			const id = await rows.insert({ ...entry, attempts: 0, used: false }, 'Could not add the code');
			// Rows a day old go with every CLEAN_UP_EVERY-th row added rather than with each: the
			// table still stops growing, and most requests are spared a write.
			if (id % CLEAN_UP_EVERY === 0) await rows.deleteWhere(filterOf(['issuedAt', 'lt', entry.issuedAt - ROW_RETENTION_MS]));
			return id;
		},

		async related(entry, ownId, hourStart) {
			const terms: FilterTerm[] = [
				['recipient', 'eq', entry.recipient],
				['prefix', 'eq', entry.prefix],
				...(entry.requester ? [['requester', 'eq', entry.requester] as FilterTerm] : []),
				['codeId', 'eq', budgetId(hourStart)],
			];
			const page = await rows.select(anyOf(...terms), newestFirst);
			if (page.length >= PAGE_SIZE) return await readEachKey(entry, ownId, hourStart);
			const guardRows = page.filter((row) => row.codeId !== budgetId(hourStart));
			return { rows: guardRows.map(toLedgerRow), budget: budgetOf(page, hourStart) };
		},

		async remove(id) {
			await rows.deleteWhere(filterOf(['id', 'eq', id]));
		},

		async startCoolDown(prefix, now, until) {
			const row = { codeId: COOL_DOWN_ID, recipient: '', prefix, attempts: 0, used: false, issuedAt: now, expiresAt: until };
			await rows.insert(row, 'Could not start the cool-down');
		},

		async takeBudget(hourStart, limit, seen) {
			let counter = seen;
			for (let round = 0; round < MAX_BUDGET_ROUNDS; round++) {
				if (!counter) {
					const counterRow = { codeId: budgetId(hourStart), recipient: '', attempts: 1, used: false };
					const id = await rows.insert(
						{ ...counterRow, issuedAt: hourStart, expiresAt: hourStart + HOUR_MS },
						"Could not start the hour's budget",
					);
					counter = await readBudget(hourStart);
					if (counter?.id === id) return true;
					// Another request started the hour's counter first: count in that one.
					await rows.deleteWhere(filterOf(['id', 'eq', id]));
					continue;
				}
				if (counter.count >= limit) return false;
				const counted = await rows.update(
					filterOf(['id', 'eq', counter.id], ['attempts', 'eq', counter.count]),
					{ attempts: counter.count + 1 },
					'Could not count the code in the budget',
				);
				if (counted > 0) return true;
				counter = await readBudget(hourStart);
			}
			throw api.error(
				`The Fraud Guard could not count this code in the hour's budget: ${MAX_BUDGET_ROUNDS} other codes were counted while it tried`,
				'So many codes were asked for at the same moment that this one gave up; the request can be tried again.',
			);
		},

		async returnBudget(hourStart) {
			// Should every round lose, the hour counts one code too many: it errs on the safe side.
			for (let round = 0; round < MAX_BUDGET_ROUNDS; round++) {
				const counter = await readBudget(hourStart);
				if (!counter || counter.count === 0) return;
				const returned = await rows.update(
					filterOf(['id', 'eq', counter.id], ['attempts', 'eq', counter.count]),
					{ attempts: counter.count - 1 },
					'Could not give back a place in the budget',
				);
				if (returned > 0) return;
			}
		},
	};
}
