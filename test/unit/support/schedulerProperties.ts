/**
 * The send scheduler's promises (docs/send-engine.md), each as a check of one simulated run.
 * A check throws a PropertyViolation naming its property, so a test can tell which promise
 * a broken scheduler broke. The trace is in the order things happened: positions in it are
 * exact where virtual times tie.
 */
import { RECOVERY_STEP_MS } from '../../../nodes/shared/sending/scheduler/adaptiveLimit';
import type { SimulatedRun } from './schedulerSimulation';

export class PropertyViolation extends Error {
	constructor(
		readonly property: string,
		detail: string,
	) {
		super(`[${property}] ${detail}`);
	}
}

type Event = SimulatedRun['trace'][number];
type Of<T extends Event['type']> = Extract<Event, { type: T }>;

function positions<T extends Event['type']>(run: SimulatedRun, type: T): Array<Of<T> & { position: number }> {
	return run.trace.flatMap((event, position) => (event.type === type ? [{ ...(event as Of<T>), position }] : []));
}

const shareRecipient = (run: SimulatedRun, first: number, second: number) =>
	run.scenario.jobs[first].recipients.some((recipient) => run.scenario.jobs[second].recipients.includes(recipient));

/** At most Concurrency requests in flight. */
export function atMostConcurrencyInFlight(run: SimulatedRun): void {
	let inFlight = 0;
	for (const event of run.trace) {
		if (event.type === 'start' && ++inFlight > run.scenario.concurrency) {
			throw new PropertyViolation('concurrency', `${inFlight} requests in flight at ${event.at} ms, Concurrency ${run.scenario.concurrency}`);
		}
		if (event.type === 'answer') inFlight--;
	}
}

/** At most Max Per Second request starts, retries included, in any one-second window. */
export function atMostMaxPerSecond(run: SimulatedRun): void {
	const limit = run.scenario.maxPerSecond;
	if (limit === 0) return;
	const starts = positions(run, 'start').map((start) => start.at);
	for (let index = 0; index + limit < starts.length; index++) {
		if (starts[index + limit] - starts[index] < 1000) {
			throw new PropertyViolation('rate', `${limit + 1} starts from ${starts[index]} to ${starts[index + limit]} ms, Max Per Second ${limit}`);
		}
	}
}

/** A job to a recipient starts only after every earlier job to that recipient was answered. */
export function recipientOrder(run: SimulatedRun): void {
	const reportedAt = new Map(positions(run, 'report').map((report) => [report.index, report.position]));
	const firstStarts = positions(run, 'start').filter((start) => start.attempt === 1);
	for (const start of firstStarts) {
		for (let earlier = 0; earlier < start.index; earlier++) {
			if (!shareRecipient(run, earlier, start.index)) continue;
			const answered = reportedAt.get(earlier);
			if (answered === undefined || answered > start.position) {
				throw new PropertyViolation('order', `job ${start.index} started at ${start.at} ms before job ${earlier} to the same recipient was answered`);
			}
		}
	}
}

/**
 * A waiting job holds no slot and no rate token: whenever a job could start (never started,
 * every earlier job to its recipients answered), it has started unless the slots are all
 * taken, the rate window is full, or everyone is paused by a throttling answer.
 */
export function waitingHoldsNothing(run: SimulatedRun): void {
	const { scenario, trace } = run;
	const checkpoints = new Set<number>();
	for (const event of trace) {
		checkpoints.add(event.at);
		if (event.type === 'start') checkpoints.add(event.at + 1000);
		if (event.type === 'pause') checkpoints.add(event.until);
	}
	const end = trace.length > 0 ? trace[trace.length - 1].at : 0;
	const halt = haltPosition(run);
	for (const time of [...checkpoints].filter((at) => at <= end).sort((a, b) => a - b)) {
		const past = trace.filter((event) => event.at <= time);
		if (halt !== -1 && trace[halt].at <= time) return;
		const starts = past.filter((event): event is Of<'start'> => event.type === 'start');
		const inFlight = starts.length - past.filter((event) => event.type === 'answer').length;
		const limit = [...past].reverse().find((event): event is Of<'limit'> => event.type === 'limit')?.limit ?? scenario.concurrency;
		const paused = past.some((event) => event.type === 'pause' && event.until > time);
		const inWindow = starts.filter((start) => start.at > time - 1000).length;
		if (inFlight >= limit || paused || (scenario.maxPerSecond > 0 && inWindow >= scenario.maxPerSecond)) continue;
		const reported = new Set(past.flatMap((event) => (event.type === 'report' ? [event.index] : [])));
		const started = new Set(starts.map((start) => start.index));
		const idle = scenario.jobs.findIndex(
			(job, index) =>
				!job.invalid &&
				(!scenario.gate || (run.opened.get(index) ?? Infinity) <= time) &&
				!started.has(index) &&
				!reported.has(index) &&
				scenario.jobs.slice(0, index).every((_, earlier) => !shareRecipient(run, earlier, index) || reported.has(earlier)),
		);
		if (idle !== -1) {
			throw new PropertyViolation('waiting', `job ${idle} could start at ${time} ms but did not: ${inFlight} of ${limit} slots taken, ${inWindow} starts in the last second`);
		}
	}
}

/** One throttling episode (the 429s of requests in flight together) halves the limit once. */
export function oneHalvingPerEpisode(run: SimulatedRun): void {
	let limit = run.scenario.concurrency;
	let lastDecrease = -1;
	const startPosition = new Map(positions(run, 'start').map((start) => [`${start.index}/${start.attempt}`, start.position]));
	run.trace.forEach((event, position) => {
		if (event.type !== 'limit') return;
		if (event.limit < limit) {
			if (event.limit !== Math.max(1, Math.floor(limit / 2))) {
				throw new PropertyViolation('episode', `the limit went from ${limit} to ${event.limit} at ${event.at} ms, not halved`);
			}
			const cause = run.trace.slice(position + 1).find((later): later is Of<'answer'> => later.type === 'answer');
			const causeStart = cause ? startPosition.get(`${cause.index}/${cause.attempt}`) : undefined;
			if (causeStart === undefined || causeStart < lastDecrease) {
				throw new PropertyViolation('episode', `the limit was lowered again at ${event.at} ms by a request that was in flight when it was last lowered`);
			}
			lastDecrease = position;
		}
		limit = event.limit;
	});
}

/**
 * After the last throttling pause, the limit is back to Concurrency within seconds (it
 * doubles each second), for as long as the run goes on (not stopped or cancelled).
 */
export function recoversInSeconds(run: SimulatedRun): void {
	const pauses = positions(run, 'pause');
	if (pauses.length === 0) return;
	const resumed = Math.max(...pauses.map((pause) => pause.until));
	const due = resumed + Math.ceil(Math.log2(run.scenario.concurrency)) * RECOVERY_STEP_MS;
	let limit = run.scenario.concurrency;
	const halt = haltPosition(run);
	for (const event of halt === -1 ? run.trace : run.trace.slice(0, halt + 1)) {
		if (event.type === 'limit') limit = event.limit;
		if (event.at > due && limit !== run.scenario.concurrency) {
			throw new PropertyViolation('recovery', `the limit was still ${limit} at ${event.at} ms, Concurrency ${run.scenario.concurrency} was due by ${due} ms`);
		}
	}
}

/** Exactly one report per job; no request repeated after one the provider took. */
export function exactlyOnce(run: SimulatedRun): void {
	const reportCounts = new Map<number, number>();
	for (const report of positions(run, 'report')) reportCounts.set(report.index, (reportCounts.get(report.index) ?? 0) + 1);
	run.scenario.jobs.forEach((_, index) => {
		if (reportCounts.get(index) !== 1 || run.reports[index] === undefined) {
			throw new PropertyViolation('once', `job ${index} was reported ${reportCounts.get(index) ?? 0} times`);
		}
	});
	for (const { index, attempt } of run.taken) {
		const again = positions(run, 'start').find((start) => start.index === index && start.attempt > attempt);
		if (again) throw new PropertyViolation('once', `job ${index} was sent again (attempt ${again.attempt}) after attempt ${attempt} was taken`);
	}
}

/** Every message the provider took is reported accepted or unknown, never failed or not sent. */
export function nothingSentGoesUnreported(run: SimulatedRun): void {
	for (const { index } of run.taken) {
		const { status } = run.reports[index];
		if (status !== 'accepted' && status !== 'unknown') {
			throw new PropertyViolation('reported', `job ${index} went out but was reported ${status}`);
		}
	}
	run.reports.forEach((report, index) => {
		if (report.status === 'accepted' && !run.taken.some((taken) => taken.index === index)) {
			throw new PropertyViolation('reported', `job ${index} was reported accepted but never went out`);
		}
	});
}

/** With a gate, a job's first request starts only once its gate opened. */
export function startsAfterGate(run: SimulatedRun): void {
	if (!run.scenario.gate) return;
	for (const start of positions(run, 'start').filter((event) => event.attempt === 1)) {
		const opened = run.opened.get(start.index);
		if (opened === undefined || opened > start.at) {
			throw new PropertyViolation('gate', `job ${start.index} started at ${start.at} ms, its gate ${opened === undefined ? 'never opened' : `opened at ${opened} ms`}`);
		}
	}
}

/**
 * Where the run was stopped (the first failure, when asked to stop at one; a gate that
 * refused a job) or cancelled; -1 if never.
 */
function haltPosition(run: SimulatedRun): number {
	const refuse = run.scenario.gate?.refuse;
	const refused = refuse !== undefined && !run.scenario.jobs[refuse]?.invalid ? refuse : undefined;
	return run.trace.findIndex(
		(event) =>
			event.type === 'cancel' ||
			(event.type === 'report' && event.index === refused && event.status === 'failed') ||
			(run.scenario.stopOnFailure && event.type === 'report' && (event.status === 'failed' || event.status === 'unknown')),
	);
}

/** After a stop (the first failure, when asked) or a cancel, no request starts. */
export function nothingStartsAfterHalt(run: SimulatedRun): void {
	const halt = haltPosition(run);
	if (halt === -1) return;
	const late = run.trace.slice(halt + 1).find((event): event is Of<'start'> => event.type === 'start');
	if (late) throw new PropertyViolation('halt', `job ${late.index} started at ${late.at} ms after the run was ${run.trace[halt].type === 'cancel' ? 'cancelled' : 'stopped'}`);
}

export const ALL_PROPERTIES = [
	atMostConcurrencyInFlight,
	atMostMaxPerSecond,
	recipientOrder,
	waitingHoldsNothing,
	oneHalvingPerEpisode,
	recoversInSeconds,
	exactlyOnce,
	nothingSentGoesUnreported,
	nothingStartsAfterHalt,
	startsAfterGate,
];
