/**
 * The send engine: runs many provider requests at once, as fast as the pacing allows, and
 * reports exactly one result per job, in job order. Messages to the same recipient keep
 * their order. A request is sent again only when the answer proves nothing was taken
 * (../http/retryPolicy.ts); anything that may have gone out is reported as "unknown".
 */
import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';
import type { ProviderAnswer } from '../http/answers';
import { fetchCredentials } from '../http/credentials';
import type { FailureKind } from '../http/profile';
import type { ProviderCall } from '../http/request';
import { callProvider } from '../http/request';
import { retryAdvice } from '../http/retryPolicy';
import type { SmsSegmentInfo } from '../sms/smsSegments';
import { nextEventLoopTurn } from './eventLoopTurn';
import { Pacing } from './pacing';

export interface SendJob<R> {
	/** The input item the job came from: errors name it, credentials resolve with it. */
	itemIndex: number;
	/** Jobs with the same key (the recipient) are sent one after another, in job order. */
	orderKey: string;
	call: Omit<ProviderCall, 'credentials' | 'itemIndex'>;
	/** Reads an accepted answer; throwing means "taken, but without what we need" (unknown). */
	accept(body: IDataObject, answer: ProviderAnswer): R;
	/** International digits of each recipient the request carries, for the campaign journal. */
	recipients?: string[];
	/** The SMS's encoding and parts, for an output that has no answer to read (a dry run). */
	segments?: SmsSegmentInfo;
}

export type SendReport<R> =
	| { status: 'accepted'; value: R; attempts: number }
	| { status: 'failed' | 'unknown'; error: NodeApiError | NodeOperationError; attempts: number; kind?: FailureKind }
	/** `journal`: the delivery journal could not record the request before it left. */
	| { status: 'notSent'; reason: 'cancelled' | 'stopped' | 'journal'; attempts: 0; cause?: NodeApiError | NodeOperationError };

export interface DispatchOptions<R = unknown> {
	concurrency: number;
	maxPerSecond?: number;
	/** Stop starting sends after a failure of these kinds (every later one would fail alike). */
	stopOn?: (report: SendReport<unknown>) => boolean;
	onProgress?(done: number, total: number): void;
	/**
	 * Awaited before a job's request first leaves (the delivery journal writes it down). A
	 * rejection means it must not leave: the job is not sent and no later job starts.
	 */
	beforeStart?(index: number): Promise<void>;
	/** Each job's report, as soon as it is known. */
	onReport?(index: number, report: SendReport<R>): void;
}

/**
 * Jobs built shortly before their turn (a few ahead), so a long run does not hold every
 * request at once, and per-item sends read the next items while earlier ones are on the
 * wire. Building a job may throw (a bad item): that job is reported failed and nothing is
 * sent for it.
 */
export interface JobSource<R> {
	readonly length: number;
	job(index: number): SendJob<R>;
}

const BUILD_AHEAD = 10;

export async function dispatchSends<R>(
	context: IExecuteFunctions,
	source: ReadonlyArray<SendJob<R>> | JobSource<R>,
	options: DispatchOptions<R>,
): Promise<Array<SendReport<R>>> {
	const jobs = Array.isArray(source) ? undefined : (source as JobSource<R>);
	const jobAt = (index: number) => (jobs ? jobs.job(index) : (source as ReadonlyArray<SendJob<R>>)[index]);
	const total = source.length;
	const reports = new Array<SendReport<R>>(total);
	const pacing = new Pacing({
		concurrency: options.concurrency,
		maxPerSecond: options.maxPerSecond,
		signal: context.getExecutionCancelSignal?.(),
	});
	const credentials = new Map<string, Promise<ICredentialsDecrypted>>();
	const credentialsFor = async (job: SendJob<R>) => {
		let pending = credentials.get(job.call.credentialType);
		if (!pending) {
			pending = fetchCredentials(context, job.call.credentialType, job.itemIndex);
			credentials.set(job.call.credentialType, pending);
		}
		return await pending;
	};
	const lastOfKey = new Map<string, Promise<void>>();
	const inFlight = new Set<Promise<void>>();
	let stoppedBy: SendReport<R> | undefined;
	let done = 0;
	const report = (index: number, value: SendReport<R>) => {
		reports[index] = value;
		options.onReport?.(index, value);
	};

	const attemptJob = async (job: SendJob<R>): Promise<SendReport<R>> => {
		for (let attempt = 1; ; attempt++) {
			let outcome;
			try {
				outcome = await callProvider(context, { ...job.call, itemIndex: job.itemIndex, credentials: await credentialsFor(job) });
			} catch (error) {
				// Only the credential lookup throws here: nothing was sent.
				return { status: 'failed', error: error as NodeOperationError, attempts: attempt };
			}
			if (outcome.status === 'accepted') {
				pacing.succeeded();
				try {
					return { status: 'accepted', value: job.accept(outcome.body, outcome.answer), attempts: attempt };
				} catch (error) {
					return { status: 'unknown', error: error as NodeApiError, attempts: attempt };
				}
			}
			const advice = retryAdvice(outcome, attempt);
			if (advice && !stoppedBy) {
				if (advice.throttled) pacing.throttle(advice.waitMs);
				if (await pacing.turn(advice.waitMs)) continue;
			}
			if (outcome.status === 'refused') {
				return { status: 'failed', error: outcome.error, attempts: attempt, kind: outcome.refusal.kind };
			}
			return { status: outcome.fate === 'unreached' ? 'failed' : 'unknown', error: outcome.error, attempts: attempt };
		}
	};

	// Jobs are built a few ahead, as many as there are free slots, up to BUILD_AHEAD: n8n
	// evaluates the items' expressions back to back, which costs it less CPU than one item at
	// a time between network events (npm run bench, real n8n, 200 items at 50 ms and
	// Concurrency 50: 513 ms built one at a time, 461 ms built ahead). The loop takes them in
	// index order, each once, until the run stops or is cancelled: a queue keeps them.
	const ahead: Array<{ job: SendJob<R> } | { error: unknown }> = [];
	let nextToBuild = 0;
	const take = (): SendJob<R> => {
		if (ahead.length === 0) {
			const until = Math.min(total, nextToBuild + Math.max(1, Math.min(BUILD_AHEAD, pacing.freeSlots)));
			for (; nextToBuild < until; nextToBuild++) {
				try {
					ahead.push({ job: jobAt(nextToBuild) });
				} catch (error) {
					ahead.push({ error });
				}
			}
		}
		const entry = ahead.shift()!;
		if ('error' in entry) throw entry.error;
		return entry.job;
	};

	for (let index = 0; index < total; index++) {
		let job: SendJob<R> | undefined;
		if (!stoppedBy && !pacing.cancelled) {
			try {
				job = take();
			} catch (error) {
				const failed: SendReport<R> = { status: 'failed', error: error as NodeOperationError, attempts: 0, kind: 'invalidInput' };
				report(index, failed);
				if (options.stopOn?.(failed)) stoppedBy = failed;
				continue;
			}
		}
		const started = job !== undefined && !stoppedBy && !pacing.cancelled && (await pacing.start());
		// A failure or a cancel may have come while this send waited for its turn.
		if (!started || stoppedBy || job === undefined) {
			if (started) pacing.finish();
			report(
				index,
				stoppedBy
					? { status: 'notSent', reason: isJournalRefusal(stoppedBy) ? 'journal' : 'stopped', attempts: 0, cause: errorOf(stoppedBy) }
					: { status: 'notSent', reason: 'cancelled', attempts: 0 },
			);
			continue;
		}
		const current = job;
		// The first send of a run waits here for the credential, so that its request goes
		// out now rather than after the next jobs are built (errors surface in attemptJob).
		await credentialsFor(current).catch(() => undefined);
		const previous = lastOfKey.get(current.orderKey);
		const run: Promise<void> = (async () => {
			if (previous) await previous;
			const refused = await journalRefusal(options, index);
			if (refused) {
				report(index, refused);
				stoppedBy ??= refused;
				return;
			}
			const answered = await attemptJob(current);
			report(index, answered);
			if (!stoppedBy && options.stopOn?.(answered)) stoppedBy = answered;
		})().finally(() => {
			pacing.finish();
			inFlight.delete(run);
			if (lastOfKey.get(current.orderKey) === run) lastOfKey.delete(current.orderKey);
			done++;
			options.onProgress?.(done, total);
		});
		inFlight.add(run);
		lastOfKey.set(current.orderKey, run);
		// Let the event loop put this request on the wire before the next one is built. Without
		// it, building jobs (n8n evaluates each item's expressions) keeps the loop busy, and the
		// requests started meanwhile go out together once the pacing makes it wait: in n8n
		// 2.41.1, 50 requests at Concurrency 50 left together after 95 ms (npm run bench).
		if (options.concurrency > 1) await nextEventLoopTurn();
	}
	await Promise.all(inFlight);
	return reports;
}

function errorOf(report: SendReport<unknown>): NodeApiError | NodeOperationError | undefined {
	if (report.status === 'notSent') return report.cause;
	return report.status === 'failed' || report.status === 'unknown' ? report.error : undefined;
}

const isJournalRefusal = (report: SendReport<unknown>) => report.status === 'notSent' && report.reason === 'journal';

/** The report of a job the journal could not write down first, or undefined when it may leave. */
async function journalRefusal<R>(options: DispatchOptions<R>, index: number): Promise<SendReport<R> | undefined> {
	if (!options.beforeStart) return undefined;
	try {
		await options.beforeStart(index);
		return undefined;
	} catch (error) {
		return { status: 'notSent', reason: 'journal', attempts: 0, cause: error as NodeOperationError };
	}
}
