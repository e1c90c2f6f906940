// Talks to a running queue cluster from anywhere (a jest test file, a script), given its
// describe() JSON: main's REST API as the owner, the webhook process's production
// webhooks, and the processes' logs, including which worker ran an execution.
'use strict';

const fs = require('fs');
const path = require('path');
const { n8nPaths } = require('../n8n/install');
const { login } = require('../n8n/rest');
const { sleep, spawnN8n, signalGroup, waitUntilReady } = require('../n8n/process');
const { REPLACEMENTS_FILE } = require('./cluster');

const POLL_MS = 250;
const EXECUTION_TIMEOUT_MS = 60000;
const LOG_TIMEOUT_MS = 10000;
// n8n leaves an execution in these states while it is queued or running.
const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);
const FINISHED = ['success', 'error', 'crashed', 'canceled'];
// The most the REST execution list returns per page.
const PAGE_LIMIT = 100;
// What a worker logs (info level) for each job it takes: scaling/job-processor.js in 2.x.
const WORKER_STARTED = /Worker started execution (\S+) \(job /g;
const ENQUEUED = /Enqueued execution (\S+) \(job /g;
// n8n colours its console log when it thinks it can.
const ANSI = /\u001b\[[0-9;]*m/g;

function matchesIn(text, pattern) {
	return [...text.replace(ANSI, '').matchAll(pattern)].map((match) => match[1]);
}

/** `description` is a cluster's describe() (scripts/queue/cluster.js). */
function queueClient(description) {
	// The REST API returns execution data serialised with `flatted`; n8n's own copy reads it.
	const flatted = require(path.join(n8nPaths(description.version).dir, 'node_modules', 'flatted'));
	const processes = [description.main, description.webhook, ...description.workers];
	let cookie = null;

	async function rest(method, route, body) {
		cookie ||= await login(description.main.url, description.owner);
		const response = await fetch(`${description.main.url}/rest${route}`, {
			method,
			headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${route}: HTTP ${response.status} ${text.slice(0, 2000)}`);
		const json = text ? JSON.parse(text) : null;
		return json && 'data' in json ? json.data : json;
	}

	/** Saves workflows (ids kept) and publishes those with `publish: true` or in `publish`. */
	async function createWorkflows(workflows, { publish = [] } = {}) {
		const saved = [];
		for (const { publish: publishThis, ...workflow } of workflows) {
			const created = await rest('POST', '/workflows', { active: false, ...workflow });
			saved.push(publishThis || publish.includes(created.id) ? await publishWorkflow(created.id) : created);
		}
		return saved;
	}

	async function publishWorkflow(id) {
		const { versionId } = await rest('GET', `/workflows/${id}`);
		return rest('POST', `/workflows/${id}/activate`, { versionId });
	}

	/**
	 * Runs a saved workflow as the editor's "Execute workflow" does. With the cluster's
	 * OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true, main enqueues it and a worker runs it.
	 * Resolves the execution id.
	 */
	async function runManually(workflowId, { trigger } = {}) {
		let name = trigger;
		if (!name) {
			const workflow = await rest('GET', `/workflows/${workflowId}`);
			const manual = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
			if (!manual) throw new Error(`workflow ${workflowId} has no manual trigger: pass { trigger }`);
			name = manual.name;
		}
		const result = await rest('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name } });
		if (!result?.executionId) throw new Error(`workflow ${workflowId} did not start: ${JSON.stringify(result)}`);
		return result.executionId;
	}

	/** One execution with its run data parsed: `.data.resultData.runData[node]`. */
	async function execution(id) {
		const found = await rest('GET', `/executions/${id}`);
		return { ...found, data: typeof found.data === 'string' ? flatted.parse(found.data) : found.data };
	}

	/** Waits until execution `id` has finished (any final status) and returns it. */
	async function waitForExecution(id, { timeoutMs = EXECUTION_TIMEOUT_MS } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = await rest('GET', `/executions/${id}`);
			if (found && !UNFINISHED.has(found.status) && found.stoppedAt) return execution(id);
			if (Date.now() > deadline) throw new Error(`execution ${id} still ${found?.status} after ${timeoutMs / 1000} s`);
			await sleep(POLL_MS);
		}
	}

	/** One page of the execution list: { results (newest first), count, nextCursor }. */
	function executionPage({ workflowId, status, limit = PAGE_LIMIT, cursor } = {}) {
		const filter = { ...(workflowId ? { workflowId } : {}), ...(status ? { status } : {}) };
		const query = [`filter=${encodeURIComponent(JSON.stringify(filter))}`, `limit=${limit}`];
		if (cursor) query.push(`cursor=${encodeURIComponent(cursor)}`);
		return rest('GET', `/executions?${query.join('&')}`);
	}

	/** Every finished execution (summaries, newest first) of a workflow, or of all. */
	async function executions({ workflowId } = {}) {
		// n8n's cursor pages can repeat (and skip) executions that started in the same
		// instant: each id is kept once. Use executionCount for an exact number.
		const byId = new Map();
		let cursor;
		for (;;) {
			const page = await executionPage({ workflowId, status: FINISHED, cursor });
			for (const summary of page.results) byId.set(String(summary.id), summary);
			if (!page.nextCursor || page.results.length < PAGE_LIMIT) return [...byId.values()];
			cursor = page.nextCursor;
		}
	}

	/** How many finished executions `workflowId` has, as n8n counts them. */
	async function executionCount(workflowId) {
		return (await executionPage({ workflowId, status: FINISHED, limit: 1 })).count;
	}

	/** Waits until `workflowId` has at least `count` finished executions; returns them all. */
	async function waitForExecutions(workflowId, count, { timeoutMs = EXECUTION_TIMEOUT_MS } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const { count: finished } = await executionPage({ workflowId, status: FINISHED, limit: 1 });
			if (finished >= count) return executions({ workflowId });
			if (Date.now() > deadline) {
				throw new Error(`${workflowId}: ${finished} of ${count} executions finished after ${timeoutMs / 1000} s`);
			}
			await sleep(POLL_MS);
		}
	}

	/**
	 * Calls a production webhook on the webhook process: `path` is what follows
	 * /webhook/. Retries a 404 for `registrationTimeoutMs`: a just-published workflow's
	 * webhook becomes known to the webhook process a moment later.
	 */
	async function callWebhook(webhookPath, { method = 'POST', body, headers = {}, registrationTimeoutMs = 30000 } = {}) {
		const deadline = Date.now() + registrationTimeoutMs;
		for (;;) {
			const response = await fetch(`${description.webhook.url}/webhook/${webhookPath}`, {
				method,
				headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			if (response.status !== 404 || Date.now() > deadline) return response;
			await response.arrayBuffer();
			await sleep(POLL_MS);
		}
	}

	/** The log (as written so far) of a process: 'main', 'webhook', 'worker-1', ... */
	function log(name) {
		const proc = processes.find((p) => p.name === name);
		if (!proc) throw new Error(`no process "${name}" (have ${processes.map((p) => p.name).join(', ')})`);
		return fs.existsSync(proc.logFile) ? fs.readFileSync(proc.logFile, 'utf8') : '';
	}

	/** { 'worker-1': [execution ids it started], ... }, from the workers' own logs. */
	function executionsByWorker() {
		return Object.fromEntries(description.workers.map((w) => [w.name, matchesIn(log(w.name), WORKER_STARTED)]));
	}

	/** Which processes logged that they enqueued execution `id` (main or webhook). */
	function enqueuedBy(id) {
		return [description.main, description.webhook]
			.filter((p) => matchesIn(log(p.name), ENQUEUED).includes(String(id)))
			.map((p) => p.name);
	}

	/**
	 * The workers whose own log says they started execution `id` (waits for the line,
	 * which reaches the log file a moment after the run is saved as finished).
	 */
	async function workersThatRan(id, { timeoutMs = LOG_TIMEOUT_MS } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const ran = Object.entries(executionsByWorker())
				.filter(([, ids]) => ids.includes(String(id)))
				.map(([name]) => name);
			if (ran.length > 0 || Date.now() > deadline) return ran;
			await sleep(POLL_MS);
		}
	}

	/** Kills a worker and what it spawned with SIGKILL, as an out-of-memory kill or a crash does. */
	function killWorker(name) {
		const worker = description.workers.find((candidate) => candidate.name === name);
		if (!worker) throw new Error(`no worker "${name}"`);
		signalGroup(worker.pid, 'SIGKILL');
	}

	/**
	 * Starts a worker in place of one that was killed: same name, settings, ports and log
	 * file, so the rest of the suite finds the cluster as it was. The cluster's stop() ends it
	 * (its pid is noted in the cluster folder). Resolves when it takes jobs.
	 */
	async function replaceWorker(name) {
		const worker = description.workers.find((candidate) => candidate.name === name);
		if (!worker) throw new Error(`no worker "${name}"`);
		const handle = spawnN8n(['worker', `--concurrency=${description.concurrency}`], worker.env, {
			version: description.version,
			name: `n8n ${name}`,
			logFile: worker.logFile,
		});
		const file = path.join(description.root, REPLACEMENTS_FILE);
		const pids = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : [];
		fs.writeFileSync(file, JSON.stringify([...pids, handle.pid]));
		worker.pid = handle.pid;
		await waitUntilReady(handle, [`${worker.healthUrl}/readiness`]);
	}

	return {
		description,
		mainUrl: description.main.url,
		webhookUrl: description.webhook.url,
		workerNames: description.workers.map((w) => w.name),
		rest,
		createWorkflows,
		publishWorkflow,
		runManually,
		execution,
		waitForExecution,
		executionCount,
		executionPage,
		executions,
		waitForExecutions,
		callWebhook,
		log,
		executionsByWorker,
		enqueuedBy,
		workersThatRan,
		killWorker,
		replaceWorker,
	};
}

module.exports = { queueClient, WORKER_STARTED };
