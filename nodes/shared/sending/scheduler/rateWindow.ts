const WINDOW_MS = 1000;

/**
 * Max Per Second as a sliding window: a request may start when fewer than `perSecond`
 * requests started in the second before it. It keeps the start times of the last
 * `perSecond` requests in a ring: the oldest of them decides.
 */
export class RateWindow {
	private readonly starts: number[];

	private oldest = 0;

	constructor(private readonly perSecond: number) {
		this.starts = new Array<number>(perSecond).fill(-Infinity);
	}

	/** The earliest time, `now` or later, at which one more request may start. */
	nextFreeAt(now: number): number {
		return Math.max(now, this.starts[this.oldest] + WINDOW_MS);
	}

	/** A request starts now: its token is taken. */
	take(now: number): void {
		this.starts[this.oldest] = now;
		this.oldest = (this.oldest + 1) % this.perSecond;
	}
}
