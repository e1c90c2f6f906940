/**
 * The OTP store in an n8n data table, through n8n's public API. Its compare-and-set is
 * `PATCH /data-tables/{id}/rows/update` with the filter `codeId = X AND attempts = N AND
 * used = false` and `returnData: true`: n8n runs the update in one transaction (on SQLite
 * every write transaction is serialized, `BEGIN IMMEDIATE`; on Postgres it is an
 * `UPDATE … WHERE … RETURNING`), and answers the rows it changed, so exactly one of several
 * parallel attempts that saw N gets a row back.
 */
import type { IDataObject } from 'n8n-workflow';
import type { DataTableRef } from '../../shared/n8nApi/dataTables';
import type { ApiRequest, N8nApi } from '../../shared/n8nApi/n8nApi';
import type { Condition, FilterValue } from '../../shared/n8nApi/rows';
import { isOk, rowFilter } from '../../shared/n8nApi/rows';
import { describeColumns, missingColumns } from './columns';
import type { OtpStore, TokenState } from './store';
import { ROW_RETENTION_MS } from './store';

/** n8n's row filter: every condition must hold. */
const filterOf = (...conditions: Array<[string, Condition, FilterValue]>): IDataObject => rowFilter('and', conditions);

export function dataTableStore(api: N8nApi, table: DataTableRef): OtpStore {
	const rowsPath = `/data-tables/${encodeURIComponent(table.id)}/rows`;

	/** Sends a request and returns the answer's body, or throws what went wrong, in words. */
	async function send(request: ApiRequest, what: string): Promise<unknown> {
		const answer = await api.call(request);
		if (isOk(answer)) return answer.body;
		if (answer.statusCode === 400) await explainMissingColumns();
		throw api.failure(answer, `${what} in data table ${table.label}`);
	}

	/** A 400 from n8n most often means the table lacks a column: then say which. */
	async function explainMissingColumns(): Promise<void> {
		const answer = await api.call({ method: 'GET', path: `/data-tables/${encodeURIComponent(table.id)}` });
		const columns = (answer.body as IDataObject | undefined)?.columns;
		if (!isOk(answer) || !Array.isArray(columns)) return;
		const missing = missingColumns(columns as Array<{ name: string; type: string }>);
		if (missing.length === 0) return;
		throw api.error(
			`Data table ${table.label} lacks the columns the OTP node needs: ${describeColumns(missing)}`,
			`Add them in n8n (open the data table, add a column), or pick another table. The node needs ${describeColumns()}.`,
		);
	}

	async function firstRow(filter: IDataObject, extra: IDataObject = {}): Promise<IDataObject | undefined> {
		const qs = { filter: JSON.stringify(filter), limit: 1, ...extra };
		const body = await send({ method: 'GET', path: rowsPath, qs }, 'Could not read the rows');
		const data = (body as IDataObject | undefined)?.data;
		return Array.isArray(data) ? (data[0] as IDataObject | undefined) : undefined;
	}

	async function deleteWhere(filter: IDataObject): Promise<void> {
		const qs = { filter: JSON.stringify(filter) };
		await send({ method: 'DELETE', path: `${rowsPath}/delete`, qs }, 'Could not delete rows');
	}

	return {
		async removeStale(now) {
			await deleteWhere(filterOf(['issuedAt', 'lt', now - ROW_RETENTION_MS]));
		},

		async register(code) {
			const row: IDataObject = { ...code, attempts: 0, used: false };
			const body = await send(
				{ method: 'POST', path: rowsPath, body: { data: [row], returnType: 'id' } },
				'Could not add the code',
			);
			const id = Array.isArray(body) ? (body[0] as IDataObject | undefined)?.id : undefined;
			if (typeof id !== 'number') {
				throw api.error(`n8n's API added the code to data table ${table.label} but answered no row id`);
			}
			return id;
		},

		async lastIssuedSince(recipient, since, exceptRowId) {
			const latest = await firstRow(
				filterOf(['recipient', 'eq', recipient], ['issuedAt', 'gt', since], ['id', 'neq', exceptRowId]),
				{ sortBy: 'issuedAt:desc' },
			);
			return typeof latest?.issuedAt === 'number' ? latest.issuedAt : undefined;
		},

		async remove(rowId) {
			await deleteWhere(filterOf(['id', 'eq', rowId]));
		},

		async read(tokenId): Promise<TokenState | undefined> {
			const row = await firstRow(filterOf(['codeId', 'eq', tokenId]));
			if (!row) return undefined;
			return { attempts: Number(row.attempts ?? 0), used: row.used === true };
		},

		async recordAttempt(tokenId, seenAttempts, approve) {
			const body = await send(
				{
					method: 'PATCH',
					path: `${rowsPath}/update`,
					body: {
						filter: filterOf(['codeId', 'eq', tokenId], ['attempts', 'eq', seenAttempts], ['used', 'eq', false]),
						data: { attempts: seenAttempts + 1, used: approve },
						returnData: true,
					},
				},
				'Could not count the attempt',
			);
			return Array.isArray(body) && body.length > 0;
		},
	} satisfies OtpStore;
}

