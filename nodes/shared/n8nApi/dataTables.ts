/**
 * Finding the data table the user picked: from the list (its id), by id, or by name; and
 * the list itself, for the editor's picker. All through n8n's public API.
 */
import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';
import type { N8nApi } from './n8nApi';
import { DATA_TABLE_CREDENTIAL_LABEL } from './n8nApi';

export interface TableLocator {
	mode: 'list' | 'id' | 'name';
	value: string;
}

/** n8n's data table ids (nanoids); anything else would be refused by the API's route. */
export const DATA_TABLE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const PAGE_SIZE = 100;
const MAX_NAME_PAGES = 10;

export interface DataTableRef {
	id: string;
	/** As the user chose it, for messages. */
	label: string;
}

interface TableSummary {
	id: string;
	name: string;
	projectId?: string;
}

async function listTables(api: N8nApi, name?: string, cursor?: string): Promise<{ tables: TableSummary[]; nextCursor?: string }> {
	const qs: IDataObject = { limit: PAGE_SIZE };
	if (name) qs.filter = JSON.stringify({ name });
	if (cursor) qs.cursor = cursor;
	const answer = await api.call({ method: 'GET', path: '/data-tables', qs });
	if (answer.statusCode !== 200) throw api.failure(answer, 'Could not list the data tables');
	const body = answer.body as IDataObject | undefined;
	const tables = (Array.isArray(body?.data) ? body.data : []).filter(
		(table): table is TableSummary =>
			typeof (table as IDataObject)?.id === 'string' && typeof (table as IDataObject)?.name === 'string',
	);
	return { tables, nextCursor: typeof body?.nextCursor === 'string' ? body.nextCursor : undefined };
}

export async function resolveDataTable(api: N8nApi, locator: TableLocator): Promise<DataTableRef> {
	if (locator.mode !== 'name') return { id: locator.value, label: `"${locator.value}"` };
	// n8n's name filter matches parts of names: keep the exact (case-insensitive) ones.
	const wanted = locator.value.trim().toLowerCase();
	const matches: TableSummary[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < MAX_NAME_PAGES; page++) {
		const listed = await listTables(api, locator.value.trim(), cursor);
		matches.push(...listed.tables.filter((table) => table.name.trim().toLowerCase() === wanted));
		cursor = listed.nextCursor;
		if (!cursor) break;
	}
	if (matches.length === 1) return { id: matches[0].id, label: `"${matches[0].name}"` };
	if (matches.length === 0) {
		throw api.error(
			`No data table named "${locator.value}" is visible to the ${DATA_TABLE_CREDENTIAL_LABEL} credential's API key`,
			'Create it in n8n (Overview → Data tables), or pick a table from the list.',
		);
	}
	throw api.error(
		`${matches.length} data tables are named "${locator.value}" (in different projects)`,
		'Pick the table from the list or by ID instead.',
	);
}

/** The editor's "From list" picker; `filter` is what the user typed. */
export async function searchTables(api: N8nApi, filter?: string, cursor?: string): Promise<INodeListSearchResult> {
	const { tables, nextCursor } = await listTables(api, filter?.trim() || undefined, cursor);
	const base = api.apiUrl.replace(/\/api\/v1$/, '');
	return {
		results: tables.map((table) => ({
			name: table.name,
			value: table.id,
			...(table.projectId ? { url: `${base}/projects/${table.projectId}/datatables/${table.id}` } : {}),
		})),
		...(nextCursor ? { paginationToken: nextCursor } : {}),
	};
}
