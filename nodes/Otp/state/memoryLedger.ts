/**
 * The Fraud Guard's ledger without a data table: rows in memory, for one execution of the
 * node. It counts the items of that execution only; every execution starts from nothing.
 */
import type { BudgetCounter, GuardLedger, LedgerRow } from './ledger';
import { WINDOWS } from './ledger';

export function memoryLedger(): GuardLedger {
	let rows: LedgerRow[] = [];
	const budgets = new Map<number, BudgetCounter>();
	let lastId = 0;

	return {
		async add(entry) {
			lastId += 1;
			rows.push({ id: lastId, kind: 'code', ...entry });
			return lastId;
		},

		async related(entry, _ownId, hourStart) {
			const now = entry.issuedAt;
			const matches = (row: LedgerRow) =>
				(row.recipient === entry.recipient && row.issuedAt > now - WINDOWS.recipient) ||
				(row.prefix === entry.prefix && (row.issuedAt > now - WINDOWS.prefix || row.expiresAt > now)) ||
				(entry.requester !== undefined && row.requester === entry.requester && row.issuedAt > now - WINDOWS.requester);
			const budget = budgets.get(hourStart);
			return { rows: rows.filter(matches).map((row) => ({ ...row })), budget: budget && { ...budget } };
		},

		async remove(id) {
			rows = rows.filter((row) => row.id !== id);
		},

		async startCoolDown(prefix, now, until) {
			lastId += 1;
			rows.push({ id: lastId, kind: 'coolDown', prefix, issuedAt: now, expiresAt: until });
		},

		async takeBudget(hourStart, limit) {
			const counter = budgets.get(hourStart) ?? { id: 0, count: 0 };
			if (counter.count >= limit) return false;
			budgets.set(hourStart, { id: counter.id, count: counter.count + 1 });
			return true;
		},

		async returnBudget(hourStart) {
			const counter = budgets.get(hourStart);
			if (counter && counter.count > 0) budgets.set(hourStart, { id: counter.id, count: counter.count - 1 });
		},
	};
}
