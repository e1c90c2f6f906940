/**
 * Virtual time for the send scheduler: `sleep` registers a timer, and `runUntil` lets every
 * pending callback run, then jumps to the earliest timer, until the awaited work is done.
 * A run that waits for nothing while unfinished is a deadlock and fails loudly.
 */
import type { Clock } from '../../../nodes/shared/sending/scheduler/types';

interface Timer {
	at: number;
	order: number;
	resolve(): void;
}

export class SimulatedClock implements Clock {
	private time = 0;

	private order = 0;

	private timers: Timer[] = [];

	now(): number {
		return this.time;
	}

	async sleep(ms: number, signal: AbortSignal): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			if (signal.aborted) {
				reject(new Error('aborted'));
				return;
			}
			const timer: Timer = {
				at: this.time + Math.max(0, ms),
				order: this.order++,
				resolve: () => {
					signal.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			const onAbort = () => {
				this.timers = this.timers.filter((candidate) => candidate !== timer);
				reject(new Error('aborted'));
			};
			signal.addEventListener('abort', onAbort, { once: true });
			this.timers.push(timer);
		});
	}

	/** The next turn of the event loop: no time passes, but everything due now runs first. */
	async turn(): Promise<void> {
		await new Promise<void>((resolve) => this.timers.push({ at: this.time, order: this.order++, resolve }));
	}

	/** A callback at virtual time `at` (for test actions such as a cancel). */
	at(at: number, action: () => void): void {
		this.timers.push({ at, order: this.order++, resolve: action });
	}

	/** Drives virtual time until `work` settles; returns its value. */
	async runUntil<T>(work: Promise<T>): Promise<T> {
		let settled = false;
		const watched = work.finally(() => (settled = true));
		watched.catch(() => undefined);
		for (;;) {
			// Every callback already due runs before time moves on.
			await new Promise((resolve) => setImmediate(resolve));
			if (settled) return await watched;
			if (this.timers.length === 0) throw new Error(`deadlock at ${this.time} ms: the run waits, but nothing is pending`);
			let next = 0;
			for (let index = 1; index < this.timers.length; index++) {
				const timer = this.timers[index];
				const best = this.timers[next];
				if (timer.at < best.at || (timer.at === best.at && timer.order < best.order)) next = index;
			}
			const [timer] = this.timers.splice(next, 1);
			this.time = Math.max(this.time, timer.at);
			timer.resolve();
		}
	}
}
