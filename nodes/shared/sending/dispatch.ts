/**
 * The send engine in n8n: the scheduler (./scheduler/) decides when each request leaves;
 * this adapter makes one attempt of a job a provider request (../http/request.ts), reads its
 * outcome, and asks for a retry only when ../http/retryPolicy.ts says nothing was taken.
 * docs/send-engine.md has the whole contract.
 */
import type { ICredentialsDecrypted, IDataObject, IExecuteFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { asNodeError } from '../execution/executePerItem';
import type { ProviderAnswer } from '../http/answers';
import { fetchCredentials } from '../http/credentials';
import type { CallOutcome, CallSpec } from '../http/request';
import { callProvider } from '../http/request';
import { retryAdvice } from '../http/retryPolicy';
import type { SmsSegmentInfo } from '../sms/smsSegments';
import { nextEventLoopTurn } from './eventLoopTurn';
import { runJobs } from './scheduler/scheduler';
import type { AttemptResult, Clock, JobReport } from './scheduler/types';

export type SendError = NodeApiError | NodeOperationError;

export interface SendJob<R> {
	/** The input item the job came from: errors name it, credentials resolve with it. */
	itemIndex: number;
	/**
	 * Whom the request goes to, as international digits (a batch lists all its numbers).
	 * A job starts only after every earlier job sharing one of them was answered.
	 */
	recipients: readonly string[];
	call: CallSpec;
	/** Reads an accepted answer; throwing means "taken, but unreadable" (unknown). */
	accept(body: IDataObject, answer: ProviderAnswer): R;
	/** The recipient as the request body writes it, when it is not `recipients[0]` (a list), for the journal's content hash. */
	addressed?: string;
	/** The SMS's encoding and parts, for an output with no answer to read (a dry run). */
	segments?: SmsSegmentInfo;
}

/** The failure `kind` of a job whose request the delivery journal could not record before it left. */
export const JOURNAL_FAILURE = 'journal';

/** One per job: `kind` says why a failed request failed (a FailureKind, "config" or "invalidInput"). */
export type SendReport<R> = JobReport<R, SendError>;

export interface DispatchOptions<R = unknown> {
	concurrency: number;
	/** Request starts per second at most, retries included; 0 for no limit. */
	maxPerSecond?: number;
	/** No new request starts after a report this returns true for. */
	stopOn?: (report: SendReport<unknown>) => boolean;
	onProgress?(done: number, total: number): void;
	/**
	 * Awaited before a job first takes a slot and a rate token (the delivery journal writes it
	 * down). A rejection means it must not leave: the job fails with kind "journal", and no
	 * later job starts.
	 */
	beforeStart?(index: number): Promise<void>;
	/** Jobs `beforeStart` may be asked for before a slot is free for them (0 by default). */
	startAhead?: number;
	/** Each job's report, as soon as it is known. */
	onReport?(index: number, report: SendReport<R>): void;
}

/**
 * Jobs built one by one, in order, shortly before they can start, so that a long run does
 * not hold every request at once. Building one may throw (a bad item): that job is reported
 * failed and nothing is sent for it.
 */
export interface SendJobSource<R> {
	readonly length: number;
	job(index: number): SendJob<R>;
	/** The input item of job `index`, for an error about it. */
	itemIndex(index: number): number;
}

/** Real time for the scheduler; waits through n8n's `sleep`, which a cancel ends at once. */
const n8nClock: Clock = {
	now: () => performance.now(),
	sleep: async (ms, signal) => await sleep(ms, signal),
	turn: nextEventLoopTurn,
};

export async function dispatchSends<R>(
	context: IExecuteFunctions,
	source: SendJobSource<R> | ReadonlyArray<SendJob<R>>,
	options: DispatchOptions<R>,
): Promise<Array<SendReport<R>>> {
	const jobs: SendJobSource<R> = isJobList(source)
		? { length: source.length, job: (index) => source[index], itemIndex: (index) => source[index].itemIndex }
		: source;
	// Each credential is fetched and decrypted once per run, not once per request.
	const credentials = new Map<string, Promise<ICredentialsDecrypted>>();
	const credentialsFor = async (job: SendJob<R>) => {
		let pending = credentials.get(job.call.credentialType);
		if (!pending) {
			pending = fetchCredentials(context, job.call.credentialType, job.itemIndex);
			credentials.set(job.call.credentialType, pending);
		}
		return await pending;
	};

	const attemptOf = (job: SendJob<R>) => async (attempt: number): Promise<AttemptResult<R, SendError>> => {
		let decrypted: ICredentialsDecrypted;
		try {
			decrypted = await credentialsFor(job);
		} catch (caught) {
			// Nothing was sent, and every request needing this credential would fail alike.
			return { status: 'failed', error: asNodeError(context, caught, job.itemIndex), kind: 'config' };
		}
		const outcome = await callProvider(context, { ...job.call, itemIndex: job.itemIndex, credentials: decrypted });
		return resultOf(context, job, outcome, attempt);
	};

	return await runJobs<R, SendError>(
		n8nClock,
		{
			length: jobs.length,
			build: (index) => {
				const job = jobs.job(index);
				return { recipients: job.recipients, attempt: attemptOf(job) };
			},
		},
		{
			concurrency: options.concurrency,
			maxPerSecond: options.maxPerSecond,
			signal: context.getExecutionCancelSignal?.(),
			gate: options.beforeStart ? { open: options.beforeStart, failureKind: JOURNAL_FAILURE, ahead: options.startAhead } : undefined,
			// Past a job the journal could not record, nothing may leave unrecorded.
			stopOn: (report) => (options.stopOn?.(report) ?? false) || (report.status === 'failed' && report.kind === JOURNAL_FAILURE),
			onReport:
				options.onProgress || options.onReport
					? (index, report, done) => {
							options.onReport?.(index, report);
							options.onProgress?.(done, jobs.length);
						}
					: undefined,
			asError: (caught, index) => asNodeError(context, caught, jobs.itemIndex(index)),
		},
	);
}

/** What one attempt came to, and whether to try again. */
function resultOf<R>(context: IExecuteFunctions, job: SendJob<R>, outcome: CallOutcome, attempt: number): AttemptResult<R, SendError> {
	switch (outcome.status) {
		case 'accepted':
			try {
				return { status: 'accepted', value: job.accept(outcome.body, outcome.answer) };
			} catch (caught) {
				return { status: 'unknown', error: asNodeError(context, caught, job.itemIndex) };
			}
		case 'notSent':
			return { status: 'failed', error: outcome.error, kind: 'config' };
		case 'unreadable':
			return { status: 'unknown', error: outcome.error };
		default: {
			const advice = retryAdvice(outcome, attempt);
			const retry = advice ? { afterMs: advice.waitMs, throttled: advice.throttled } : undefined;
			if (outcome.status === 'refused') {
				// A server error may come after the provider queued the message: not safe to send again.
				const mayBeTaken = outcome.refusal.kind === 'server' && !outcome.refusal.notAccepted;
				return mayBeTaken ? { status: 'unknown', error: outcome.error } : { status: 'failed', error: outcome.error, kind: outcome.refusal.kind, retry };
			}
			// Only a connection that was never made proves nothing arrived.
			return outcome.fate === 'unreached' ? { status: 'failed', error: outcome.error, retry } : { status: 'unknown', error: outcome.error };
		}
	}
}

/**
 * One request, retried as the retry policy allows, on the same engine as every send: the
 * accepted answer, or the error users should read.
 */
export async function sendOne(
	context: IExecuteFunctions,
	call: CallSpec,
	itemIndex: number,
): Promise<{ body: IDataObject; answer: ProviderAnswer; attempts: number }> {
	const job: SendJob<{ body: IDataObject; answer: ProviderAnswer }> = {
		itemIndex,
		recipients: [],
		call,
		accept: (body, answer) => ({ body, answer }),
	};
	const [report] = await dispatchSends(context, [job], { concurrency: 1 });
	if (report.status === 'accepted') return { ...report.value, attempts: report.attempts };
	if (report.status === 'notSent') {
		throw new NodeOperationError(context.getNode(), 'The execution was cancelled before the request was sent', { itemIndex });
	}
	throw report.error;
}

function isJobList<R>(source: SendJobSource<R> | ReadonlyArray<SendJob<R>>): source is ReadonlyArray<SendJob<R>> {
	return Array.isArray(source);
}
