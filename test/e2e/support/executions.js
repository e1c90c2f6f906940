// n8n's executions over its REST API, as the editor reads them: counting the executions of
// one workflow, waiting for them, and reading their run data. n8n stores run data in the
// `flatted` format (objects referenced by index), so this file carries a small reader of it.
'use strict';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const POLL_MS = 300;

/** Parses `flatted` text: a JSON array whose first entry is the value; strings are indexes. */
function parseFlatted(text) {
	const table = JSON.parse(text);
	const seen = new Map();
	const revive = (index) => {
		const entry = table[index];
		if (entry === null || typeof entry !== 'object') return entry;
		if (seen.has(index)) return seen.get(index);
		const copy = Array.isArray(entry) ? [] : {};
		seen.set(index, copy);
		for (const [key, value] of Object.entries(entry)) copy[key] = typeof value === 'string' ? revive(Number(value)) : value;
		return copy;
	};
	return revive(0);
}

function executionsApi(baseUrl, cookie) {
	async function get(route) {
		const response = await fetch(`${baseUrl}/rest/${route}`, { headers: { cookie } });
		if (response.status !== 200) throw new Error(`GET /rest/${route}: HTTP ${response.status}`);
		return (await response.json()).data;
	}

	/** The workflow's finished executions (newest first) and their count. */
	async function list(workflowId, limit = 100) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await get(`executions?filter=${filter}&limit=${limit}`);
		return { count: data.count, results: data.results };
	}

	/** Waits until the workflow has `count` finished executions; resolves the last count seen. */
	async function waitForCount(workflowId, count, timeoutMs) {
		const deadline = Date.now() + timeoutMs;
		let found = await list(workflowId, 1);
		while (found.count < count && Date.now() < deadline) {
			await sleep(POLL_MS);
			found = await list(workflowId, 1);
		}
		return found.count;
	}

	/** Each node's runs in one execution (`executionTime`, `data`, …), by node name. */
	async function runData(executionId) {
		const execution = await get(`executions/${executionId}`);
		const data = typeof execution.data === 'string' ? parseFlatted(execution.data) : execution.data;
		return data.resultData.runData;
	}

	/** The items a node output in one execution (main output 0 of its first run). */
	async function nodeItems(executionId, nodeName) {
		const runs = (await runData(executionId))[nodeName];
		if (!runs) throw new Error(`node "${nodeName}" did not run in execution ${executionId}`);
		return runs[0].data.main[0].map((item) => item.json);
	}

	return { list, waitForCount, runData, nodeItems };
}

module.exports = { executionsApi, parseFlatted };
