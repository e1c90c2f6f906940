/**
 * The OTP store in an n8n data table, through n8n's public API. Its compare-and-set is
 * `PATCH /data-tables/{id}/rows/update` with the filter `codeId = X AND attempts = N AND
 * used = false` and `returnData: true`: n8n runs the update in one transaction (see
 * tableRows.ts) and answers the rows it changed, so exactly one of several parallel
 * attempts that saw N gets a row back.
 */
import type { IDataObject } from 'n8n-workflow';
import type { N8nApi } from '../../shared/n8nApi/n8nApi';
import type { OtpStore, TokenState } from './store';
import { ROW_RETENTION_MS } from './store';
import type { DataTableRef } from './tableRows';
import { filterOf, tableRows } from './tableRows';

export type { DataTableRef } from './tableRows';

export function dataTableStore(api: N8nApi, table: DataTableRef): OtpStore {
	const rows = tableRows(api, table);

	async function firstRow(filter: IDataObject, sortBy?: string): Promise<IDataObject | undefined> {
		return (await rows.select(filter, { limit: 1, sortBy }))[0];
	}

	return {
		async removeStale(now) {
			await rows.deleteWhere(filterOf(['issuedAt', 'lt', now - ROW_RETENTION_MS]));
		},

		async register(code) {
			return await rows.insert({ ...code, attempts: 0, used: false }, 'Could not add the code');
		},

		async lastIssuedSince(recipient, since, exceptRowId) {
			const latest = await firstRow(
				filterOf(['recipient', 'eq', recipient], ['issuedAt', 'gt', since], ['id', 'neq', exceptRowId]),
				'issuedAt:desc',
			);
			return typeof latest?.issuedAt === 'number' ? latest.issuedAt : undefined;
		},

		async remove(rowId) {
			await rows.deleteWhere(filterOf(['id', 'eq', rowId]));
		},

		async read(tokenId): Promise<TokenState | undefined> {
			const row = await firstRow(filterOf(['codeId', 'eq', tokenId]));
			if (!row) return undefined;
			return { attempts: Number(row.attempts ?? 0), used: row.used === true };
		},

		async recordAttempt(tokenId, seenAttempts, approve) {
			const changed = await rows.update(
				filterOf(['codeId', 'eq', tokenId], ['attempts', 'eq', seenAttempts], ['used', 'eq', false]),
				{ attempts: seenAttempts + 1, used: approve },
				'Could not count the attempt',
			);
			return changed > 0;
		},
	} satisfies OtpStore;
}
