/** How soon a lowered limit doubles again, and lowers again at the soonest. */
export const RECOVERY_STEP_MS = 1000;

/**
 * How many requests may be in flight, lowered when the provider throttles us. One throttling
 * episode (the 429s of requests that were already in flight when the first one came) halves
 * the limit once, and it halves at most once a second; it doubles one second after sending
 * resumes, and every second after that, back to Concurrency. Requests are numbered as they
 * start (`serial`), which tells the episodes apart.
 */
export class AdaptiveLimit {
	current: number;

	/** The last request started when the limit was last lowered: its 429 belongs to that episode. */
	private episodeEnd = 0;

	private loweredAt = -Infinity;

	private nextGrowthAt = Infinity;

	constructor(readonly max: number) {
		this.current = max;
	}

	/**
	 * The request numbered `serial` was throttled at `now`; `latestSerial` is the last one
	 * started, and sending resumes at `resumeAt`. True when the limit was halved.
	 */
	throttled(serial: number, latestSerial: number, now: number, resumeAt: number): boolean {
		if (serial <= this.episodeEnd || now < this.loweredAt + RECOVERY_STEP_MS) return false;
		this.episodeEnd = latestSerial;
		this.loweredAt = now;
		this.current = Math.max(1, Math.floor(this.current / 2));
		this.nextGrowthAt = resumeAt + RECOVERY_STEP_MS;
		return true;
	}

	/** Applies the growth due by `now`; true when the limit changed. */
	grow(now: number): boolean {
		const before = this.current;
		while (this.current < this.max && now >= this.nextGrowthAt) {
			this.current = Math.min(this.max, this.current * 2);
			this.nextGrowthAt += RECOVERY_STEP_MS;
		}
		return this.current !== before;
	}

	/** When the limit grows next, if it is below Concurrency. */
	get growthDueAt(): number | undefined {
		return this.current < this.max ? this.nextGrowthAt : undefined;
	}
}
