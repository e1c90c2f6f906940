// The OTP examples need more than an import: an n8n API key for the OTP node, the data tables
// created through n8n's public API, the Data Table API credential pointed at this instance,
// and the workflows published. Shared by `npm run dev`, the e2e suite and the queue suite.
'use strict';

const path = require('path');
const { PACKAGE_ROOT } = require('./package');
const { ensureCampaignTables } = require('./campaignSetup');

const OTP_DATA_TABLE_CREDENTIAL_ID = 'SmsOtpOtpDataTbl';
const OTP_TABLE_NAME = 'otp-verification';
// The fallback example keeps each WhatsApp message's token and sealed code here.
const FALLBACK_TABLE_NAME = 'otp-fallback';
const FALLBACK_COLUMNS = [
	{ name: 'messageId', type: 'string' },
	{ name: 'token', type: 'string' },
	{ name: 'sealedCode', type: 'string' },
];
// What the OTP node's key needs, and nothing more: the README lists the same scopes.
const OTP_NODE_SCOPES = [
	'dataTable:list',
	'dataTable:read',
	'dataTableRow:read',
	'dataTableRow:create',
	'dataTableRow:update',
	'dataTableRow:delete',
];
// What this suite's own set-up calls need (rows created: the campaign examples' opt-out lists).
const SETUP_SCOPES = [
	'dataTable:create',
	'dataTable:list',
	'dataTableColumn:read',
	'dataTableColumn:create',
	'dataTableRow:read',
	'dataTableRow:create',
	'credential:update',
	'workflow:activate',
];

/** The OTP node's columns and its Fraud Guard's (the fraud guard example needs both). */
function otpColumns() {
	const { OTP_COLUMNS, GUARD_COLUMNS } = require(path.join(PACKAGE_ROOT, 'dist/nodes/Otp/state/columns.js'));
	return [...OTP_COLUMNS, ...GUARD_COLUMNS];
}

async function request(method, url, { body, headers = {} } = {}) {
	const response = await fetch(url, {
		method,
		headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
		body: body !== undefined ? JSON.stringify(body) : undefined,
	});
	const text = await response.text();
	let json = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		// not JSON: keep the text
	}
	return { status: response.status, json, text };
}

/** Creates an n8n API key with these scopes (as Settings → n8n API does); resolves the key. */
async function createApiKey(baseUrl, cookie, label, scopes) {
	const created = await request('POST', `${baseUrl}/rest/api-keys`, {
		headers: { cookie },
		body: { label, scopes, expiresAt: null },
	});
	if (created.status !== 200) throw new Error(`creating an API key: HTTP ${created.status} ${created.text}`);
	return created.json.data.rawApiKey;
}

/** Deletes the caller's API keys with exactly these labels; resolves how many it deleted. */
async function deleteApiKeysLabelled(baseUrl, cookie, labels) {
	const listed = await request('GET', `${baseUrl}/rest/api-keys`, { headers: { cookie } });
	if (listed.status !== 200) throw new Error(`listing API keys: HTTP ${listed.status} ${listed.text}`);
	// n8n 2.x answers { items, ... }; 1.x answered the list itself.
	const keys = Array.isArray(listed.json.data) ? listed.json.data : listed.json.data.items;
	const stale = keys.filter((key) => labels.includes(key.label));
	for (const key of stale) {
		const deleted = await request('DELETE', `${baseUrl}/rest/api-keys/${key.id}`, { headers: { cookie } });
		if (deleted.status !== 200) throw new Error(`deleting API key "${key.label}": HTTP ${deleted.status} ${deleted.text}`);
	}
	return stale.length;
}

/** n8n's public API (`/api/v1`) with one API key. */
function publicApi(baseUrl, apiKey) {
	const call = async (method, route, body) => {
		const answer = await request(method, `${baseUrl}/api/v1${route}`, { body, headers: { 'x-n8n-api-key': apiKey } });
		if (answer.status >= 300) throw new Error(`${method} /api/v1${route}: HTTP ${answer.status} ${answer.text}`);
		return answer.json;
	};
	return {
		get: (route) => call('GET', route),
		post: (route, body) => call('POST', route, body),
		patch: (route, body) => call('PATCH', route, body),
	};
}

/**
 * The data table with this name, created with these columns if there is none yet; a table
 * kept from an earlier start gets the columns it lacks (the Fraud Guard's came later).
 */
async function ensureTable(api, name, columns) {
	const listed = await api.get(`/data-tables?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
	const table = listed.data.find((candidate) => candidate.name === name);
	if (!table) return await api.post('/data-tables', { name, columns });
	const existing = await api.get(`/data-tables/${table.id}/columns`);
	const names = new Set((Array.isArray(existing) ? existing : existing.data).map((column) => column.name));
	for (const column of columns.filter((wanted) => !names.has(wanted.name))) {
		await api.post(`/data-tables/${table.id}/columns`, column);
	}
	return table;
}

/**
 * Sets up a running n8n for the examples that keep data in data tables (OTP, campaigns): API
 * keys, the data tables, the Data Table API credential, and the given workflows published.
 * The e2e files and `npm run dev` run it on a database that may have the tables already: it
 * reuses them. Resolves { otpApiKey, setupApi, table, fallbackTable, campaignTables }.
 *
 * Each e2e file makes its own uniquely labelled keys (labels are unique per user). With
 * `reuseLabels`, as `npm run dev` does on its kept instance, the keys carry fixed labels:
 * the previous start's keys are deleted first and the set-up key once it is done, so the
 * instance holds one OTP node key however often it starts.
 */
async function prepareOtpInstance(baseUrl, cookie, workflowIds, { reuseLabels = false } = {}) {
	const suffix = reuseLabels ? 'dev' : `e2e ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
	const labels = { otp: `OTP node (${suffix})`, setup: `OTP set-up (${suffix})` };
	if (reuseLabels) await deleteApiKeysLabelled(baseUrl, cookie, Object.values(labels));
	const otpApiKey = await createApiKey(baseUrl, cookie, labels.otp, OTP_NODE_SCOPES);
	const setupApi = publicApi(baseUrl, await createApiKey(baseUrl, cookie, labels.setup, SETUP_SCOPES));
	const table = await ensureTable(setupApi, OTP_TABLE_NAME, otpColumns());
	const fallbackTable = await ensureTable(setupApi, FALLBACK_TABLE_NAME, FALLBACK_COLUMNS);
	const campaignTables = await ensureCampaignTables(setupApi);
	await setupApi.patch(`/credentials/${OTP_DATA_TABLE_CREDENTIAL_ID}`, {
		data: { apiUrl: `${baseUrl.replace('localhost', '127.0.0.1')}/api/v1`, apiKey: otpApiKey },
	});
	for (const id of workflowIds) await setupApi.post(`/workflows/${id}/activate`);
	if (reuseLabels) await deleteApiKeysLabelled(baseUrl, cookie, [labels.setup]);
	return { otpApiKey, setupApi, table, fallbackTable, campaignTables };
}

module.exports = {
	OTP_TABLE_NAME,
	FALLBACK_TABLE_NAME,
	OTP_NODE_SCOPES,
	OTP_DATA_TABLE_CREDENTIAL_ID,
	request,
	createApiKey,
	deleteApiKeysLabelled,
	publicApi,
	prepareOtpInstance,
};
