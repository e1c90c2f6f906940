'use strict';

/**
 * Event times in a rolling window (rate limits, throughput limits), O(1) amortized per event:
 * expired times are skipped with a head index and the array is compacted only once half of it
 * is dead, because shifting a large array copies all of it. Times must not go backwards.
 */
class SlidingWindow {
	constructor(windowMs) {
		this.windowMs = windowMs;
		this.times = [];
		this.head = 0;
	}

	/** Forgets the times that left the window at `now`; returns how many are still in it. */
	countAt(now) {
		const cutoff = now - this.windowMs;
		while (this.head < this.times.length && this.times[this.head] <= cutoff) this.head++;
		if (this.head > 32 && this.head * 2 > this.times.length) {
			this.times = this.times.slice(this.head);
			this.head = 0;
		}
		return this.times.length - this.head;
	}

	/** The oldest time still in the window (call countAt first), or undefined. */
	oldest() {
		return this.times[this.head];
	}

	add(time) {
		this.times.push(time);
	}
}

module.exports = { SlidingWindow };
