/**
 * How fast sends start: at most `concurrency` at once, never more than `maxPerSecond`, and
 * everyone waits when the provider says it is overloaded. Concurrency halves on a
 * throttling answer and grows back by one after a run of successes, so a burst that hits a
 * provider's limit settles near what the provider accepts.
 */
import { sleep } from 'n8n-workflow';

export interface PacingOptions {
	concurrency: number;
	/** Starts per second at most; 0 or undefined for no limit. */
	maxPerSecond?: number;
	signal?: AbortSignal;
}

export class Pacing {
	private limit: number;

	private active = 0;

	private readonly waiting: Array<() => void> = [];

	private readonly intervalMs: number;

	private nextStart = 0;

	private pausedUntil = 0;

	private successesSinceChange = 0;

	constructor(private readonly options: PacingOptions) {
		this.limit = options.concurrency;
		this.intervalMs = options.maxPerSecond ? 1000 / options.maxPerSecond : 0;
	}

	/** Sends that could start now without waiting for a slot. */
	get freeSlots(): number {
		return Math.max(0, this.limit - this.active);
	}

	get cancelled(): boolean {
		return this.options.signal?.aborted === true;
	}

	/** Waits for a free slot and the next allowed start time; false (and no slot) when cancelled. */
	async start(): Promise<boolean> {
		if (this.active >= this.limit) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		} else {
			this.active++;
		}
		if (await this.turn()) return true;
		this.finish();
		return false;
	}

	/**
	 * Waits, holding the slot, until a request may go: after any throttling pause and the
	 * spacing `maxPerSecond` asks for. Also used before a retry. False when cancelled.
	 */
	async turn(extraWaitMs = 0): Promise<boolean> {
		const earliest = Date.now() + extraWaitMs;
		for (;;) {
			if (this.cancelled) return false;
			const now = Date.now();
			const at = Math.max(now, earliest, this.pausedUntil, this.nextStart);
			if (at <= now) {
				if (this.intervalMs > 0) this.nextStart = Math.max(now, this.nextStart) + this.intervalMs;
				return true;
			}
			try {
				await sleep(at - now, this.options.signal);
			} catch {
				// Cancelled while waiting: the loop sees it.
			}
		}
	}

	/** Gives the slot to the next waiting send, unless concurrency was lowered meanwhile. */
	finish(): void {
		if (this.active <= this.limit) {
			const next = this.waiting.shift();
			if (next) {
				next();
				return;
			}
		}
		this.active--;
	}

	/** The provider throttled us: nobody starts for `ms`, and fewer run at once from now on. */
	throttle(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
		this.limit = Math.max(1, Math.floor(this.limit / 2));
		this.successesSinceChange = 0;
	}

	/** A success: after as many as the current limit, one more may run at once. */
	succeeded(): void {
		if (this.limit >= this.options.concurrency) return;
		this.successesSinceChange++;
		if (this.successesSinceChange >= this.limit) {
			this.limit++;
			this.successesSinceChange = 0;
			const next = this.waiting.shift();
			if (next) {
				this.active++;
				next();
			}
		}
	}
}
