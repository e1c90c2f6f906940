/**
 * A stand-in for n8n's public data table API (`/api/v1/data-tables…`) on 127.0.0.1, with
 * the answers a real n8n 2.41.1 gives (checked against one; the e2e suite runs the node
 * against the real thing). Each request is handled in one synchronous step after its body
 * has arrived, so an update with a filter is atomic, as n8n's transaction makes it.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export const FAKE_API_KEY = 'fake-n8n-api-key-for-otp-tests';

type Value = string | number | boolean | null;
type Row = Record<string, Value> & { id: number };
interface Column {
	name: string;
	type: 'string' | 'number' | 'boolean' | 'date';
}
interface Table {
	id: string;
	name: string;
	projectId: string;
	columns: Column[];
	rows: Row[];
	nextId: number;
}
interface Condition {
	columnName: string;
	condition: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
	value: Value;
}

export interface FakeRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: http.IncomingHttpHeaders;
	body: unknown;
}

class BadRequest extends Error {}

export class FakeN8nApi {
	tables: Table[] = [];
	requests: FakeRequest[] = [];
	/** Every answer waits this long, so parallel requests overlap. */
	delayMs = 0;
	private server = http.createServer((request, response) => void this.handle(request, response));
	private tableCount = 0;
	url = '';

	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	reset(): void {
		this.tables = [];
		this.requests = [];
		this.delayMs = 0;
	}

	createTable(name: string, columns: Column[]): Table {
		const table = { id: `FakeTable${++this.tableCount}`, name, projectId: 'FakeProject1', columns, rows: [], nextId: 1 };
		this.tables.push(table);
		return table;
	}

	private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks).toString('utf8');
		const url = new URL(request.url ?? '/', this.url);
		const recorded: FakeRequest = {
			method: request.method ?? '',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: request.headers,
			body: raw ? (JSON.parse(raw) as unknown) : undefined,
		};
		this.requests.push(recorded);
		if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
		let status = 200;
		let body: unknown;
		try {
			[status, body] = this.answer(recorded);
		} catch (caught) {
			if (!(caught instanceof BadRequest)) throw caught;
			[status, body] = [400, { message: `Validation error with data table request: ${caught.message}` }];
		}
		response.writeHead(status, { 'content-type': 'application/json' });
		response.end(JSON.stringify(body));
	}

	private answer({ method, path, query, headers, body }: FakeRequest): [number, unknown] {
		if (headers['x-n8n-api-key'] !== FAKE_API_KEY) return [401, { message: 'unauthorized' }];
		const match = /^\/api\/v1\/data-tables(?:\/([^/]+))?(\/rows(?:\/(update|delete))?)?$/.exec(path);
		if (!match) return [404, { message: 'not found' }];
		const [, id, rows, action] = match;
		if (!id) {
			const wanted = query.filter ? String((JSON.parse(query.filter) as { name?: string }).name ?? '') : '';
			const data = this.tables.filter((table) => table.name.toLowerCase().includes(wanted.toLowerCase()));
			return [200, { data: data.map(({ rows: _rows, nextId: _nextId, ...table }) => table), nextCursor: null }];
		}
		const table = this.tables.find((candidate) => candidate.id === id);
		if (!table) return [404, { message: `Could not find the data table: '${id}'` }];
		if (!rows) return [200, { id: table.id, name: table.name, projectId: table.projectId, columns: table.columns }];
		const payload = (body ?? {}) as Record<string, unknown>;
		if (method === 'GET' && !action) {
			let found = this.select(table, query.filter);
			if (query.sortBy) {
				const [column, direction] = query.sortBy.split(':');
				found = [...found].sort((a, b) => Number(a[column]) - Number(b[column]));
				if (direction === 'desc') found.reverse();
			}
			return [200, { data: found.slice(0, Number(query.limit ?? 100)), nextCursor: null }];
		}
		if (method === 'POST' && !action) {
			const inserted = (payload.data as Array<Record<string, Value>>).map((data) => {
				this.checkColumns(table, Object.keys(data));
				const row = { ...data, id: table.nextId++ } as Row;
				table.rows.push(row);
				return row;
			});
			return [200, payload.returnType === 'id' ? inserted.map((row) => ({ id: row.id })) : { count: inserted.length }];
		}
		if (method === 'PATCH' && action === 'update') {
			const data = payload.data as Record<string, Value>;
			this.checkColumns(table, Object.keys(data));
			const changed = this.select(table, JSON.stringify(payload.filter));
			for (const row of changed) Object.assign(row, data);
			return [200, payload.returnData ? changed : true];
		}
		if (method === 'DELETE' && action === 'delete') {
			const doomed = new Set(this.select(table, query.filter));
			table.rows = table.rows.filter((row) => !doomed.has(row));
			return [200, true];
		}
		return [405, { message: 'method not allowed' }];
	}

	private checkColumns(table: Table, names: string[]): void {
		for (const name of names) {
			if (name !== 'id' && !table.columns.some((column) => column.name === name)) {
				throw new BadRequest(`unknown column name '${name}'`);
			}
		}
	}

	private select(table: Table, filterJson?: string): Row[] {
		if (!filterJson) return table.rows;
		const { type, filters } = JSON.parse(filterJson) as { type?: 'and' | 'or'; filters: Condition[] };
		this.checkColumns(table, filters.map((filter) => filter.columnName));
		const matches = (row: Row) => (filter: Condition) => holds(row[filter.columnName], filter);
		return table.rows.filter((row) => (type === 'or' ? filters.some(matches(row)) : filters.every(matches(row))));
	}
}

function holds(actual: Value | undefined, { condition, value }: Condition): boolean {
	// As in SQL, an empty cell (NULL) is equal to nothing and compares as neither more nor less.
	if (actual === null || actual === undefined) return condition === 'neq' ? value !== null : condition === 'eq' && value === null;
	switch (condition) {
		case 'eq':
			return actual === value;
		case 'neq':
			return actual !== value;
		case 'gt':
			return Number(actual) > Number(value);
		case 'gte':
			return Number(actual) >= Number(value);
		case 'lt':
			return Number(actual) < Number(value);
		default:
			return Number(actual) <= Number(value);
	}
}

/** One fake API per test file, started before its tests and emptied before each. */
export function useFakeN8nApi(): FakeN8nApi {
	const api = new FakeN8nApi();
	beforeAll(async () => await api.start());
	afterAll(async () => await api.stop());
	beforeEach(() => api.reset());
	return api;
}
