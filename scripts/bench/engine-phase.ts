/**
 * One measurement of the engine part of `npm run bench`, run in a child process of its own
 * (scripts/bench/phase-child.js) so that each one starts from a clean heap and its peak
 * memory is its own. The node runs through test/harness/workflowRunner.ts: n8n-core's
 * WorkflowExecute, real parameter resolution, real `httpRequestWithAuthentication` over
 * real sockets to the sandbox, which runs as a separate process (scripts/bench/sandbox.js).
 *
 * Phases:
 * - `bulk`: Bulk Send of `n` items (one recipient each) at the sandbox's latency.
 * - `sequential`: the same recipients through Send with Concurrency 1: one request at a time,
 *   each waiting for the previous answer, which is what n8n's per-item loop does.
 * - `memory`: Bulk Send of `n` items at latency 0, with `process.memoryUsage()` sampled
 *   every 10 ms and the process's peak RSS read from getrusage (`resourceUsage().maxRSS`).
 * - `overhead`: the node's own CPU work, without HTTP (see runOverhead).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { constants, PerformanceObserver } from 'perf_hooks';
import { nodeType, runNode } from '../../test/harness/workflowRunner';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SANDBOX_CREDENTIALS } = require('../../sandbox/server');

const NODE_TYPE = 'n8n-nodes-sms-otp.betatel';
const CREDENTIAL_TYPE = 'betatelSmsApi';
export const BULK_TEXT = 'Our office is closed on Monday. Reply STOP to opt out.';
const WARM_UP_RECIPIENTS = 20;

/** `n` distinct valid UK mobile numbers (+447400 000000 to 999999 are all mobile for libphonenumber-js), with a "+". */
export function numbers(n: number, offset = 0): string[] {
	return Array.from({ length: n }, (_, index) => `+447400${String(offset + index).padStart(6, '0')}`);
}

function inputs(n: number, offset = 0): IDataObject[] {
	return numbers(n, offset).map((to) => ({ to, text: BULK_TEXT }));
}

/** One item listing all `n` recipients, as an expression hands over a column of a sheet. */
function listInput(n: number): IDataObject[] {
	return [{ to: numbers(n), text: BULK_TEXT }];
}

function parameters(operation: 'send' | 'sendBulk', options: IDataObject): IDataObject {
	return {
		resource: 'sms',
		operation,
		from: 'Bench',
		...(operation === 'send' ? { to: '={{ $json.to }}' } : { recipients: '={{ $json.to }}' }),
		text: '={{ $json.text }}',
		options,
	};
}

async function run(sandboxUrl: string, operation: 'send' | 'sendBulk', items: IDataObject[], options: IDataObject) {
	const started = process.hrtime.bigint();
	const result = await runNode(
		{ type: NODE_TYPE, credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'Betatel SMS (bench)' } }, parameters: parameters(operation, options) },
		items,
		{ [CREDENTIAL_TYPE]: { ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: sandboxUrl } },
	);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.error) throw new Error(`the node failed: ${result.error.message ?? JSON.stringify(result.error)}`);
	const taskData = result.run.data.resultData.runData['Node Under Test']?.[0];
	return { wallMs, nodeMs: taskData?.executionTime ?? NaN, items: result.items ?? [] };
}

function statusCounts(items: INodeExecutionData[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const item of items) {
		const status = String(item.json.status ?? 'none');
		counts[status] = (counts[status] ?? 0) + 1;
	}
	return counts;
}

async function control(sandboxUrl: string, method: string, route: string, body?: IDataObject): Promise<IDataObject> {
	const response = await fetch(`${sandboxUrl}/__sandbox/${route}`, {
		method,
		headers: body ? { 'content-type': 'application/json' } : {},
		body: body ? JSON.stringify(body) : undefined,
	});
	if (!response.ok) throw new Error(`sandbox ${method} ${route}: HTTP ${response.status}`);
	return (await response.json()) as IDataObject;
}

/** Back to the sandbox's start state (its request log, accepted list, balance), at `latencyMs`. */
async function resetSandbox(sandboxUrl: string, latencyMs: number): Promise<void> {
	await control(sandboxUrl, 'POST', 'reset');
	await control(sandboxUrl, 'POST', 'config', { latencyMs });
}

/** What the sandbox accepted since the last reset (its count includes entries its bounded list dropped). */
async function acceptedCount(sandboxUrl: string): Promise<number> {
	return Number((await control(sandboxUrl, 'GET', 'health')).accepted);
}

interface SendPhaseArgs {
	sandboxUrl: string;
	n: number;
	latencyMs: number;
	concurrency: number;
	/** Memory phase: all recipients listed in one item instead of one item each. */
	oneItem?: boolean;
}

/** Bulk Send (`bulk`) or Send one at a time (`sequential`) of `n` recipients at `latencyMs`. */
async function runSendPhase(operation: 'send' | 'sendBulk', args: SendPhaseArgs) {
	const options = { concurrency: args.concurrency };
	// A short warm-up run loads every module and opens the code paths once.
	await resetSandbox(args.sandboxUrl, 0);
	await run(args.sandboxUrl, operation, inputs(WARM_UP_RECIPIENTS, 900_000), options);
	await resetSandbox(args.sandboxUrl, args.latencyMs);
	const { wallMs, nodeMs, items } = await run(args.sandboxUrl, operation, inputs(args.n), options);
	return { wallMs, nodeMs, outputItems: items.length, statuses: statusCounts(items), sandboxAccepted: await acceptedCount(args.sandboxUrl) };
}

interface MemorySample {
	rss: number;
	heapUsed: number;
	heapTotal: number;
	external: number;
	arrayBuffers: number;
}

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

/** Peak memory of Bulk Send of `n` recipients at latency 0. */
async function runMemory(args: SendPhaseArgs) {
	const options = { concurrency: args.concurrency };
	await resetSandbox(args.sandboxUrl, 0);
	await run(args.sandboxUrl, 'sendBulk', inputs(WARM_UP_RECIPIENTS, 900_000), options);
	await resetSandbox(args.sandboxUrl, args.latencyMs);
	gc?.();
	const baseline = process.memoryUsage();
	const peak: MemorySample = { ...baseline };
	const sample = () => {
		const now = process.memoryUsage();
		for (const key of Object.keys(peak) as Array<keyof MemorySample>) peak[key] = Math.max(peak[key], now[key]);
	};
	const sampler = setInterval(sample, 10);
	// The live heap: heap used right after each full (mark-compact) collection.
	let liveHeap = baseline.heapUsed;
	let majorCollections = 0;
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
			majorCollections++;
			liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
		}
	});
	observer.observe({ entryTypes: ['gc'] });
	// Two forced collections inside the run, to weigh what is live: at `execute` (the input
	// items are in memory) and at the first request (the node has read every item and
	// prepared every recipient). Each takes a few hundred ms of a run of minutes.
	const heapAfterGc = () => {
		gc?.();
		return process.memoryUsage().heapUsed;
	};
	let heapAtStart = NaN;
	let heapAfterPrepare = NaN;
	const restore = instrumentNode(newMarks(), {
		stubHttp: false,
		onStart: () => (heapAtStart = heapAfterGc()),
		onFirstRequest: () => (heapAfterPrepare = heapAfterGc()),
	});
	let result;
	try {
		result = await run(args.sandboxUrl, 'sendBulk', args.oneItem ? listInput(args.n) : inputs(args.n), options);
	} finally {
		restore();
		clearInterval(sampler);
		observer.disconnect();
	}
	sample();
	const maxRssBytes = process.resourceUsage().maxRSS * 1024;
	// What stays referenced once the node is done: mostly its output items (held by n8n's run data).
	gc?.();
	const retainedHeap = process.memoryUsage().heapUsed;
	return {
		wallMs: result.wallMs,
		nodeMs: result.nodeMs,
		outputItems: result.items.length,
		statuses: statusCounts(result.items),
		sandboxAccepted: await acceptedCount(args.sandboxUrl),
		baselineRssMb: baseline.rss / MB,
		baselineHeapMb: baseline.heapUsed / MB,
		peakRssMb: maxRssBytes / MB,
		sampledPeakRssMb: peak.rss / MB,
		peakHeapUsedMb: peak.heapUsed / MB,
		peakLiveHeapMb: liveHeap / MB,
		heapAtStartMb: heapAtStart / MB,
		heapAfterPrepareMb: heapAfterPrepare / MB,
		majorCollections,
		peakHeapTotalMb: peak.heapTotal / MB,
		peakExternalMb: peak.external / MB,
		retainedHeapMb: retainedHeap / MB,
		gcExposed: gc !== undefined,
	};
}

interface Marks {
	start: bigint;
	firstRequest: bigint;
	end: bigint;
	/** CPU time (user + system, µs) at the first request and at the end: idle waits do not count. */
	cpu: { firstRequest: number; end: number };
	requests: number;
}

const cpuNow = () => {
	const { user, system } = process.cpuUsage();
	return user + system;
};

type RequestHelper = (this: unknown, credentialType: string, options: { body?: IDataObject }, ...rest: unknown[]) => Promise<unknown>;

/**
 * Wraps the Betatel node's `execute` for the runs that follow: `marks` gets the times at
 * which `execute` was called (`start`), its first HTTP request was made (`firstRequest`:
 * every item read and every job built, the prepare phase is over) and it returned (`end`).
 * `onStart` and `onFirstRequest` run at those moments. With `stubHttp`, the node's HTTP
 * helper answers at once with a Betatel success (no socket, no sandbox). Returns `restore`.
 */
function instrumentNode(
	marks: Marks,
	{ stubHttp, onStart, onFirstRequest }: { stubHttp: boolean; onStart?: () => void; onFirstRequest?: () => void },
): () => void {
	const type = nodeType('betatel') as INodeType & { execute: NonNullable<INodeType['execute']> };
	const original = type.execute;
	type.execute = async function (this: IExecuteFunctions) {
		const helpers = this.helpers as unknown as Record<string, RequestHelper>;
		const realRequest = helpers.httpRequestWithAuthentication;
		helpers.httpRequestWithAuthentication = async function (this: unknown, credentialType, options, ...rest) {
			if (marks.requests++ === 0) {
				marks.firstRequest = process.hrtime.bigint();
				marks.cpu.firstRequest = cpuNow();
				onFirstRequest?.();
			}
			if (!stubHttp) return await realRequest.call(this, credentialType, options, ...rest);
			return { statusCode: 200, headers: {}, body: { messageId: `bench-${marks.requests}`, from: options.body?.from, to: options.body?.to } };
		};
		onStart?.();
		marks.start = process.hrtime.bigint();
		try {
			return await original.call(this);
		} finally {
			marks.end = process.hrtime.bigint();
			marks.cpu.end = cpuNow();
			helpers.httpRequestWithAuthentication = realRequest;
		}
	} as NonNullable<INodeType['execute']>;
	return () => {
		type.execute = original;
	};
}

const newMarks = (): Marks => ({ start: 0n, firstRequest: 0n, end: 0n, cpu: { firstRequest: 0, end: 0 }, requests: 0 });

interface OverheadShape {
	name: string;
	operation: 'send' | 'sendBulk';
	/** The items for `n` recipients. */
	items(n: number): IDataObject[];
}

const SHAPES: OverheadShape[] = [
	{ name: 'Bulk Send, one item per recipient', operation: 'sendBulk', items: (n) => inputs(n) },
	{ name: 'Bulk Send, one item with a list of all recipients', operation: 'sendBulk', items: listInput },
	{ name: 'Send (per item), one item per recipient', operation: 'send', items: (n) => inputs(n) },
];

/**
 * The node's own work per recipient, without HTTP: each shape is run once with 2,000
 * recipients (warm-up) and then with `n`; the HTTP helper answers at once (instrumentNode).
 * - prepare = execute called → first request: reading and checking the item's fields
 *   (n8n resolving the parameters included), parsing and validating the number
 *   (libphonenumber-js), repeat detection, segment count, building each request;
 * - send engine = first request → output: pacing, ordering, reading each (instant)
 *   answer, one output item per recipient.
 */
async function runOverhead(args: { sandboxUrl: string; n: number }) {
	const results = [];
	for (const shape of SHAPES) {
		for (const n of [2_000, args.n]) {
			const marks = newMarks();
			const restore = instrumentNode(marks, { stubHttp: true });
			let outcome;
			try {
				gc?.();
				outcome = await run(args.sandboxUrl, shape.operation, shape.items(n), { concurrency: 10 });
			} finally {
				restore();
			}
			if (n !== args.n) continue;
			const micros = (from: bigint, to: bigint) => Number(to - from) / 1e3 / n;
			results.push({
				shape: shape.name,
				n,
				requests: marks.requests,
				statuses: statusCounts(outcome.items),
				prepareUs: micros(marks.start, marks.firstRequest),
				engineUs: micros(marks.firstRequest, marks.end),
				executeUs: micros(marks.start, marks.end),
				engineCpuUs: (marks.cpu.end - marks.cpu.firstRequest) / n,
				wallUs: (outcome.wallMs * 1e3) / n,
			});
		}
	}
	return { shapes: results };
}

export async function runPhase(name: string, args: IDataObject): Promise<unknown> {
	switch (name) {
		case 'bulk':
			return await runSendPhase('sendBulk', args as unknown as SendPhaseArgs);
		case 'sequential':
			return await runSendPhase('send', args as unknown as SendPhaseArgs);
		case 'memory':
			return await runMemory(args as unknown as SendPhaseArgs);
		case 'overhead':
			return await runOverhead(args as unknown as { sandboxUrl: string; n: number });
		default:
			throw new Error(`unknown phase ${name}`);
	}
}
