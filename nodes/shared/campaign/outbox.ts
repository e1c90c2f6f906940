/**
 * The journal's outbox: no request leaves before its `pending` rows are in the journal, and at
 * no moment does the journal hold more than `credits` requests (the run's Concurrency) whose
 * answer it does not know. That is what a crash can leave `unknown` behind.
 *
 * - A request holds a credit from the write of its `pending` rows until the write of its
 *   answer's rows. A request asking to start waits until a credit is free.
 * - Writes go one after another. Each carries every answer heard since the last one, then the
 *   `pending` rows of as many waiting requests as the credits allow (answers first, so a crash
 *   during a write never leaves more in doubt). Requests asking together go in one write, and
 *   a write waits for half the credits' worth of them while answers are still to come.
 * - When a write fails, nothing else may start; the answers it held stay for `finish`.
 */
import type { IDataObject } from 'n8n-workflow';

/** Rows per API request: n8n takes larger bodies, but a failed write then loses less. */
const MAX_ROWS_PER_WRITE = 500;

export interface OutboxOptions {
	/** Requests whose answer the journal may not know, at most (at least 1). */
	credits: number;
	/** The `pending` rows of a job (one per recipient it carries). */
	pendingRows(job: number): IDataObject[];
	/** Writes rows to the journal, in one request; rejects when n8n did not take them. */
	write(rows: IDataObject[]): Promise<void>;
}

interface Waiter {
	job: number;
	resolve(): void;
	reject(error: Error): void;
}

export class Outbox {
	private readonly credits: number;
	/** Jobs whose `pending` rows went to a write, and whose answer's rows are not yet written. */
	private inDoubt = 0;
	private readonly waiting: Waiter[] = [];
	/** Jobs whose `pending` rows went to a write, until their answer's rows are recorded. */
	private readonly issued = new Set<number>();
	/** Answers' rows not yet written, by job. */
	private answers: Array<{ job: number; rows: IDataObject[] }> = [];
	private writing: Promise<void> | undefined;
	private flushQueued = false;
	private failure: Error | undefined;

	constructor(private readonly options: OutboxOptions) {
		this.credits = Math.max(1, Math.floor(options.credits));
	}

	/** Resolves when `job` may start: its `pending` rows are in the journal. */
	async ready(job: number): Promise<void> {
		if (this.failure) throw this.failure;
		const admitted = new Promise<void>((resolve, reject) => this.waiting.push({ job, resolve, reject }));
		this.queueFlush();
		await admitted;
	}

	/**
	 * The rows of a job's answer (or of its never leaving). A job whose `pending` rows were
	 * never written needs none: it leaves the queue instead.
	 */
	record(job: number, rows: IDataObject[]): void {
		if (!this.issued.delete(job)) {
			const position = this.waiting.findIndex((waiter) => waiter.job === job);
			if (position >= 0) this.waiting.splice(position, 1);
			return;
		}
		this.answers.push({ job, rows });
		this.queueFlush();
	}

	/**
	 * Writes the answers' rows still held, once the write under way is done. Resolves the error
	 * if they could not be written, or undefined.
	 */
	async finish(): Promise<Error | undefined> {
		for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('The run ended before this request could start'));
		while (this.writing) await this.writing;
		const answers = this.answers.splice(0);
		try {
			await this.writeRows(answers.flatMap((answer) => answer.rows));
		} catch (error) {
			return error as Error;
		}
		this.inDoubt -= answers.length;
		return undefined;
	}

	/** Requests that ask, or answers that come, on one turn go in one write. */
	private queueFlush(): void {
		if (this.flushQueued || this.writing) return;
		this.flushQueued = true;
		void Promise.resolve().then(() => {
			this.flushQueued = false;
			this.flush();
		});
	}

	/** Starts the next write if it would let a waiting request start. */
	private flush(): void {
		if (this.writing || this.failure) return;
		const free = this.credits - this.inDoubt + this.answers.length;
		const admissible = Math.max(0, Math.min(free, this.waiting.length));
		const unanswered = this.inDoubt - this.answers.length;
		// Each write costs n8n about as much CPU as a few hundred sends: while answers are still
		// to come, wait until half the credits' worth of requests can go in it.
		if (admissible === 0 || (admissible < Math.min(this.waiting.length, Math.ceil(this.credits / 2)) && unanswered > 0)) return;
		const admitted = this.waiting.splice(0, admissible);
		const answers = this.answers.splice(0);
		for (const waiter of admitted) this.issued.add(waiter.job);
		this.inDoubt += admitted.length - answers.length;
		const rows = [...answers.flatMap((answer) => answer.rows), ...admitted.flatMap((waiter) => this.options.pendingRows(waiter.job))];
		this.writing = this.writeRows(rows).then(
			() => {
				this.writing = undefined;
				for (const waiter of admitted) waiter.resolve();
				this.flush();
			},
			(error: Error) => {
				this.writing = undefined;
				// The answers stay for `finish` to try again; nothing more may start.
				this.answers.unshift(...answers);
				this.failure ??= error;
				for (const waiter of [...admitted, ...this.waiting.splice(0)]) waiter.reject(this.failure);
			},
		);
	}

	private async writeRows(rows: IDataObject[]): Promise<void> {
		for (let from = 0; from < rows.length; from += MAX_ROWS_PER_WRITE) {
			await this.options.write(rows.slice(from, from + MAX_ROWS_PER_WRITE));
		}
	}
}
