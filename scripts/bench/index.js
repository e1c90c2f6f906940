#!/usr/bin/env node
/**
 * `npm run bench [-- --part engine|n8n|campaign|memory] [--quick] [--runs <k>] [--cpu-prof]`: how fast
 * the send engine sends, measured against the provider sandbox (issue 7). All parts by default.
 *
 * Part 1, "engine" (scripts/bench/engine.js): the Betatel node run by n8n-core's own
 * WorkflowExecute through test/harness/workflowRunner.ts, exactly as the integration tests
 * run it (the TypeScript sources, loaded with esbuild by ts-register.js), with real
 * `httpRequestWithAuthentication` over real sockets to `sandbox/cli.js --quiet --port 0
 * --latency 50` running as a process of its own. Every measurement runs in a fresh child
 * process (phase-child.js → engine-phase.ts), after a short warm-up run, and checks
 * that each recipient came out "accepted" and that the sandbox accepted exactly N messages
 * (its `/__sandbox/health` count, which its bounded logs do not cap).
 *   1. Bulk Send of N = 2,000 recipients (2,000 items of one number each, the same text) at
 *      50 ms latency, Concurrency 10: wall time of the whole workflow run (median of 3
 *      runs), the floor N × latency / concurrency = 10,000 ms, and their ratio.
 *   2. "The sequential loop": the same 2,000 recipients through the node's Send operation with
 *      Concurrency 1, i.e. one request at a time, each after the previous answer, which is
 *      what n8n's per-item loop does (about 100 s); the speed-up is its wall time over (1).
 *   3. Peak memory: Bulk Send of 100,000 recipients at latency 0, Concurrency 100 (the most the
 *      option allows). The child's peak RSS is getrusage's maxRSS (`process.resourceUsage()`),
 *      which cannot miss a short peak; the peak heap used is `process.memoryUsage()` sampled
 *      every 10 ms; the peak live heap is the heap used right after each full collection (a
 *      `gc` PerformanceObserver). Two forced collections weigh what is live when `execute` is
 *      called (the input items) and at the node's first request (every recipient prepared).
 *      Everything in the process counts: n8n-core, the harness, the input and output items.
 *      Four runs: one input item per recipient, and one item listing all 100,000 (as an
 *      expression hands over a column of a sheet), each with V8's default heap and again with
 *      its old space capped (`--max-old-space-size=256`), which shows what the run needs when
 *      V8 has to collect instead of growing the heap.
 *   4. Overhead per recipient at latency 0, without HTTP: the node's `execute` is wrapped so
 *      that its HTTP helper answers at once with a Betatel success, and the run is timed from
 *      `execute` called to the first request (the prepare phase: n8n resolving the item's
 *      parameters, reading and checking them, libphonenumber-js parsing and validating the
 *      number, repeat detection, the segment count, building the request) and from there to
 *      the output (the send engine: pacing, per-number order, reading each answer, one output
 *      item per recipient). 100,000 recipients per shape after a 2,000-recipient warm-up, for
 *      Bulk Send with one item per recipient, Bulk Send with one item listing every recipient
 *      (n8n resolves the parameters once: what is left is the node's own work), and Send.
 *      The figures are microseconds per recipient.
 *   `--quick` scales N down to 200 and the memory and overhead runs to 10,000 recipients
 *   and says so; the targets are for the full sizes.
 *
 * Part 2, "n8n" (scripts/bench/n8n.js): the built package (rebuilt when dist/ is older than
 * the sources) in the real n8n of the e2e suite (scripts/n8n/*, installed into the cache if
 * missing), a fresh user folder, `n8n execute --id`. One workflow: Manual Trigger → Set →
 * Split Out → 200 items → four branches on the same items: Send (default options), Send
 * (Concurrency 50), n8n's HTTP Request node POSTing the same body and headers (the API key
 * typed into a header), and the same with the key in n8n's Header Auth credential, against
 * one sandbox at 50 ms; then the same with 1,000 items at latency 0 (ms per item). Each
 * node's time is `executionTime` from the execution's run data; median of 4 runs (`--runs`), with
 * the order of the branches rotated so that each node runs first, on a cold JIT, once.
 *
 * Part 3, "campaign" (scripts/bench/campaign.js): what the delivery journal and the opt-out
 * list cost, in a real n8n started with `n8n start` (its public API is the journal's way in):
 * Bulk Send of 2,000 recipients at 50 ms and Concurrency 10, without campaign options, with a
 * journal (a new campaign, then its rerun), and with a 100,000-row opt-out list read cold and
 * warm; the Bulk Send node's executionTime, median of 3 runs (`--runs`, 1 with --quick).
 *
 * Part 4, "memory" (scripts/bench/memory.js): peak RSS of the n8n process for Bulk Send of
 * 100,000 recipients (one item each, and one item listing all) beside n8n's HTTP Request node
 * on the same work, each in a fresh `n8n start`.
 *
 * `--cpu-prof` writes a V8 CPU profile of each part-1 child to test-results/bench/profiles/
 * (open it in Chrome DevTools; ts-register.js adds inline source maps, so frames name the
 * .ts lines). The machine's load average is printed beside each figure: other work on the
 * machine slows every figure down.
 */
'use strict';

const { runEngine } = require('./engine');
const { runN8n } = require('./n8n');
const { runCampaignBench } = require('./campaign');
const { runMemoryBench } = require('./memory');
const { machine, loadAverage, table, verdict } = require('./format');

const USAGE = `Usage: npm run bench [-- options]
  --part engine|n8n|campaign|memory   run one part only (default: all four)
  --quick             smaller N (engine part) and one run (n8n part); says so in the output
  --runs <k>          runs of each n8n workflow (default 3, 1 with --quick)
  --cpu-prof          write CPU profiles of the engine part to test-results/bench/profiles/
  --help              this text`;

function parseArgs(argv) {
	const options = { parts: ['engine', 'n8n', 'campaign', 'memory'], quick: false, cpuProf: false, runs: undefined };
	for (let index = 0; index < argv.length; index++) {
		const [flag, inline] = argv[index].split(/=(.*)/s, 2);
		const value = () => (inline !== undefined ? inline : argv[++index]);
		if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else if (flag === '--quick') options.quick = true;
		else if (flag === '--cpu-prof') options.cpuProf = true;
		else if (flag === '--part') {
			const part = value();
			if (!['engine', 'n8n', 'campaign', 'memory'].includes(part)) fail(`--part must be engine, n8n, campaign or memory, got "${part}"`);
			options.parts = [part];
		} else if (flag === '--runs') {
			const runs = Number(value());
			if (!Number.isInteger(runs) || runs < 1) fail('--runs needs a whole number ≥ 1');
			options.runs = runs;
		} else fail(`Unknown option ${flag}`);
	}
	return options;
}

function fail(message) {
	process.stderr.write(`${message}\n\n${USAGE}\n`);
	process.exit(2);
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const log = (line = '') => process.stdout.write(`${line}\n`);
	const started = Date.now();
	log(`n8n-nodes-sms-otp benchmark (npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''})`);
	log(`Machine: ${machine()}; load average ${loadAverage()} (1, 5, 15 min)`);
	log('');
	const targets = [];
	if (options.parts.includes('engine')) targets.push(...(await runEngine({ ...options, log })).targets);
	if (options.parts.includes('n8n')) targets.push(...(await runN8n({ ...options, log })).targets);
	if (options.parts.includes('campaign')) targets.push(...(await runCampaignBench({ ...options, log })).targets);
	if (options.parts.includes('memory')) targets.push(...(await runMemoryBench({ ...options, log })).targets);

	log(`Targets${options.quick ? ' (--quick: engine figures are for scaled-down sizes, not the targets\' sizes)' : ''}`);
	log(table(['target', 'figure', 'goal', ''], targets.map((entry) => [entry.name, entry.figure, entry.target, verdict(entry.ok)])));
	log('');
	log(`Finished in ${Math.round((Date.now() - started) / 1000)} s; load average ${loadAverage()}.`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
