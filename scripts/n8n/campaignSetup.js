// The campaign examples' data tables (a delivery journal and an opt-out list), created
// through n8n's public API with the columns the built package asks for. The Data Table API
// credential itself is set up by otpSetup.js (the OTP node uses the same one). Shared by
// `npm run dev`, the e2e and queue suites and `npm run bench`.
'use strict';

const path = require('path');
const { PACKAGE_ROOT } = require('./package');

const JOURNAL_TABLE_NAME = 'sms-journal';
const OPT_OUT_TABLE_NAME = 'sms-opt-out';
// Rows per request when filling a list: n8n writes them in one transaction.
const INSERT_BATCH = 1000;

function builtColumns() {
	const journal = require(path.join(PACKAGE_ROOT, 'dist/nodes/shared/campaign/journal.js'));
	const optOut = require(path.join(PACKAGE_ROOT, 'dist/nodes/shared/campaign/optOut.js'));
	return { journal: [...journal.JOURNAL_COLUMNS], optOut: [...optOut.OPT_OUT_COLUMNS] };
}

async function findTable(api, name) {
	const listed = await api.get(`/data-tables?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
	return listed.data.find((table) => table.name === name);
}

/** The journal and the opt-out list, created if missing. Resolves { journal, optOut }. */
async function ensureCampaignTables(api, { journalName = JOURNAL_TABLE_NAME, optOutName = OPT_OUT_TABLE_NAME } = {}) {
	const columns = builtColumns();
	const journal = (await findTable(api, journalName)) ?? (await api.post('/data-tables', { name: journalName, columns: columns.journal }));
	const optOut = (await findTable(api, optOutName)) ?? (await api.post('/data-tables', { name: optOutName, columns: columns.optOut }));
	return { journal, optOut };
}

/** Adds numbers (E.164) to an opt-out list, many per request. */
async function addOptOuts(api, table, numbers) {
	for (let from = 0; from < numbers.length; from += INSERT_BATCH) {
		const data = numbers.slice(from, from + INSERT_BATCH).map((number) => ({ number }));
		await api.post(`/data-tables/${table.id}/rows`, { data, returnType: 'count' });
	}
}

/** Every row of a table, read page by page (n8n answers at most 250 rows a page). */
async function readRows(api, table, filter) {
	const rows = [];
	for (let lastId = 0; ; ) {
		const conditions = [...(filter ?? []), { columnName: 'id', condition: 'gt', value: lastId }];
		const query = `filter=${encodeURIComponent(JSON.stringify({ type: 'and', filters: conditions }))}&sortBy=${encodeURIComponent('id:asc')}&limit=250`;
		const page = await api.get(`/data-tables/${table.id}/rows?${query}`);
		rows.push(...page.data);
		if (page.data.length < 250) return rows;
		lastId = page.data[page.data.length - 1].id;
	}
}

module.exports = { JOURNAL_TABLE_NAME, OPT_OUT_TABLE_NAME, ensureCampaignTables, addOptOuts, readRows };
