// Part 1 of `npm run bench` ("engine"): the Betatel node's Bulk Send run by n8n-core's
// WorkflowExecute (test/harness/workflowRunner.ts, as the integration tests run it) against
// the provider sandbox in a process of its own. Each measurement runs in a fresh child
// process (phase-child.js → engine-phase.ts); see index.js for what is measured and how.
'use strict';

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { startSandbox } = require('./sandbox');
const { int, fixed, ms, table, loadAverage } = require('./format');

const PHASE_CHILD = path.join(__dirname, 'phase-child.js');
const PROFILE_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'bench', 'profiles');

const FULL = { n: 2_000, bulkRuns: 3, memoryN: 100_000, overheadN: 100_000 };
const QUICK = { n: 200, bulkRuns: 1, memoryN: 10_000, overheadN: 10_000 };
const LATENCY_MS = 50;
const CONCURRENCY = 10;
const MEMORY_CONCURRENCY = 100;
// The memory runs are repeated with V8's old space capped, to see what a run needs when V8 must collect.
const HEAP_CAP_MB = 256;

const TARGETS = { ratio: 1.2, speedUp: 8, overheadUs: 200, peakRssMb: 300 };

/** Runs one phase in a child process; resolves its BENCH_RESULT. */
function runPhase(phase, args, { cpuProf = false, extraNodeArgs = [] } = {}) {
	const nodeArgs = ['--expose-gc', ...extraNodeArgs];
	if (cpuProf) {
		fs.mkdirSync(PROFILE_DIR, { recursive: true });
		nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${phase}-${Date.now()}.cpuprofile`);
	}
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...nodeArgs, PHASE_CHILD, phase, JSON.stringify(args)], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let stdout = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			const line = stdout.split('\n').find((entry) => entry.startsWith('BENCH_RESULT '));
			if (code !== 0 || !line) return reject(new Error(`phase ${phase} failed (exit ${code})\n${stdout}`));
			resolve(JSON.parse(line.slice('BENCH_RESULT '.length)));
		});
	});
}

/** Every recipient accepted, and the sandbox took each exactly once. */
function checkAllAccepted(label, result, n) {
	const accepted = result.statuses.accepted ?? 0;
	if (result.outputItems !== n || accepted !== n || result.sandboxAccepted !== n) {
		throw new Error(
			`${label}: expected ${n} output items, all accepted, and ${n} messages in the sandbox; got ` +
				`${result.outputItems} items ${JSON.stringify(result.statuses)}, sandbox accepted ${result.sandboxAccepted}`,
		);
	}
}

async function runEngine({ quick, cpuProf, log }) {
	const sizes = quick ? QUICK : FULL;
	const { n } = sizes;
	const floorMs = (n * LATENCY_MS) / CONCURRENCY;
	const sandbox = await startSandbox({ latencyMs: LATENCY_MS });
	const loads = {};
	const phase = async (name, args, extraNodeArgs) => {
		const before = loadAverage();
		const result = await runPhase(name, { sandboxUrl: sandbox.url, ...args }, { cpuProf, extraNodeArgs });
		loads[name] = { before, after: loadAverage() };
		return result;
	};
	try {
		log(`Part 1 (engine): Betatel Bulk Send in n8n-core's WorkflowExecute (test/harness/workflowRunner.ts)`);
		log(`against the sandbox as its own process (sandbox/cli.js --quiet --latency ${LATENCY_MS}, ${sandbox.url}).`);
		if (quick) log(`--quick: N = ${n} (not 2,000), memory and overhead with ${int(sizes.memoryN)} recipients (not 100,000); the targets are for the full run.`);
		log('');

		const bulkRuns = [];
		for (let run = 1; run <= sizes.bulkRuns; run++) {
			log(`[1/4] Bulk Send, ${int(n)} recipients (one item each), latency ${LATENCY_MS} ms, Concurrency ${CONCURRENCY}, run ${run} of ${sizes.bulkRuns} ...`);
			const result = await phase('bulk', { n, latencyMs: LATENCY_MS, concurrency: CONCURRENCY });
			checkAllAccepted('Bulk Send', result, n);
			bulkRuns.push(result);
			log(`      ${ms(result.wallMs)}   (load average ${loads.bulk.before} → ${loads.bulk.after})`);
		}
		const bulk = [...bulkRuns].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(bulkRuns.length / 2)];

		log(`[2/4] Send, the same ${int(n)} recipients one request at a time (Concurrency 1), latency ${LATENCY_MS} ms ...`);
		const sequential = await phase('sequential', { n, latencyMs: LATENCY_MS, concurrency: 1 });
		checkAllAccepted('Sequential Send', sequential, n);
		log(`      ${ms(sequential.wallMs)}   (load average ${loads.sequential.before} → ${loads.sequential.after})`);

		// Two input shapes (one item per recipient; one item listing them all), each with
		// V8's default heap and with its old space capped.
		const memoryRuns = [];
		for (const oneItem of [false, true]) {
			for (const capMb of [undefined, HEAP_CAP_MB]) {
				const label = `${oneItem ? 'one item listing all' : 'one item each'}, ${capMb ? `--max-old-space-size=${capMb}` : 'default heap'}`;
				log(`[3/4] Peak memory: Bulk Send, ${int(sizes.memoryN)} recipients (${label}), latency 0, Concurrency ${MEMORY_CONCURRENCY} ...`);
				const args = { n: sizes.memoryN, latencyMs: 0, concurrency: MEMORY_CONCURRENCY, oneItem };
				const result = await phase('memory', args, capMb ? [`--max-old-space-size=${capMb}`] : []).catch((error) => ({ error }));
				if (!result.error) checkAllAccepted(`Memory run (${label})`, result, sizes.memoryN);
				log(`      ${result.error ? `failed: ${result.error.message.split('\n')[0]}` : ms(result.wallMs)}   (load average ${loads.memory.before} → ${loads.memory.after})`);
				memoryRuns.push(result);
			}
		}
		const [memory, capped, listMemory, listCapped] = memoryRuns;
		if (memory.error) throw memory.error;

		log(`[4/4] Node overhead without HTTP, ${int(sizes.overheadN)} recipients per shape ...`);
		const overhead = await phase('overhead', { n: sizes.overheadN });
		for (const shape of overhead.shapes) {
			if (shape.requests !== shape.n || (shape.statuses.accepted ?? 0) !== shape.n) {
				throw new Error(`overhead run "${shape.shape}": ${shape.requests} requests, statuses ${JSON.stringify(shape.statuses)}`);
			}
		}
		log(`      done   (load average ${loads.overhead.before} → ${loads.overhead.after})`);
		log('');

		const ratio = bulk.wallMs / floorMs;
		const speedUp = sequential.wallMs / bulk.wallMs;
		const [bulkShape, listShape] = overhead.shapes;
		const lines = [];
		lines.push(`Bulk Send, N = ${int(n)} recipients, latency ${LATENCY_MS} ms, Concurrency ${CONCURRENCY}`);
		lines.push(
			table(
				['', 'value'],
				[
					[`wall time (runNode, input node included)${bulkRuns.length > 1 ? `, median of ${bulkRuns.length}` : ''}`, ms(bulk.wallMs)],
					...(bulkRuns.length > 1 ? [['each run', bulkRuns.map((result) => int(result.wallMs)).join(' / ')]] : []),
					["node's executionTime (n8n run data), same run", ms(bulk.nodeMs)],
					[`floor N × latency / concurrency`, ms(floorMs)],
					['ratio wall / floor', fixed(ratio, 2)],
					['sequential: Send, Concurrency 1, same N', ms(sequential.wallMs)],
					['sequential floor N × latency', ms(n * LATENCY_MS)],
					['speed-up (sequential / Bulk Send)', `${fixed(speedUp, 1)}×`],
				],
			),
		);
		lines.push('');
		lines.push(`Peak memory, Bulk Send of ${int(sizes.memoryN)} recipients, latency 0, Concurrency ${MEMORY_CONCURRENCY}`);
		const column = (run, figure) => (run.error ? 'failed' : figure(run));
		const row = (label, figure) => [label, ...memoryRuns.map((run) => column(run, figure))];
		const perRecipient = (mb) => int((mb * 1024 * 1024) / sizes.memoryN);
		lines.push(
			table(
				['MB', 'one item each', `… old space ≤ ${HEAP_CAP_MB}`, 'one item listing all', `… old space ≤ ${HEAP_CAP_MB}`],
				[
					row('RSS before the run (n8n-core and the node loaded, warmed up)', (run) => fixed(run.baselineRssMb)),
					row('peak RSS of the process (getrusage maxRSS)', (run) => fixed(run.peakRssMb)),
					row('peak heap used (process.memoryUsage every 10 ms)', (run) => fixed(run.peakHeapUsedMb)),
					row('peak live heap (heap used after a full GC)', (run) => fixed(run.peakLiveHeapMb)),
					row('full GCs during the run', (run) => int(run.majorCollections)),
					row('heap used before the run, after a GC', (run) => fixed(run.baselineHeapMb)),
					row('heap used at execute, after a GC (+ the input items)', (run) => fixed(run.heapAtStartMb)),
					row('heap used at the first request, after a GC (+ every recipient prepared)', (run) => fixed(run.heapAfterPrepareMb)),
					row('heap used after the run and a GC (output items still held)', (run) => fixed(run.retainedHeapMb)),
					row('live bytes per recipient: input items', (run) => perRecipient(run.heapAtStartMb - run.baselineHeapMb)),
					row("live bytes per recipient: the node's prepared state", (run) => perRecipient(run.heapAfterPrepareMb - run.heapAtStartMb)),
					row('wall time', (run) => ms(run.wallMs)),
				],
			),
		);
		lines.push('  Peak heap used above the peak live heap is garbage V8 has not collected yet: with its default');
		lines.push('  limits on a machine with much memory, V8 lets the heap grow to several times what is live.');
		lines.push('');
		lines.push(`Node overhead per recipient, no HTTP (the HTTP helper answers at once), ${int(sizes.overheadN)} recipients, after a 2,000-recipient warm-up`);
		lines.push(
			table(
				['shape', 'prepare µs', 'send engine µs', '(of it CPU)', 'execute µs', 'wall µs'],
				overhead.shapes.map((shape) => [
					shape.shape,
					fixed(shape.prepareUs),
					fixed(shape.engineUs),
					fixed(shape.engineCpuUs),
					fixed(shape.executeUs),
					fixed(shape.wallUs),
				]),
			),
		);
		lines.push('  prepare = parse, validate, segment count, request build (n8n resolving the item\'s parameters included);');
		lines.push('  send engine = pacing, ordering, reading the answer, output items, and the engine\'s wait for one turn');
		lines.push('  of the event loop after each start, which lets the request reach the wire (nodes/shared/sending/');
		lines.push('  dispatch.ts); CPU = the process\'s CPU time in that span; wall = the whole workflow run.');
		log(lines.join('\n'));
		log('');

		return {
			figures: { n, floorMs, bulk, bulkRuns, sequential, memory, capped, listMemory, listCapped, overhead, ratio, speedUp, loads },
			targets: [
				{ name: `Bulk Send ratio to the floor (N ${int(n)}, ${LATENCY_MS} ms, c ${CONCURRENCY})`, figure: fixed(ratio, 2), target: `≤ ${TARGETS.ratio}`, ok: ratio <= TARGETS.ratio },
				{ name: 'speed-up over one at a time', figure: `${fixed(speedUp, 1)}×`, target: `≥ ${TARGETS.speedUp}×`, ok: speedUp >= TARGETS.speedUp },
				{
					name: 'overhead per recipient: prepare, one item per recipient (one item listing all)',
					figure: `${fixed(bulkShape.prepareUs)} µs (${fixed(listShape.prepareUs)} µs)`,
					target: `< ${TARGETS.overheadUs} µs`,
					ok: bulkShape.prepareUs < TARGETS.overheadUs,
				},
				{
					name: `peak RSS, ${int(sizes.memoryN)} recipients, one item each, default heap (one item listing all; each with old space ≤ ${HEAP_CAP_MB} MB)`,
					figure: `${fixed(memory.peakRssMb)} MB (${column(listMemory, (run) => fixed(run.peakRssMb))}; ${column(capped, (run) => fixed(run.peakRssMb))} / ${column(listCapped, (run) => fixed(run.peakRssMb))})`,
					target: `< ${TARGETS.peakRssMb} MB`,
					ok: memory.peakRssMb < TARGETS.peakRssMb,
				},
			],
		};
	} finally {
		await sandbox.stop();
	}
}

module.exports = { runEngine, runPhase };
