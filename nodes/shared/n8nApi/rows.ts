/**
 * Rows of an n8n data table through the public API: the filter format, the table's columns
 * checked against what a feature needs, every row read in one pass, and bulk inserts.
 *
 * n8n 2.41.1 answers at most 250 rows per page and pages with an offset cursor whose every
 * page counts the rows again; the pass here pages by id instead (`id > last`, sorted by
 * id), which stays cheap however far it has read.
 */
import type { IDataObject } from 'n8n-workflow';
import type { DataTableRef } from './dataTables';
import type { ApiAnswer, N8nApi } from './n8nApi';

export type Condition = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
export type FilterValue = string | number | boolean | null;

/** n8n's row filter: every condition must hold (`and`) or any one (`or`). */
export function rowFilter(type: 'and' | 'or', conditions: Array<[string, Condition, FilterValue]>): IDataObject {
	return { type, filters: conditions.map(([columnName, condition, value]) => ({ columnName, condition, value })) };
}

export const isOk = (answer: ApiAnswer): boolean => answer.statusCode >= 200 && answer.statusCode < 300;

export interface TableColumn {
	name: string;
	type: string;
}

/** "codeId (string), …": columns as the docs and the errors list them. */
export function describeColumns(columns: readonly TableColumn[]): string {
	return columns.map((column) => `${column.name} (${column.type})`).join(', ');
}

/** The wanted columns a table lacks or has with another type. */
export function missingColumns(actual: readonly TableColumn[], wanted: readonly TableColumn[]): TableColumn[] {
	return wanted.filter((need) => !actual.some((column) => column.name === need.name && column.type === need.type));
}

export const PAGE_SIZE = 250;

export const rowsPath = (table: DataTableRef): string => `/data-tables/${encodeURIComponent(table.id)}/rows`;

export interface TableInfo {
	columns: TableColumn[];
	/** When n8n last changed the table or any of its rows (ISO time), as n8n stamps it. */
	updatedAt: string;
}

/** The table's columns and last change; an error in words if it cannot be read. */
export async function readTableInfo(api: N8nApi, table: DataTableRef): Promise<TableInfo> {
	const answer = await api.call({ method: 'GET', path: `/data-tables/${encodeURIComponent(table.id)}` });
	if (!isOk(answer)) throw api.failure(answer, `Could not open data table ${table.label}`);
	const body = (answer.body ?? {}) as IDataObject;
	const columns = Array.isArray(body.columns)
		? (body.columns as IDataObject[]).map((column) => ({ name: String(column.name), type: String(column.type) }))
		: [];
	return { columns, updatedAt: typeof body.updatedAt === 'string' ? body.updatedAt : '' };
}

/**
 * Opens a table for a feature (`purpose`, e.g. "a journal") and checks it has the columns the
 * feature needs, so that a wrong table is reported before anything is sent.
 */
export async function openTable(
	api: N8nApi,
	table: DataTableRef,
	wanted: readonly TableColumn[],
	purpose: string,
): Promise<TableInfo> {
	const info = await readTableInfo(api, table);
	const missing = missingColumns(info.columns, wanted);
	if (missing.length > 0) {
		throw api.error(
			`Data table ${table.label} lacks the columns ${purpose} needs: ${describeColumns(missing)}`,
			`Add them in n8n (open the data table, add a column), or pick another table. The columns are ${describeColumns(wanted)}.`,
		);
	}
	return info;
}

/**
 * Every row matching `conditions` (all of them), page by page in id order; `onPage` gets each
 * page as it arrives, so a long table is never held as answers.
 */
export async function readAllRows(
	api: N8nApi,
	table: DataTableRef,
	conditions: Array<[string, Condition, FilterValue]>,
	onPage: (rows: IDataObject[]) => void,
): Promise<void> {
	let lastId = 0;
	for (;;) {
		const filter = rowFilter('and', [...conditions, ['id', 'gt', lastId]]);
		const answer = await api.call({
			method: 'GET',
			path: rowsPath(table),
			qs: { filter: JSON.stringify(filter), sortBy: 'id:asc', limit: PAGE_SIZE },
		});
		if (!isOk(answer)) throw api.failure(answer, `Could not read the rows of data table ${table.label}`);
		const data = (answer.body as IDataObject | undefined)?.data;
		const rows = Array.isArray(data) ? (data as IDataObject[]) : [];
		if (rows.length > 0) onPage(rows);
		const last = rows.length > 0 ? rows[rows.length - 1].id : undefined;
		if (rows.length < PAGE_SIZE || typeof last !== 'number' || last <= lastId) return;
		lastId = last;
	}
}

/** Adds rows in one request (n8n writes them in one transaction). */
export async function insertRows(
	api: N8nApi,
	table: DataTableRef,
	rows: IDataObject[],
	what: string,
	{ outlivesCancel = false }: { outlivesCancel?: boolean } = {},
): Promise<void> {
	if (rows.length === 0) return;
	const answer = await api.call({ method: 'POST', path: rowsPath(table), body: { data: rows, returnType: 'count' }, outlivesCancel });
	if (!isOk(answer)) throw api.failure(answer, `Could not ${what} in data table ${table.label}`);
}
