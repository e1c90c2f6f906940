/**
 * The row requests of n8n's public data table API, for one table, as the OTP node's stores
 * use them. Every write is one request that n8n runs in one transaction (on SQLite every
 * write transaction is serialized; on Postgres an update is `UPDATE … WHERE … RETURNING`),
 * so an update whose filter names the value it expects is a compare-and-set.
 */
import type { IDataObject } from 'n8n-workflow';
import type { DataTableRef } from '../../shared/n8nApi/dataTables';
import type { ApiRequest, N8nApi } from '../../shared/n8nApi/n8nApi';
import type { Condition, FilterValue, TableColumn } from '../../shared/n8nApi/rows';
import { describeColumns, isOk, missingColumns, rowFilter, rowsPath } from '../../shared/n8nApi/rows';
import { OTP_COLUMNS } from './columns';

export type { DataTableRef };
export type FilterTerm = [string, Condition, FilterValue];

/** n8n's row filter: every term must hold (`and`), or any one (`or`). */
export const filterOf = (...terms: FilterTerm[]): IDataObject => rowFilter('and', terms);
export const anyOf = (...terms: FilterTerm[]): IDataObject => rowFilter('or', terms);

export interface SelectOptions {
	limit: number;
	/** e.g. `issuedAt:desc`; n8n orders by id otherwise. */
	sortBy?: string;
}

export interface TableRows {
	select(filter: IDataObject, options: SelectOptions): Promise<IDataObject[]>;
	/** Adds one row; resolves its id. */
	insert(row: IDataObject, what: string): Promise<number>;
	/** Updates the rows the filter matches; resolves how many it changed. */
	update(filter: IDataObject, data: IDataObject, what: string): Promise<number>;
	deleteWhere(filter: IDataObject): Promise<void>;
}

/**
 * `columns` are the ones the caller needs: when n8n answers 400 (most often a column the
 * table lacks), the error names those missing from the table.
 */
export function tableRows(api: N8nApi, table: DataTableRef, columns: readonly TableColumn[] = OTP_COLUMNS): TableRows {
	const path = rowsPath(table);

	/** Sends a request and returns the answer's body, or throws what went wrong, in words. */
	async function send(request: ApiRequest, what: string): Promise<unknown> {
		const answer = await api.call(request);
		if (isOk(answer)) return answer.body;
		if (answer.statusCode === 400) await explainMissingColumns();
		throw api.failure(answer, `${what} in data table ${table.label}`);
	}

	async function explainMissingColumns(): Promise<void> {
		const answer = await api.call({ method: 'GET', path: `/data-tables/${encodeURIComponent(table.id)}` });
		const actual = (answer.body as IDataObject | undefined)?.columns;
		if (!isOk(answer) || !Array.isArray(actual)) return;
		const missing = missingColumns(actual as TableColumn[], columns);
		if (missing.length === 0) return;
		throw api.error(
			`Data table ${table.label} lacks the columns the OTP node needs: ${describeColumns(missing)}`,
			`Add them in n8n (open the data table, add a column), or pick another table. The node needs ${describeColumns(columns)}.`,
		);
	}

	return {
		async select(filter, { limit, sortBy }) {
			const qs = { filter: JSON.stringify(filter), limit, ...(sortBy ? { sortBy } : {}) };
			const body = await send({ method: 'GET', path, qs }, 'Could not read the rows');
			const data = (body as IDataObject | undefined)?.data;
			return Array.isArray(data) ? (data as IDataObject[]) : [];
		},

		async insert(row, what) {
			const body = await send({ method: 'POST', path, body: { data: [row], returnType: 'id' } }, what);
			const id = Array.isArray(body) ? (body[0] as IDataObject | undefined)?.id : undefined;
			if (typeof id !== 'number') throw api.error(`n8n's API added a row to data table ${table.label} but answered no row id`);
			return id;
		},

		async update(filter, data, what) {
			const body = await send(
				{ method: 'PATCH', path: `${path}/update`, body: { filter, data, returnData: true } },
				what,
			);
			return Array.isArray(body) ? body.length : 0;
		},

		async deleteWhere(filter) {
			const qs = { filter: JSON.stringify(filter) };
			await send({ method: 'DELETE', path: `${path}/delete`, qs }, 'Could not delete rows');
		},
	};
}
