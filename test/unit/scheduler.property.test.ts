/**
 * The send scheduler's promises, as properties of generated runs on virtual time against a
 * simulated provider (random latencies, 429 bursts with Retry-After, 5xx, connection resets
 * before and after the provider took the message, unreadable answers, cancels at random
 * moments, invalid jobs): every promise holds on every run.
 *
 * And each property can fail: every broken scheduler below (a subclass that breaks one rule
 * the way a plausible bug would) makes `fc.check` find a run that breaks the property named
 * beside it. So CI proves, on every run, that these tests would notice the defect.
 */
import fc from 'fast-check';
import type { RequestStart } from '../../nodes/shared/sending/scheduler/scheduler';
import { SendScheduler } from '../../nodes/shared/sending/scheduler/scheduler';
import type { AttemptResult, Entry, RetryRequest } from '../../nodes/shared/sending/scheduler/types';
import {
	ALL_PROPERTIES,
	atMostConcurrencyInFlight,
	atMostMaxPerSecond,
	exactlyOnce,
	nothingSentGoesUnreported,
	nothingStartsAfterHalt,
	oneHalvingPerEpisode,
	PropertyViolation,
	recipientOrder,
	recoversInSeconds,
	startsAfterGate,
	waitingHoldsNothing,
} from './support/schedulerProperties';
import type { SchedulerClass, Scenario, SimulatedRun } from './support/schedulerSimulation';
import { scenarioArb, simulate } from './support/schedulerSimulation';

type Job = Entry<number, Error>;
type Start = RequestStart<number, Error>;

/**
 * Every run of `Scheduler` keeps `properties`. A run that never ends fails too ("liveness"),
 * unless `ignoreLiveness`: then only `properties` can fail, which shows that they alone
 * catch a broken scheduler.
 */
const holds = (Scheduler: SchedulerClass, properties: Array<(run: SimulatedRun) => void>, ignoreLiveness = false) =>
	fc.asyncProperty(scenarioArb, async (scenario: Scenario) => {
		let run: SimulatedRun;
		try {
			run = await simulate(Scheduler, scenario);
		} catch (caught) {
			if (ignoreLiveness && caught instanceof PropertyViolation && caught.property === 'liveness') return;
			throw caught;
		}
		for (const property of properties) property(run);
	});

it('keeps every promise on 2,000 generated runs', async () => {
	await fc.assert(holds(SendScheduler, ALL_PROPERTIES), { numRuns: 2000 });
}, 60_000);

// Each broken scheduler, and the property that must catch it.

/** Counts one slot too many: Concurrency + 1 requests may be in flight. */
class IgnoresConcurrency extends SendScheduler<number, Error> {
	protected hasFreeSlot(): boolean {
		return this.inFlight < this.limit.current + 1;
	}
}

/** A retry takes no rate token (only first attempts count toward Max Per Second). */
class RetriesTakeNoToken extends SendScheduler<number, Error> {
	protected takeToken(start: Start): void {
		if (start.entry.attempts === 1) super.takeToken(start);
	}
}

/** Takes the rate token when the job is read, before it waits for an earlier job (the old `pacing.start()`). */
class TakesTokenEarly extends SendScheduler<number, Error> {
	protected admit(job: Job): void {
		super.admit(job);
		super.takeToken({ now: this.clock.now(), entry: job });
	}

	protected takeToken(start: Start): void {
		if (start.entry.attempts > 1) super.takeToken(start);
	}
}

/** A job that waited for an earlier one to the same number then skips Max Per Second (the old engine's defect). */
class WaitedJobsSkipRate extends SendScheduler<number, Error> {
	private readonly waited = new Set<number>();

	protected admit(job: Job): void {
		super.admit(job);
		if (job.blockers > 0) this.waited.add(job.index);
	}

	protected tokenFreeAt(start: Start): number {
		return this.waited.has(start.entry.index) ? start.now : super.tokenFreeAt(start);
	}
}

/** Skips the recipient check: a job never waits for an earlier one to the same number. */
class SkipsChainCheck extends SendScheduler<number, Error> {
	protected admit(job: Job): void {
		super.admit(job);
		job.blockers = 0;
	}
}

/** A job waiting for an earlier one to the same number holds a slot meanwhile. */
class WaitingHoldsSlot extends SendScheduler<number, Error> {
	protected hasFreeSlot(): boolean {
		return this.inFlight + this.waiting < this.limit.current;
	}
}

/** Halves the limit for every 429, even those of requests that were in flight together. */
class HalvesPer429 extends SendScheduler<number, Error> {
	protected throttled(serial: number, now: number, waitMs: number): void {
		super.throttled(serial, now, waitMs);
		this.limit.current = Math.max(1, Math.floor(this.limit.current / 2));
		this.trace({ type: 'limit', limit: this.limit.current, at: now });
	}
}

/** Never grows the limit back after throttling. */
class NeverRecovers extends SendScheduler<number, Error> {
	constructor(...args: ConstructorParameters<SchedulerClass>) {
		super(...args);
		this.limit.grow = () => false;
		Object.defineProperty(this.limit, 'growthDueAt', { get: () => undefined });
	}
}

/** Retries whatever failed (up to 6 attempts), also a request that may have been taken. */
class RetriesAnyFailure extends SendScheduler<number, Error> {
	protected retryOf({ result, attempts }: { result: AttemptResult<number, Error>; attempts: number }): RetryRequest | undefined {
		if (result.status === 'accepted' || attempts >= 6) return undefined;
		return result.retry ?? { afterMs: 0, throttled: false };
	}
}

/** Reports an answer it could not read (a throw after the request left) as failed. */
class UnreadableIsFailed extends SendScheduler<number, Error> {
	protected whenThrown(caught: unknown, index: number): AttemptResult<number, Error> {
		return { status: 'failed', error: this.options.asError(caught, index) };
	}
}

/** Lets a job start while its gate is still closed (the journal had not written it yet). */
class SkipsGate extends SendScheduler<number, Error> {
	protected free(job: Job): void {
		const gate = this.options.gate;
		if (gate) void gate.open(job.index).catch(() => undefined);
		(this.options as { gate?: unknown }).gate = undefined;
		super.free(job);
		(this.options as { gate?: unknown }).gate = gate;
	}
}

/** Ignores a stop: keeps starting requests after the first failure. */
class IgnoresStop extends SendScheduler<number, Error> {
	protected get halted(): boolean {
		return this.cancelled;
	}
}

it.each<[string, SchedulerClass, (run: SimulatedRun) => void]>([
	['ignores Concurrency', IgnoresConcurrency, atMostConcurrencyInFlight],
	['does not count retries toward Max Per Second', RetriesTakeNoToken, atMostMaxPerSecond],
	['takes the rate token before the job waits for its turn', TakesTokenEarly, atMostMaxPerSecond],
	['lets a job that waited for its turn skip Max Per Second', WaitedJobsSkipRate, atMostMaxPerSecond],
	['skips the same-recipient check', SkipsChainCheck, recipientOrder],
	['holds a slot while a job waits for its turn', WaitingHoldsSlot, waitingHoldsNothing],
	['halves the limit for every 429 of one burst', HalvesPer429, oneHalvingPerEpisode],
	['never grows the limit back', NeverRecovers, recoversInSeconds],
	['retries a request the provider may have taken', RetriesAnyFailure, exactlyOnce],
	['reports an unreadable answer as failed', UnreadableIsFailed, nothingSentGoesUnreported],
	['keeps sending after a stop', IgnoresStop, nothingStartsAfterHalt],
	['starts a job before its gate opened', SkipsGate, startsAfterGate],
])('catches a scheduler that %s', async (_name, Broken, property) => {
	const result = await fc.check(holds(Broken, [property], true), { numRuns: 3000, endOnFailure: true });
	expect(result.failed).toBe(true);
	expect(result.errorInstance).toBeInstanceOf(PropertyViolation);
}, 60_000);
