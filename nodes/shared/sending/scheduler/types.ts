/**
 * The send scheduler's vocabulary. Nothing here knows n8n: a job is "a request to some
 * recipients", an attempt is one try of it, and time comes from an injected clock, so the
 * same code runs inside n8n and in simulations (test/unit/scheduler.property.test.ts).
 */

/** Time as the scheduler sees it: real in n8n, simulated in tests. */
export interface Clock {
	/** Milliseconds on a clock that never goes back. */
	now(): number;
	/** Resolves after `ms`; rejects as soon as `signal` aborts. */
	sleep(ms: number, signal: AbortSignal): Promise<void>;
	/**
	 * Resolves on a later turn of the event loop, once the I/O that is ready has been handled,
	 * without a timer's floor. The scheduler starts one request per turn, so that each one
	 * reaches the wire before the next is prepared.
	 */
	turn(): Promise<void>;
}

/** Ask the scheduler to try the same request again: the answer proved nothing was taken. */
export interface RetryRequest {
	afterMs: number;
	/** The provider is throttling us: everyone pauses, and fewer requests run at once. */
	throttled: boolean;
}

/** What one attempt came to. `retry` is honoured unless the run was stopped or cancelled. */
export type AttemptResult<R, E> =
	| { status: 'accepted'; value: R }
	| { status: 'failed' | 'unknown'; error: E; kind?: string; retry?: RetryRequest };

export interface ScheduledJob<R, E> {
	/**
	 * Whom the request goes to (one number, or every number of a batch). The job starts only
	 * after every earlier job sharing one of them has been answered.
	 */
	readonly recipients: readonly string[];
	/**
	 * One try of the request, called when it may leave: a slot and a rate token are held.
	 * A rejection counts as "unknown": the request may have left.
	 */
	attempt(attempt: number): Promise<AttemptResult<R, E>>;
}

/** A built job as the scheduler tracks it until its report. */
export interface Entry<R, E> {
	index: number;
	job: ScheduledJob<R, E>;
	/** The job's recipients, each once. */
	recipients: readonly string[];
	/** Recipients for which an earlier job is still unanswered. */
	blockers: number;
	attempts: number;
	inFlight: boolean;
	/** The answer that asked for a retry: reported as it is if the retry cannot happen. */
	pending?: AttemptResult<R, E>;
	retryAt?: number;
}

/** The one report of every job. */
export type JobReport<R, E> =
	| { status: 'accepted'; value: R; attempts: number }
	| { status: 'failed' | 'unknown'; error: E; kind?: string; attempts: number }
	/** Never left: the run was cancelled, or stopped by an earlier failure. */
	| { status: 'notSent'; reason: 'cancelled' | 'stopped'; attempts: 0 };

/** Jobs, built one by one in order, shortly before they can start. */
export interface JobSource<R, E> {
	readonly length: number;
	/** Throwing means the job cannot be made (bad input): it is reported failed, kind "invalidInput". */
	build(index: number): ScheduledJob<R, E>;
}

export interface SchedulerOptions<R, E> {
	/** Requests in flight at most. */
	concurrency: number;
	/** Request starts (retries included) in any one-second window at most; 0 for no limit. */
	maxPerSecond?: number;
	/** Cancels the run: nothing new starts, and waits end at once. */
	signal?: AbortSignal;
	/** After a report this returns true for, no new request starts. */
	stopOn?(report: JobReport<R, E>): boolean;
	/** Must open for a job before it first takes a slot and a rate token. */
	gate?: JobGate;
	/** Called once per job, as its report is made. */
	onReport?(index: number, report: JobReport<R, E>, reported: number): void;
	/** The error job `index` carries when building it threw, or its attempt rejected. */
	asError(caught: unknown, index: number): E;
	/** Every decision as it happens, for tests and diagnostics. */
	trace?(event: TraceEvent): void;
}

/**
 * Asked once per job, when nothing but the gate keeps it from starting (the delivery journal
 * writes the job down). A job waiting at the gate holds no slot and no rate token. Jobs at the
 * gate or through it and not started are at most the free slots plus `ahead`.
 */
export interface JobGate {
	/** Resolves when job `index` may start; a rejection reports it failed with `failureKind`. */
	open(index: number): Promise<void>;
	failureKind: string;
	/** Jobs asked for beyond the free slots, so that they may pass the gate before one frees. */
	ahead?: number;
}

export type TraceEvent =
	| { type: 'start'; index: number; attempt: number; at: number }
	| { type: 'answer'; index: number; attempt: number; at: number; status: string; retryAt?: number }
	| { type: 'report'; index: number; at: number; status: string }
	| { type: 'limit'; limit: number; at: number }
	| { type: 'pause'; until: number; at: number };
