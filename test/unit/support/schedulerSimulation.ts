/**
 * A simulated provider for the send scheduler, on virtual time: each attempt takes its own
 * latency, and its request reaches the provider halfway through. The provider answers as
 * the scenario says: a success, a 5xx, a connection reset before or after it took the
 * message, an answer that cannot be read (the attempt throws after the request left), or a
 * 429 with Retry-After while it is overloaded (a burst: every request arriving in that
 * window). Attempts map these to results the way the engine's retry policy does
 * (nodes/shared/http/retryPolicy.ts). The run records everything the properties need.
 */
import fc from 'fast-check';
import type { SendScheduler } from '../../../nodes/shared/sending/scheduler/scheduler';
import type { AttemptResult, JobReport, JobSource, SchedulerOptions, TraceEvent } from '../../../nodes/shared/sending/scheduler/types';
import { PropertyViolation } from './schedulerProperties';
import { SimulatedClock } from './simulatedClock';

export type Outcome = 'ok' | 'serverError' | 'resetBefore' | 'resetAfter' | 'unreadable';

export interface AttemptPlan {
	latencyMs: number;
	outcome: Outcome;
}

export interface Scenario {
	concurrency: number;
	/** 0: no limit. */
	maxPerSecond: number;
	jobs: Array<{ recipients: string[]; invalid: boolean; attempts: AttemptPlan[] }>;
	/** Windows in which every arriving request is refused with a 429. */
	overloads: Array<{ from: number; to: number; retryAfterMs: number }>;
	/** Virtual time of a cancel, if any. */
	cancelAt?: number;
	/** Stop at the first failure (the per-item sends without Continue On Fail). */
	stopOnFailure: boolean;
	/**
	 * A gate each job waits at before it may start (the delivery journal's write): it opens
	 * after a delay that varies by job, or refuses job `refuse`, which stops the run; `ahead`
	 * jobs may be asked for before a slot frees.
	 */
	gate?: { delayMs: number; refuse?: number; ahead: number };
}

// As nodes/shared/http/retryPolicy.ts: attempts at most, and the refused-connection backoff.
const MAX_ATTEMPTS = 6;
const UNREACHED_MAX_ATTEMPTS = 3;
const UNREACHED_BACKOFF_MS = 500;

const outcomeArb: fc.Arbitrary<Outcome> = fc.oneof(
	{ weight: 12, arbitrary: fc.constant<Outcome>('ok') },
	{ weight: 1, arbitrary: fc.constantFrom<Outcome>('serverError', 'resetBefore', 'resetAfter', 'unreadable') },
);

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
	concurrency: fc.integer({ min: 1, max: 8 }),
	maxPerSecond: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })),
	jobs: fc.array(
		fc.record({
			// Few recipients, so that jobs share them often; a job may name several (a batch).
			recipients: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { minLength: 1, maxLength: 3 }),
			// One job in twenty cannot be built (a bad item).
			invalid: fc.integer({ min: 0, max: 19 }).map((draw) => draw === 0),
			attempts: fc.array(
				fc.record({
					// Unequal latencies: fast answers overtake slow ones.
					latencyMs: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 200, max: 1500 })),
					outcome: outcomeArb,
				}),
				{ minLength: 1, maxLength: MAX_ATTEMPTS },
			),
		}),
		{ minLength: 1, maxLength: 40 },
	),
	overloads: fc.array(
		fc
			.record({ from: fc.integer({ min: 0, max: 4000 }), length: fc.integer({ min: 1, max: 800 }), retryAfterMs: fc.integer({ min: 0, max: 2500 }) })
			.map(({ from, length, retryAfterMs }) => ({ from, to: from + length, retryAfterMs })),
		{ maxLength: 3 },
	),
	cancelAt: fc.option(fc.integer({ min: 0, max: 6000 }), { nil: undefined }),
	stopOnFailure: fc.boolean(),
	gate: fc.option(
		fc.record({
			delayMs: fc.integer({ min: 0, max: 300 }),
			refuse: fc.option(fc.integer({ min: 0, max: 39 }), { nil: undefined }),
			ahead: fc.integer({ min: 0, max: 4 }),
		}),
		{ nil: undefined },
	),
});

export const GATE_REFUSED = 'gate';

export interface SimulatedRun {
	scenario: Scenario;
	reports: Array<JobReport<number, Error>>;
	/** The scheduler's trace, with a `cancel` marker where the cancel happened. */
	trace: Array<TraceEvent | { type: 'cancel'; at: number }>;
	/** Attempts whose request the provider took (the message went out). */
	taken: Array<{ index: number; attempt: number }>;
	/** When each job's gate opened (with a gate). */
	opened: Map<number, number>;
}

export type SchedulerClass = new (
	...args: ConstructorParameters<typeof SendScheduler<number, Error>>
) => SendScheduler<number, Error>;

/** Runs a scenario on `Scheduler` (the real one, or a broken variant) and records it. */
export async function simulate(Scheduler: SchedulerClass, scenario: Scenario): Promise<SimulatedRun> {
	const clock = new SimulatedClock();
	const cancel = new AbortController();
	const trace: SimulatedRun['trace'] = [];
	const taken: SimulatedRun['taken'] = [];
	const opened = new Map<number, number>();
	if (scenario.cancelAt !== undefined) {
		clock.at(scenario.cancelAt, () => {
			trace.push({ type: 'cancel', at: clock.now() });
			cancel.abort();
		});
	}
	const overloadedAt = (time: number) => scenario.overloads.find((window) => time >= window.from && time < window.to);

	const attempt = async (index: number, attemptNumber: number): Promise<AttemptResult<number, Error>> => {
		const plans = scenario.jobs[index].attempts;
		const plan = plans[Math.min(attemptNumber, plans.length) - 1];
		const half = plan.latencyMs / 2;
		// The execution's cancel aborts a request on the wire, as n8n's HTTP helper does.
		const onTheWire = async (ms: number) => await clock.sleep(ms, cancel.signal).then(() => true, () => false);
		if (plan.outcome === 'resetBefore') {
			await onTheWire(half);
			return unreached(attemptNumber);
		}
		if (!(await onTheWire(half))) return { status: 'unknown', error: new Error('cancelled on the wire') };
		const overload = overloadedAt(clock.now());
		if (overload) {
			await onTheWire(half);
			const retry = attemptNumber < MAX_ATTEMPTS ? { afterMs: overload.retryAfterMs, throttled: true } : undefined;
			return { status: 'failed', error: new Error('429'), kind: 'rateLimit', retry };
		}
		if (plan.outcome === 'serverError') {
			await onTheWire(half);
			return { status: 'failed', error: new Error('500'), kind: 'server' };
		}
		taken.push({ index, attempt: attemptNumber });
		const answered = await onTheWire(half);
		if (!answered || plan.outcome === 'resetAfter') return { status: 'unknown', error: new Error('no answer') };
		if (plan.outcome === 'unreadable') throw new Error('the answer could not be read');
		return { status: 'accepted', value: index };
	};

	const source: JobSource<number, Error> = {
		length: scenario.jobs.length,
		build: (index) => {
			const job = scenario.jobs[index];
			if (job.invalid) throw new Error(`item ${index} is invalid`);
			return { recipients: job.recipients, attempt: async (attemptNumber) => await attempt(index, attemptNumber) };
		},
	};
	const gate = scenario.gate;
	const options: SchedulerOptions<number, Error> = {
		concurrency: scenario.concurrency,
		maxPerSecond: scenario.maxPerSecond,
		signal: cancel.signal,
		stopOn: (report) =>
			(scenario.stopOnFailure && (report.status === 'failed' || report.status === 'unknown')) || (report.status === 'failed' && report.kind === GATE_REFUSED),
		gate: gate && {
			open: async (index) => {
				await clock.sleep(Math.round((gate.delayMs * ((index % 3) + 1)) / 3), new AbortController().signal);
				if (index === gate.refuse) throw new Error('the journal could not be written');
				opened.set(index, clock.now());
			},
			failureKind: GATE_REFUSED,
			ahead: gate.ahead,
		},
		asError: (caught) => (caught instanceof Error ? caught : new Error(String(caught))),
		trace: (event) => {
			// A broken scheduler may loop: fail the run instead of filling the memory.
			if (trace.push(event) > 100_000) throw new Error('runaway run: over 100,000 scheduler events');
		},
	};
	let reports: SimulatedRun['reports'];
	try {
		reports = await clock.runUntil(new Scheduler(clock, source, options).run());
	} catch (caught) {
		// A run that never ends (it waits for nothing, or loops) breaks "one report per job".
		throw new PropertyViolation('liveness', (caught as Error).message);
	}
	return { scenario, reports, trace, taken, opened };
}

function unreached(attempt: number): AttemptResult<number, Error> {
	const retry = attempt < UNREACHED_MAX_ATTEMPTS ? { afterMs: UNREACHED_BACKOFF_MS * 2 ** (attempt - 1), throttled: false } : undefined;
	return { status: 'failed', error: new Error('connection refused'), kind: 'unreached', retry };
}
