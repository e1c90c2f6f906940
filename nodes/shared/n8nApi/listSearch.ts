import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { searchTables } from './dataTables';
import { connectN8nApi } from './n8nApi';

/** The Data Table picker: the tables the credential's API key can see, by name. */
export async function searchDataTables(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchTables(await connectN8nApi(this), filter, paginationToken);
}
