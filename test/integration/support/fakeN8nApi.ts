/**
 * A stand-in for n8n's public data table API (`/api/v1/data-tables…`) on 127.0.0.1, with
 * the answers a real n8n 2.41.1 gives (checked against one; the e2e suite runs the nodes
 * against the real thing): `and`/`or` filters, pages of at most 250 rows, `sortBy`, the
 * table's `updatedAt` moved by every row change, and 400 for an unknown column. Each
 * request is handled in one synchronous step after its body has arrived, so an update with
 * a filter is atomic, as n8n's transaction makes it. Shared by the OTP and campaign tests.
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
	updatedAt: string;
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
	/** Answers matching requests with this status (and no change), after `skip` of them, `times` times. */
	refuse: { method?: string; path?: RegExp; status: number; skip?: number; times?: number } | undefined;
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
		this.refuse = undefined;
	}

	createTable(name: string, columns: Column[]): Table {
		const table = { id: `FakeTable${++this.tableCount}`, name, projectId: 'FakeProject1', columns, rows: [], nextId: 1, updatedAt: stamp() };
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
			[status, body] = this.refused(recorded) ?? this.answer(recorded);
		} catch (caught) {
			if (!(caught instanceof BadRequest)) throw caught;
			[status, body] = [400, { message: `Validation error with data table request: ${caught.message}` }];
		}
		response.writeHead(status, { 'content-type': 'application/json' });
		response.end(JSON.stringify(body));
	}

	private refused({ method, path }: FakeRequest): [number, unknown] | undefined {
		const rule = this.refuse;
		if (!rule || (rule.method && rule.method !== method) || (rule.path && !rule.path.test(path))) return undefined;
		if (rule.skip !== undefined && rule.skip-- > 0) return undefined;
		if (rule.times !== undefined && --rule.times <= 0) this.refuse = undefined;
		return [rule.status, { message: 'Internal server error' }];
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
		if (!rows) {
			const { id: tableId, name, projectId, columns, updatedAt } = table;
			return [200, { id: tableId, name, projectId, columns, updatedAt, createdAt: updatedAt }];
		}
		const payload = (body ?? {}) as Record<string, unknown>;
		if (method === 'GET' && !action) {
			if (query.offset !== undefined) throw new BadRequest("Unknown query parameter 'offset'");
			let found = this.select(table, query.filter);
			if (query.sortBy) {
				const [column, direction] = query.sortBy.split(':');
				found = [...found].sort((a, b) => compare(a[column], b[column]));
				if (direction === 'desc') found.reverse();
			}
			const limit = Math.min(Number(query.limit ?? 100), 250);
			const offset = query.cursor ? Number(JSON.parse(Buffer.from(query.cursor, 'base64').toString()).offset) : 0;
			const more = offset + limit < found.length;
			const nextCursor = more ? Buffer.from(JSON.stringify({ limit, offset: offset + limit })).toString('base64') : null;
			return [200, { data: found.slice(offset, offset + limit), nextCursor }];
		}
		if (method === 'POST' && !action) {
			const rowsGiven = payload.data as Array<Record<string, Value>>;
			for (const data of rowsGiven) this.checkValues(table, data);
			const now = stamp();
			const inserted = rowsGiven.map((data) => {
				const row = { ...data, id: table.nextId++, createdAt: now, updatedAt: now } as Row;
				table.rows.push(row);
				return row;
			});
			table.updatedAt = now;
			return [200, payload.returnType === 'id' ? inserted.map((row) => ({ id: row.id })) : { count: inserted.length }];
		}
		if (method === 'PATCH' && action === 'update') {
			const data = payload.data as Record<string, Value>;
			this.checkColumns(table, Object.keys(data));
			const changed = this.select(table, JSON.stringify(payload.filter));
			for (const row of changed) Object.assign(row, data, { updatedAt: stamp() });
			table.updatedAt = stamp();
			return [200, payload.returnData ? changed : true];
		}
		if (method === 'DELETE' && action === 'delete') {
			const doomed = new Set(this.select(table, query.filter));
			table.rows = table.rows.filter((row) => !doomed.has(row));
			table.updatedAt = stamp();
			return [200, true];
		}
		return [405, { message: 'method not allowed' }];
	}

	private checkColumns(table: Table, names: string[]): void {
		for (const name of names) {
			if (!SYSTEM_COLUMNS.includes(name) && !table.columns.some((column) => column.name === name)) {
				throw new BadRequest(`unknown column name '${name}'`);
			}
		}
	}

	/** n8n refuses a value of the wrong type for its column (a date takes an ISO time). */
	private checkValues(table: Table, data: Record<string, Value>): void {
		this.checkColumns(table, Object.keys(data));
		for (const [name, value] of Object.entries(data)) {
			const column = table.columns.find((candidate) => candidate.name === name);
			if (value === null || !column) continue;
			const fits =
				column.type === 'date' ? typeof value === 'string' && !Number.isNaN(Date.parse(value)) : typeof value === column.type;
			if (!fits) throw new BadRequest(`value '${String(value)}' does not match column type '${column.type}'`);
		}
	}

	private select(table: Table, filterJson?: string): Row[] {
		if (!filterJson) return table.rows;
		const { type = 'and', filters } = JSON.parse(filterJson) as { type?: 'and' | 'or'; filters: Condition[] };
		this.checkColumns(table, filters.map((filter) => filter.columnName));
		const matches = (row: Row) => (filter: Condition) => holds(row[filter.columnName], filter);
		return table.rows.filter((row) => (type === 'or' ? filters.some(matches(row)) : filters.every(matches(row))));
	}
}

const SYSTEM_COLUMNS = ['id', 'createdAt', 'updatedAt'];

/** n8n stamps with milliseconds; a later change always gets a later stamp here. */
let lastStamp = 0;
function stamp(): string {
	lastStamp = Math.max(Date.now(), lastStamp + 1);
	return new Date(lastStamp).toISOString();
}

function compare(a: Value | undefined, b: Value | undefined): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
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
