/**
 * The journal's outbox: no request leaves before its `pending` rows are in the journal, and
 * the answers' `accepted` / `failed` / `unknown` rows follow, without a journal request per
 * message. Each n8n API request costs n8n about as much CPU as a few hundred sends
 * (docs/campaigns.md), so rows go in windows:
 *
 * - Jobs (requests) are numbered in the order the run starts them; window w is jobs
 *   [w·W, (w+1)·W), W being the run's Concurrency.
 * - A job may start once its window's `pending` rows are written. The next window is written
 *   when the job halfway through the current one asks to start, so that sending rarely waits,
 *   and at most 1.5·W jobs are written `pending` without having started.
 * - Answers' rows wait in a buffer and go with the next window's write, or at `finish`.
 * - Writes happen one after another, in order. When one fails, no later job may start.
 */
import type { IDataObject } from 'n8n-workflow';

/** Rows per API request: n8n takes larger bodies, but a failed write then loses less. */
const MAX_ROWS_PER_WRITE = 500;

export interface OutboxOptions {
	/** Jobs per window (at least 1). */
	window: number;
	jobCount: number;
	/** The `pending` rows of a job (one per recipient it carries). */
	pendingRows(job: number): IDataObject[];
	/** Writes rows to the journal, in one request; rejects when n8n did not take them. */
	write(rows: IDataObject[]): Promise<void>;
}

export class Outbox {
	private readonly window: number;
	private issued = 0;
	/** Jobs below this index have their `pending` rows in the journal. */
	private durableEnd = 0;
	private writing: Promise<void> = Promise.resolve();
	/** The write that makes each issued window durable, by the end of its range. */
	private readonly windows: Array<{ end: number; durable: Promise<void> }> = [];
	private outcomes: IDataObject[] = [];
	private failure: Error | undefined;
	/** Requests made, for the figures. */
	writes = 0;

	constructor(private readonly options: OutboxOptions) {
		this.window = Math.max(1, Math.floor(options.window));
	}

	/** Resolves when `job` may start: its `pending` rows are in the journal. */
	async ready(job: number): Promise<void> {
		if (this.failure) throw this.failure;
		const end = Math.min(this.options.jobCount, (Math.floor(job / this.window) + 1) * this.window);
		if (end > this.issued) this.issue(end);
		if (job % this.window >= Math.floor(this.window / 2)) {
			const next = Math.min(this.options.jobCount, end + this.window);
			if (next > this.issued) this.issue(next);
		}
		if (job < this.durableEnd) return;
		await this.windows.find((entry) => entry.end > job)?.durable;
		if (this.failure) throw this.failure;
	}

	/** Rows of answers, written with the next window or at `finish`. */
	record(rows: IDataObject[]): void {
		this.outcomes.push(...rows);
	}

	/** Whether the `pending` rows of `job` were handed to a write (and may be in the journal). */
	wasIssued(job: number): boolean {
		return job < this.issued;
	}

	/**
	 * Writes the answers' rows left in the buffer, once every window's write is done. Resolves
	 * the error if they could not be written, or undefined.
	 */
	async finish(): Promise<Error | undefined> {
		await this.writing;
		try {
			await this.writeRows(this.outcomes.splice(0));
		} catch (error) {
			return error as Error;
		}
		return undefined;
	}

	private issue(end: number): void {
		const start = this.issued;
		this.issued = end;
		const durable = this.writing.then(async () => {
			if (this.failure) throw this.failure;
			const rows: IDataObject[] = [];
			for (let job = start; job < end; job++) rows.push(...this.options.pendingRows(job));
			const outcomes = this.outcomes.splice(0);
			try {
				await this.writeRows([...outcomes, ...rows]);
			} catch (error) {
				// The answers' rows stay for `finish` to try again; no job of this window starts.
				this.outcomes.unshift(...outcomes);
				this.failure ??= error as Error;
				throw this.failure;
			}
			this.durableEnd = end;
		});
		// Waiters see the failure through `ready`; the chain itself must not reject unhandled.
		this.writing = durable.catch(() => undefined);
		while (this.windows.length > 0 && this.windows[0].end <= this.durableEnd) this.windows.shift();
		this.windows.push({ end, durable: durable.catch(() => undefined) });
	}

	private async writeRows(rows: IDataObject[]): Promise<void> {
		for (let from = 0; from < rows.length; from += MAX_ROWS_PER_WRITE) {
			this.writes++;
			await this.options.write(rows.slice(from, from + MAX_ROWS_PER_WRITE));
		}
	}
}
