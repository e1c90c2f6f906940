/**
 * What the OTP node needs from shared state, whatever keeps it: one row per generated
 * code, and an attempt counter that only moves by compare-and-set, so that parallel
 * attempts on the same token, in any number of n8n processes, are counted one by one.
 */
export interface IssuedCode {
	/** The token's random id. */
	codeId: string;
	/** Keyed hash of the recipient's number. */
	recipient: string;
	/** Unix milliseconds. */
	issuedAt: number;
	/** Unix milliseconds. */
	expiresAt: number;
}

export interface TokenState {
	attempts: number;
	used: boolean;
}

export interface OtpStore {
	/** Deletes rows that can no longer matter: expired and outside any rate window. */
	removeStale(now: number): Promise<void>;
	/** Adds a new code's row with no attempts; resolves the row's id. */
	register(code: IssuedCode): Promise<number>;
	/** When a code was last issued to `recipient` after `since`, not counting row `exceptRowId`. */
	lastIssuedSince(recipient: string, since: number, exceptRowId: number): Promise<number | undefined>;
	/** Deletes one row by id. */
	remove(rowId: number): Promise<void>;
	read(tokenId: string): Promise<TokenState | undefined>;
	/**
	 * Compare-and-set: if the token still has `seenAttempts` attempts and is unused, counts
	 * one more (and marks it used when `approve`). True when this call made the change;
	 * false when another attempt got there first, and nothing was changed.
	 */
	recordAttempt(tokenId: string, seenAttempts: number, approve: boolean): Promise<boolean>;
}

/** Rows are kept this long after they were issued: past the longest expiry and rate window. */
export const ROW_RETENTION_MS = (86_400 + 60) * 1000;
