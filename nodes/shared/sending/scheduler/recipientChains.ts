/**
 * Per recipient, the jobs not yet answered, in job order. A job may start once it is first
 * in the queue of each of its recipients: every earlier job to any of them was answered.
 */
export class RecipientChains {
	private readonly queues = new Map<string, number[]>();

	/** Adds job `index`; returns for how many of its recipients an earlier job is still unanswered. */
	add(index: number, recipients: readonly string[]): number {
		let blocked = 0;
		for (const recipient of recipients) {
			const queue = this.queues.get(recipient);
			if (queue) {
				queue.push(index);
				blocked++;
			} else {
				this.queues.set(recipient, [index]);
			}
		}
		return blocked;
	}

	/** Removes answered job `index`; returns the jobs now first in one of its recipients' queues. */
	release(index: number, recipients: readonly string[]): number[] {
		const next: number[] = [];
		for (const recipient of recipients) {
			const queue = this.queues.get(recipient);
			if (!queue || queue[0] !== index) continue;
			queue.shift();
			if (queue.length === 0) this.queues.delete(recipient);
			else next.push(queue[0]);
		}
		return next;
	}
}
