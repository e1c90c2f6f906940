/**
 * The journal's outbox (nodes/shared/campaign/outbox.ts), as properties checked on many
 * simulated runs: jobs start in random order within the send engine's concurrency, journal
 * writes and sends take random times, and some runs have a journal write fail.
 *
 * 1. No request leaves before its `pending` rows are written (the outbox order).
 * 2. At no moment are more than 1.5 × the window written `pending` without having started:
 *    what a crash can leave behind that never left.
 * 3. After `finish`, the journal holds, for every job that started, its `pending` rows and
 *    its answer's rows, each exactly once; nothing for a job never issued.
 * 4. Writes are few: at most one per window, plus one at `finish`.
 * 5. Once a write fails, every job whose rows it held (and every later one) is refused.
 *
 * Each property is shown to fail against a broken outbox (the `BROKEN` variants below, each
 * a one-line change of the real one): the test asserts that the checker finds violations
 * there, so a checker that cannot fail would fail this file.
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

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Run {
	jobs: number;
	window: number;
	concurrency: number;
	/** Index of the write that fails (none when past the end). */
	failingWrite: number;
}

/** Simulates one run; resolves the violations of the properties, in words. */
async function check(Implementation: OutboxClass, run: Run, seed: number): Promise<string[]> {
	const next = random(seed);
	const violations: string[] = [];
	const journal: IDataObject[] = [];
	const started = new Set<number>();
	let writes = 0;
	const box = new Implementation({
		window: run.window,
		jobCount: run.jobs,
		pendingRows: (job) => [{ job, status: 'pending' }],
		write: async (rows) => {
			const index = writes++;
			await pause(next() * 3);
			if (index === run.failingWrite) throw new Error('journal unreachable');
			journal.push(...rows);
		},
	});
	const written = (job: number) => journal.some((row) => row.job === job && row.status === 'pending');
	let taken = 0;
	const slots = Array.from({ length: run.concurrency }, async () => {
		// Each free slot takes the next job in order, as the send engine does; sends overlap.
		for (let job = taken++; job < run.jobs; job = taken++) {
			try {
				await box.ready(job);
			} catch {
				box.record([{ job, status: 'notSent' }]);
				continue;
			}
			if (!written(job)) violations.push(`job ${job} left before its pending row was written`);
			started.add(job);
			const reserved = journal.filter((row) => row.status === 'pending' && !started.has(row.job as number)).length;
			if (reserved > Math.ceil(1.5 * run.window)) violations.push(`${reserved} jobs were written pending without starting (window ${run.window})`);
			await pause(next() * 4);
			box.record([{ job, status: next() < 0.9 ? 'accepted' : 'failed' }]);
		}
	});
	await Promise.all(slots);
	const failure = await box.finish();
	if (failure && run.failingWrite >= writes) violations.push(`finish reported ${failure.message} without a failed write`);
	for (let job = 0; job < run.jobs; job++) {
		const rows = journal.filter((row) => row.job === job);
		const pending = rows.filter((row) => row.status === 'pending').length;
		const answers = rows.length - pending;
		if (started.has(job) && (pending !== 1 || answers !== 1)) {
			violations.push(`job ${job} started, and the journal has ${pending} pending and ${answers} answer rows`);
		}
		if (!started.has(job) && pending > 1) violations.push(`job ${job} has ${pending} pending rows`);
	}
	const windows = Math.ceil(run.jobs / run.window);
	if (run.failingWrite >= writes && writes > windows + 1) violations.push(`${writes} writes for ${windows} windows`);
	return violations;
}

/** Broken outboxes: each breaks one property, to show the checker notices. */
const BROKEN: Record<string, OutboxClass> = {
	// ready() no longer waits for the window's write (breaks 1).
	'starts before the write': class extends Outbox {
		override async ready(job: number): Promise<void> {
			void super.ready(job).catch(() => undefined);
		}
	},
	// Writes two windows ahead of the one asked for (breaks 2).
	'reserves too far ahead': class extends Outbox {
		override async ready(job: number): Promise<void> {
			const window = (this as unknown as { window: number }).window;
			void super.ready(Math.min(job + 2 * window, (this as unknown as { options: { jobCount: number } }).options.jobCount - 1)).catch(() => undefined);
			await super.ready(job);
		}
	},
	// Drops the answers' rows instead of keeping them for the next write (breaks 3).
	'loses answers': class extends Outbox {
		override record(_rows: IDataObject[]): void {}
	},
	// Writes every job on its own (breaks 4).
	'writes per job': class extends Outbox {
		constructor(options: ConstructorParameters<typeof Outbox>[0]) {
			super({ ...options, window: 1 });
		}
	},
};

const RUNS: Run[] = [
	{ jobs: 40, window: 10, concurrency: 10, failingWrite: Infinity },
	{ jobs: 37, window: 4, concurrency: 4, failingWrite: Infinity },
	{ jobs: 25, window: 1, concurrency: 1, failingWrite: Infinity },
	{ jobs: 60, window: 10, concurrency: 10, failingWrite: 3 },
	{ jobs: 30, window: 5, concurrency: 5, failingWrite: 0 },
];
const SEEDS = Array.from({ length: 12 }, (_, index) => 1000 + index);

describe('the journal outbox', () => {
	it.each(RUNS.map((run) => [JSON.stringify(run), run] as const))('keeps its promises on simulated runs %s', async (_name, run) => {
		for (const seed of SEEDS) expect({ seed, violations: await check(Outbox, run, seed) }).toEqual({ seed, violations: [] });
	});

	it.each(Object.entries(BROKEN))('notices a broken outbox that %s', async (_name, Broken) => {
		let found = 0;
		for (const run of RUNS.filter((candidate) => candidate.window > 1 && candidate.failingWrite === Infinity)) {
			for (const seed of SEEDS.slice(0, 4)) found += (await check(Broken, run, seed)).length;
		}
		expect(found).toBeGreaterThan(0);
	});

	it('stops every later job once a write failed, and says why', async () => {
		const box = new Outbox({
			window: 2,
			jobCount: 6,
			pendingRows: (job) => [{ job }],
			write: async (rows) => {
				if (rows.some((row) => row.job === 2)) throw new Error('n8n answered HTTP 500');
			},
		});
		await expect(box.ready(0)).resolves.toBeUndefined();
		await expect(box.ready(2)).rejects.toThrow('n8n answered HTTP 500');
		await expect(box.ready(5)).rejects.toThrow('n8n answered HTTP 500');
		expect(box.wasIssued(3)).toBe(true);
		expect(box.wasIssued(5)).toBe(false);
	});
});
