/**
 * When the scheduler looks again: at a due time (a rate token, a retry, the end of a pause),
 * and on the next turn of the event loop after a request started.
 */
import type { Clock } from './types';

export class Wakeups {
	private wakeAt = Infinity;

	/** Ends the pending wake-up when an earlier one replaces it, or the run is over. */
	private wakeUp: AbortController | undefined;

	/** A request started on this turn of the event loop: the next one waits for the next turn. */
	turnTaken = false;

	constructor(
		private readonly clock: Clock,
		private readonly look: () => void,
		private readonly fail: (error: unknown) => void,
	) {}

	/**
	 * One start per turn of the event loop. Answers that come together would otherwise each
	 * start their successor in one stretch of JavaScript, and no request would leave before
	 * the last of them was prepared (measured in docs/send-engine.md).
	 */
	takeTurn(): void {
		this.turnTaken = true;
		this.clock.turn().then(() => {
			this.turnTaken = false;
			this.look();
		}, this.fail);
	}

	/** Makes sure `look` runs again at `at`; one wake-up, the earliest, is pending at a time. */
	at(at: number): void {
		if (at >= this.wakeAt) return;
		this.wakeAt = at;
		// The later wake-up goes: each pending one holds a listener on its signal.
		this.wakeUp?.abort();
		const wakeUp = new AbortController();
		this.wakeUp = wakeUp;
		this.clock.sleep(Math.max(0, at - this.clock.now()), wakeUp.signal).then(
			() => {
				if (this.wakeUp === wakeUp) {
					this.wakeAt = Infinity;
					this.wakeUp = undefined;
				}
				this.look();
			},
			// Aborted: replaced by an earlier wake-up (nothing to do), or the run is over.
			() => {
				if (this.wakeUp === wakeUp) this.look();
			},
		);
	}

	/** The run is over: no wake-up stays pending. */
	stop(): void {
		this.wakeUp?.abort();
	}
}
