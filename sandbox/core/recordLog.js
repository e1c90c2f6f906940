'use strict';

/**
 * A list of records (requests, callbacks, accepted messages) with a size bound, a count since the
 * last clear, and a wait for "at least n records". Tests read `items` directly, so it stays a
 * plain array, emptied in place so that a reference held by a caller sees the clear.
 */

const { EventEmitter } = require('events');

class RecordLog {
	/** `what` names the records in timeout messages ("requests"); past `max` the oldest are dropped. */
	constructor(what, max = Infinity) {
		this.what = what;
		this.max = max;
		this.items = [];
		this.count = 0;
		this.events = new EventEmitter();
		this.events.setMaxListeners(0);
	}

	push(item) {
		this.items.push(item);
		// Past the bound the oldest tenth goes at once: shift() copies the whole array once it is
		// large, so dropping one at a time would make every push O(n).
		if (this.items.length > this.max) this.items.splice(0, Math.max(1, Math.floor(this.max / 10)));
		this.count++;
		this.events.emit('added', item);
		return item;
	}

	/** Empties the list and the count; returns how many records it held. */
	clear() {
		const cleared = this.items.length;
		this.items.length = 0;
		this.count = 0;
		return cleared;
	}

	/** Resolves with the count once at least `count` records were added since the last clear. */
	waitFor(count, timeoutMs) {
		if (this.count >= count) return Promise.resolve(this.count);
		return new Promise((resolve, reject) => {
			const onAdded = () => {
				if (this.count < count) return;
				cleanup();
				resolve(this.count);
			};
			const timer = setTimeout(() => {
				cleanup();
				reject(new Error(`timed out after ${timeoutMs} ms waiting for ${count} ${this.what} (got ${this.count})`));
			}, timeoutMs);
			const cleanup = () => {
				clearTimeout(timer);
				this.events.off('added', onAdded);
			};
			this.events.on('added', onAdded);
		});
	}
}

module.exports = { RecordLog };
