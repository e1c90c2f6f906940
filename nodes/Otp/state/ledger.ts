/**
 * What the Fraud Guard keeps: a row for every code it let through (in a data table, the
 * code's own row, with its prefix and requester), a row for every prefix cool-down, and one
 * counter per clock hour for the budget. The guard counts rows rather than keeping counters
 * per number, prefix and requester, so that one request adds one row and reads once; only
 * the budget, shared by every request, is a counter, moved by compare-and-set.
 */
export interface GuardEntry {
	/** The token id in a data table (the code's row); any unique text in memory. */
	codeId: string;
	/** Keyed hash of the number, as code rows store it. */
	recipient: string;
	/** e.g. `+44 79111` (see numberPrefix). */
	prefix: string;
	/** Keyed hash of the Requester Key, if the guard has one. */
	requester?: string;
	/** Unix milliseconds. */
	issuedAt: number;
	expiresAt: number;
}

export interface LedgerRow {
	id: number;
	kind: 'code' | 'coolDown';
	recipient?: string;
	prefix?: string;
	requester?: string;
	/** A code's issue time, or when a cool-down began. */
	issuedAt: number;
	/** When a code expires, or when a cool-down ends. */
	expiresAt: number;
}

export interface BudgetCounter {
	id: number;
	/** Codes counted in the hour. */
	count: number;
}

export interface RelatedRows {
	/**
	 * Every code row of the entry's number from the last day, of its prefix and requester
	 * from the last hour (more may come), and every cool-down of its prefix still running.
	 */
	rows: LedgerRow[];
	/** The budget counter of the entry's hour, once the hour has one. */
	budget?: BudgetCounter;
}

export interface GuardLedger {
	/** Adds the entry's row before anything is decided; resolves its id. */
	add(entry: GuardEntry): Promise<number>;
	/** The rows the rules need to judge the entry, whose own row has id `ownId`. */
	related(entry: GuardEntry, ownId: number, hourStart: number): Promise<RelatedRows>;
	/** Takes back the row of a refused request. */
	remove(id: number): Promise<void>;
	startCoolDown(prefix: string, now: number, until: number): Promise<void>;
	/**
	 * Counts one more code in the budget of the hour starting at `hourStart` unless it
	 * already counts `limit`: a compare-and-set from `seen` (as read), retried with a fresh
	 * read when another request counted first. False when the budget is used up.
	 */
	takeBudget(hourStart: number, limit: number, seen: BudgetCounter | undefined): Promise<boolean>;
	/** Gives back a place taken in the hour's budget by a request refused after all. */
	returnBudget(hourStart: number): Promise<void>;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The UTC clock hour a time falls in, by its start: the budget's window. */
export const hourStartOf = (now: number) => Math.floor(now / HOUR_MS) * HOUR_MS;

/** How far back the rules look for each kind of row. */
export const WINDOWS = { recipient: DAY_MS, prefix: HOUR_MS, requester: HOUR_MS } as const;

/**
 * A request gives up counting itself in the budget after losing this many compare-and-sets
 * in a row: each lost one means another request was counted, so it takes that many codes
 * asked for at the same moment.
 */
export const MAX_BUDGET_ROUNDS = 50;
