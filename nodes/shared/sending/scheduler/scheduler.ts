/**
 * The send scheduler: decides when each request leaves, and reports every job exactly once.
 * It is driven by events (an answer, a due time, a cancel): each one runs `pump`, which
 * starts every request that may start now and sets a wake-up for the next time one may.
 * Its promises, and how the rest of the engine uses it, are in docs/send-engine.md.
 */
import { AdaptiveLimit } from './adaptiveLimit';
import { RateWindow } from './rateWindow';
import { RecipientChains } from './recipientChains';
import { Wakeups } from './wakeups';
import type { AttemptResult, Clock, Entry, JobReport, JobSource, RetryRequest, ScheduledJob, SchedulerOptions, TraceEvent } from './types';

/**
 * Jobs built ahead that wait for an earlier job to the same recipient, at most. Past it the
 * scheduler reads no further until one is answered, which bounds memory when many messages
 * go to one number.
 */
export const MAX_WAITING_JOBS = 1000;

/** A request about to start: the moment, and its job. */
export interface RequestStart<R, E> {
	now: number;
	entry: Entry<R, E>;
}

export class SendScheduler<R, E> {
	protected readonly limit: AdaptiveLimit;

	protected readonly rate?: RateWindow;

	protected readonly chains = new RecipientChains();

	protected inFlight = 0;

	/** Built jobs held back by an earlier job to the same recipient. */
	protected waiting = 0;

	/** Jobs waiting for their gate to open. */
	private opening = 0;

	private readonly reports: Array<JobReport<R, E>>;

	private readonly entries = new Map<number, Entry<R, E>>();

	/** Jobs free to start, lowest index first. */
	private readonly ready: Array<Entry<R, E>> = [];

	private readonly retrying = new Set<Entry<R, E>>();

	private nextToBuild = 0;

	private reported = 0;

	/** Requests started so far; each start is numbered, which tells throttling episodes apart. */
	private serial = 0;

	private pausedUntil = -Infinity;

	protected stopped = false;

	private pumping = false;

	private pumpAgain = false;

	private readonly wakeups: Wakeups;

	private settle: { resolve(): void; reject(error: unknown): void } | undefined;

	constructor(
		protected readonly clock: Clock,
		private readonly source: JobSource<R, E>,
		protected readonly options: SchedulerOptions<R, E>,
	) {
		this.limit = new AdaptiveLimit(Math.max(1, options.concurrency));
		if (options.maxPerSecond && options.maxPerSecond > 0) this.rate = new RateWindow(options.maxPerSecond);
		this.reports = new Array<JobReport<R, E>>(source.length);
		this.wakeups = new Wakeups(
			clock,
			() => this.pump(),
			(error) => this.settle?.reject(error),
		);
	}

	/** Runs every job; resolves with one report per job, in job order. */
	async run(): Promise<Array<JobReport<R, E>>> {
		const finished = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
		const onCancel = () => this.pump();
		this.options.signal?.addEventListener('abort', onCancel);
		try {
			this.pump();
			await finished;
		} finally {
			this.options.signal?.removeEventListener('abort', onCancel);
			this.wakeups.stop();
		}
		return this.reports;
	}

	protected get cancelled(): boolean {
		return this.options.signal?.aborted === true;
	}

	/** No new request may start: the run was stopped by a failure, or cancelled. */
	protected get halted(): boolean {
		return this.stopped || this.cancelled;
	}

	/** Reacts to whatever changed; safe to call at any time, from any event. */
	protected pump(): void {
		if (this.pumping) {
			this.pumpAgain = true;
			return;
		}
		this.pumping = true;
		try {
			do {
				this.pumpAgain = false;
				this.step();
			} while (this.pumpAgain);
			if (this.reported === this.reports.length) this.settle?.resolve();
		} catch (error) {
			// A defect here must fail the run, not leave it waiting forever.
			this.settle?.reject(error);
		} finally {
			this.pumping = false;
		}
	}

	private step(): void {
		const now = this.clock.now();
		if (this.halted) {
			this.abandonUnstarted();
			return;
		}
		for (const entry of this.retrying) {
			if ((entry.retryAt ?? 0) <= now) {
				this.retrying.delete(entry);
				this.enqueue(entry);
			}
		}
		if (this.limit.grow(now)) this.trace({ type: 'limit', limit: this.limit.current, at: now });
		// A gate that lets jobs through ahead is asked before a slot frees.
		if (this.options.gate?.ahead) while (this.canBuild()) this.build(this.nextToBuild++);
		while (!this.wakeups.turnTaken && this.hasFreeSlot()) {
			const entry = this.nextReady();
			if (!entry) break;
			const at = Math.max(this.pausedUntil, this.tokenFreeAt({ now, entry }));
			if (at > now) {
				this.wakeups.at(at);
				break;
			}
			this.ready.shift();
			this.start(entry, now);
			this.wakeups.takeTurn();
		}
		// Building a job, or an answer met on the way, may have stopped the run.
		if (this.halted) {
			this.abandonUnstarted();
			return;
		}
		for (const entry of this.retrying) this.wakeups.at(entry.retryAt ?? now);
		const growth = this.limit.growthDueAt;
		if (growth !== undefined) this.wakeups.at(growth);
	}

	protected hasFreeSlot(): boolean {
		return this.inFlight < this.limit.current;
	}

	/** When a job's request may start as far as Max Per Second goes (the job is for subclasses in tests). */
	protected tokenFreeAt(start: RequestStart<R, E>): number {
		return this.rate ? this.rate.nextFreeAt(start.now) : start.now;
	}

	/** Every request start takes a token, retries included. */
	protected takeToken(start: RequestStart<R, E>): void {
		this.rate?.take(start.now);
	}

	/** A job was built; the chains decide whether it must wait for an earlier one. */
	protected admit(entry: Entry<R, E>): void {
		entry.blockers = this.chains.add(entry.index, entry.recipients);
	}

	/** Whether an answer's retry request is honoured (`attempts` made so far, for subclasses in tests). */
	protected retryOf(answer: { result: AttemptResult<R, E>; attempts: number }): RetryRequest | undefined {
		return answer.result.status === 'accepted' ? undefined : answer.result.retry;
	}

	/** The provider throttled the request numbered `serial`: everyone pauses; a new episode halves the limit. */
	protected throttled(serial: number, now: number, waitMs: number): void {
		if (now + waitMs > this.pausedUntil) {
			this.pausedUntil = now + waitMs;
			this.trace({ type: 'pause', until: this.pausedUntil, at: now });
		}
		if (this.limit.throttled(serial, this.serial, now, this.pausedUntil)) {
			this.trace({ type: 'limit', limit: this.limit.current, at: now });
		}
	}

	/** The next job free to start, building jobs in order until one is (or none can be). */
	private nextReady(): Entry<R, E> | undefined {
		while (this.ready.length === 0 && this.canBuild()) this.build(this.nextToBuild++);
		return this.halted ? undefined : this.ready[0];
	}

	/** Builds stay a little ahead: no further than a blocked or gated job's wait requires. */
	private canBuild(): boolean {
		return this.nextToBuild < this.reports.length && this.waiting < MAX_WAITING_JOBS && !this.halted && this.gateHasRoom();
	}

	/** Jobs at the gate, or through it and not started, are at most the free slots plus the gate's `ahead`. */
	private gateHasRoom(): boolean {
		const gate = this.options.gate;
		if (!gate) return true;
		const freeSlots = Math.max(0, this.limit.current - this.inFlight);
		return this.opening + this.ready.length < freeSlots + (gate.ahead ?? 0);
	}

	private build(index: number): void {
		let job: ScheduledJob<R, E>;
		try {
			job = this.source.build(index);
		} catch (caught) {
			this.report(index, undefined, { status: 'failed', error: this.options.asError(caught, index), kind: 'invalidInput', attempts: 0 });
			return;
		}
		const entry: Entry<R, E> = { index, job, recipients: [...new Set(job.recipients)], blockers: 0, attempts: 0, inFlight: false };
		this.entries.set(index, entry);
		this.admit(entry);
		if (entry.blockers === 0) this.free(entry);
		else this.waiting++;
	}

	/** Nothing but the gate (if any) keeps a job that never started from starting. */
	protected free(entry: Entry<R, E>): void {
		const gate = this.options.gate;
		if (!gate) {
			this.enqueue(entry);
			return;
		}
		this.opening++;
		const stillWaiting = () => this.entries.get(entry.index) === entry && !this.halted;
		gate.open(entry.index).then(
			() => {
				this.opening--;
				if (stillWaiting()) this.enqueue(entry);
				this.pump();
			},
			(caught: unknown) => {
				this.opening--;
				if (stillWaiting()) {
					this.entries.delete(entry.index);
					this.report(entry.index, entry, { status: 'failed', error: this.options.asError(caught, entry.index), kind: gate.failureKind, attempts: 0 });
				}
				this.pump();
			},
		);
	}

	private enqueue(entry: Entry<R, E>): void {
		let position = this.ready.length;
		while (position > 0 && this.ready[position - 1].index > entry.index) position--;
		this.ready.splice(position, 0, entry);
	}

	private start(entry: Entry<R, E>, now: number): void {
		entry.attempts++;
		entry.inFlight = true;
		this.inFlight++;
		this.takeToken({ now, entry });
		const serial = ++this.serial;
		this.trace({ type: 'start', index: entry.index, attempt: entry.attempts, at: now });
		let answer: Promise<AttemptResult<R, E>>;
		try {
			answer = entry.job.attempt(entry.attempts);
		} catch (caught) {
			answer = Promise.reject(caught);
		}
		answer.then(
			(result) => this.answered(entry, serial, result),
			(caught) => this.answered(entry, serial, this.whenThrown(caught, entry.index)),
		);
	}

	/** An attempt that threw: the request may have left before it did, so never "failed". */
	protected whenThrown(caught: unknown, index: number): AttemptResult<R, E> {
		return { status: 'unknown', error: this.options.asError(caught, index) };
	}

	private answered(entry: Entry<R, E>, serial: number, result: AttemptResult<R, E>): void {
		entry.inFlight = false;
		this.inFlight--;
		const now = this.clock.now();
		const retry = this.retryOf({ result, attempts: entry.attempts });
		if (retry?.throttled) this.throttled(serial, now, retry.afterMs);
		const retryAt = retry && !this.halted ? now + retry.afterMs : undefined;
		this.trace({ type: 'answer', index: entry.index, attempt: entry.attempts, at: now, status: result.status, retryAt });
		if (retryAt !== undefined) {
			entry.pending = result;
			entry.retryAt = retryAt;
			this.retrying.add(entry);
		} else {
			this.entries.delete(entry.index);
			this.report(entry.index, entry, reportOf(result, entry.attempts));
		}
		this.pump();
	}

	private report(index: number, entry: Entry<R, E> | undefined, report: JobReport<R, E>): void {
		this.reports[index] = report;
		this.reported++;
		this.trace({ type: 'report', index, at: this.clock.now(), status: report.status });
		if (entry) {
			for (const next of this.chains.release(index, entry.recipients)) {
				const successor = this.entries.get(next);
				if (successor && successor.blockers > 0 && --successor.blockers === 0) {
					this.waiting--;
					this.free(successor);
				}
			}
		}
		this.options.onReport?.(index, report, this.reported);
		if (!this.stopped && this.options.stopOn?.(report)) this.stopped = true;
	}

	/** After a stop or a cancel: every job not on the wire gets its report now. */
	protected abandonUnstarted(): void {
		const notSent: JobReport<R, E> = { status: 'notSent', reason: this.cancelled ? 'cancelled' : 'stopped', attempts: 0 };
		for (const entry of [...this.entries.values()]) {
			if (entry.inFlight) continue;
			this.entries.delete(entry.index);
			this.retrying.delete(entry);
			this.report(entry.index, entry, entry.pending ? reportOf(entry.pending, entry.attempts) : notSent);
		}
		this.ready.length = 0;
		this.waiting = 0;
		while (this.nextToBuild < this.reports.length) this.report(this.nextToBuild++, undefined, notSent);
	}

	protected trace(event: TraceEvent): void {
		this.options.trace?.(event);
	}
}

function reportOf<R, E>(result: AttemptResult<R, E>, attempts: number): JobReport<R, E> {
	if (result.status === 'accepted') return { status: 'accepted', value: result.value, attempts };
	return { status: result.status, error: result.error, ...(result.kind !== undefined ? { kind: result.kind } : {}), attempts };
}

/** Runs `source`'s jobs on `clock`; one report per job, in job order. */
export async function runJobs<R, E>(clock: Clock, source: JobSource<R, E>, options: SchedulerOptions<R, E>): Promise<Array<JobReport<R, E>>> {
	return await new SendScheduler(clock, source, options).run();
}
