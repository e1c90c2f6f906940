/**
 * The journal's outbox (nodes/shared/campaign/outbox.ts), as properties checked on many
 * simulated runs: requests ask to start from more slots than there are credits, journal
 * writes and sends take random times, and some runs have a journal write fail. The journal
 * takes a write's rows one by one, so a crash may fall between any two of them.
 *
 * 1. No request leaves before its `pending` rows are written (the outbox order).
 * 2. At no moment does the journal hold more than `credits` requests with a `pending` row and
 *    no answer: what a crash can leave `unknown` behind.
 * 3. After `finish`, the journal holds, for every request that started, its `pending` rows and
 *    its answer's rows, each exactly once; for one that never started, at most `notSent`.
 * 4. Writes are batched and prompt: they never overlap; each carries every answer heard before
 *    it was made; requests asking together go in one write, as many as the credits allow.
 * 5. Once a write fails, no request starts any more; and every run ends.
 *
 * Each property is shown to fail against a broken outbox (the `BROKEN` variants below, each
 * a small change of the real one): the test asserts that the checker finds violations there,
 * so a checker that cannot fail would fail this file.
 */
import type { IDataObject } from 'n8n-workflow';
import { Outbox } from '../../nodes/shared/campaign/outbox';

type OutboxClass = new (options: ConstructorParameters<typeof Outbox>[0]) => Outbox;

/** A small seeded generator (mulberry32), so that a failing run can be replayed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pause = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Run {
	jobs: number;
	credits: number;
	/** Slots asking to start: the send engine asks for up to Concurrency at once. */
	slots: number;
	/** Index of the write that fails (none when past the end). */
	failingWrite: number;
}

/** Simulates one run; resolves the violations of the properties, in words. */
async function check(Implementation: OutboxClass, run: Run, seed: number): Promise<string[]> {
	const next = random(seed);
	const violations: string[] = [];
	const journal: IDataObject[] = [];
	const started = new Set<number>();
	const asked = new Set<number>();
	const answered = new Set<number>();
	const isPending = (row: IDataObject) => row.status === 'pending';
	const inJournal = (job: number, pending: boolean) => journal.some((row) => row.job === job && isPending(row) === pending);
	const inDoubt = () => new Set(journal.filter(isPending).map((row) => row.job)).size - new Set(journal.filter((row) => !isPending(row)).map((row) => row.job)).size;
	let writes = 0;
	let writing = false;
	let failed = false;
	const box = new Implementation({
		credits: run.credits,
		pendingRows: (job) => [{ job, status: 'pending' }],
		write: async (rows) => {
			const index = writes++;
			if (writing) violations.push(`write ${index} began while another was under way`);
			writing = true;
			for (const job of answered) if (!inJournal(job, false) && !rows.some((row) => row.job === job && !isPending(row))) violations.push(`write ${index} left out the answer of job ${job}`);
			if (index === 0) {
				const expected = Math.min(asked.size, run.credits);
				const carried = rows.filter(isPending).length;
				if (carried !== expected) violations.push(`the first write carried ${carried} of the ${asked.size} requests that asked together (credits ${run.credits})`);
			}
			await pause(next() * 3);
			writing = false;
			if (index === run.failingWrite) {
				failed = true;
				throw new Error('journal unreachable');
			}
			for (const row of rows) {
				journal.push(row);
				if (inDoubt() > run.credits) violations.push(`${inDoubt()} requests in doubt in the journal (credits ${run.credits})`);
			}
		},
	});
	let taken = 0;
	const slots = Array.from({ length: run.slots }, async () => {
		// Each free slot takes the next job in order, as the send engine does; sends overlap.
		for (let job = taken++; job < run.jobs; job = taken++) {
			try {
				asked.add(job);
				await box.ready(job);
			} catch {
				box.record(job, [{ job, status: 'notSent' }]);
				continue;
			}
			if (!inJournal(job, true)) violations.push(`job ${job} left before its pending row was written`);
			if (failed) violations.push(`job ${job} started after a write failed`);
			started.add(job);
			await pause(next() * 4);
			answered.add(job);
			box.record(job, [{ job, status: next() < 0.9 ? 'accepted' : 'failed' }]);
		}
	});
	const ended = await Promise.race([Promise.all(slots).then(() => true), pause(2000).then(() => false)]);
	if (!ended) return [...violations, 'the run never ended: requests wait for credits no answer frees'];
	const failure = await box.finish();
	if (failure && run.failingWrite >= writes) violations.push(`finish reported ${failure.message} without a failed write`);
	for (let job = 0; job < run.jobs; job++) {
		const rows = journal.filter((row) => row.job === job);
		const pending = rows.filter(isPending).length;
		const answers = rows.length - pending;
		if (started.has(job) && (pending !== 1 || answers !== 1)) {
			violations.push(`job ${job} started, and the journal has ${pending} pending and ${answers} answer rows`);
		}
		// One that never started may have a `notSent` row, with its `pending` one if that was written.
		const notSentOnly = rows.every((row) => isPending(row) || row.status === 'notSent');
		if (!started.has(job) && (pending > 1 || answers > 1 || !notSentOnly)) violations.push(`job ${job} never started and has ${pending} pending, ${answers} answer rows`);
	}
	return violations;
}

/** Broken outboxes: each breaks one property, to show the checker notices. */
const BROKEN: Record<string, OutboxClass> = {
	// ready() no longer waits for the write (breaks 1).
	'starts before the write': class extends Outbox {
		override async ready(job: number): Promise<void> {
			void super.ready(job).catch(() => undefined);
		}
	},
	// Counts two credits more than it has (breaks 2).
	'lends too many credits': class extends Outbox {
		constructor(options: ConstructorParameters<typeof Outbox>[0]) {
			super({ ...options, credits: options.credits + 2 });
		}
	},
	// Drops the answers' rows instead of keeping them for the next write (breaks 3 and 4).
	'loses answers': class extends Outbox {
		override record(_job: number, _rows: IDataObject[]): void {}
	},
	// Lets requests ask one at a time, so that each write carries one (breaks 4).
	'writes per request': class extends Outbox {
		private asking: Promise<unknown> = Promise.resolve();
		override async ready(job: number): Promise<void> {
			const turn = this.asking.then(async () => await super.ready(job));
			this.asking = turn.catch(() => undefined);
			await turn;
		}
	},
};

const RUNS: Run[] = [
	{ jobs: 40, credits: 10, slots: 10, failingWrite: Infinity },
	{ jobs: 37, credits: 4, slots: 8, failingWrite: Infinity },
	{ jobs: 25, credits: 1, slots: 3, failingWrite: Infinity },
	// Written ahead: twice Concurrency credits, as many asking.
	{ jobs: 50, credits: 12, slots: 12, failingWrite: Infinity },
	{ jobs: 60, credits: 10, slots: 10, failingWrite: 3 },
	{ jobs: 30, credits: 5, slots: 5, failingWrite: 0 },
];
const SEEDS = Array.from({ length: 12 }, (_, index) => 1000 + index);

describe('the journal outbox', () => {
	it.each(RUNS.map((run) => [JSON.stringify(run), run] as const))('keeps its promises on simulated runs %s', async (_name, run) => {
		for (const seed of SEEDS) expect({ seed, violations: await check(Outbox, run, seed) }).toEqual({ seed, violations: [] });
	});

	it.each(Object.entries(BROKEN))('notices a broken outbox that %s', async (_name, Broken) => {
		const found: string[] = [];
		for (const run of RUNS.filter((candidate) => candidate.credits > 1 && candidate.failingWrite === Infinity)) {
			for (const seed of SEEDS.slice(0, 4)) if (found.length === 0) found.push(...(await check(Broken, run, seed)));
		}
		expect(found).not.toEqual([]);
	});

	it('refuses every later request once a write failed, and keeps its answers for finish', async () => {
		const written: IDataObject[] = [];
		let fail = true;
		const box = new Outbox({
			credits: 2,
			pendingRows: (job) => [{ job, status: 'pending' }],
			write: async (rows) => {
				if (fail && rows.some((row) => row.job === 2)) throw new Error('n8n answered HTTP 500');
				written.push(...rows);
			},
		});
		await Promise.all([box.ready(0), box.ready(1)]);
		box.record(0, [{ job: 0, status: 'accepted' }]);
		await expect(box.ready(2)).rejects.toThrow('n8n answered HTTP 500');
		await expect(box.ready(3)).rejects.toThrow('n8n answered HTTP 500');
		box.record(1, [{ job: 1, status: 'accepted' }]);
		// Job 2's pending row went to the failed write (it may be in the journal): its notSent row
		// follows; job 3 was never let through and needs none.
		box.record(2, [{ job: 2, status: 'notSent' }]);
		box.record(3, [{ job: 3, status: 'notSent' }]);
		fail = false;
		await expect(box.finish()).resolves.toBeUndefined();
		expect(written.filter((row) => row.status === 'accepted').map((row) => row.job)).toEqual([0, 1]);
		expect(written.filter((row) => row.status === 'notSent').map((row) => row.job)).toEqual([2]);
	});
});
