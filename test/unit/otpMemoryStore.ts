/**
 * An in-memory OtpStore with the same compare-and-set rule as the data table store. Every
 * method yields to the event loop first, so calls started together interleave the way
 * parallel requests to n8n do: all reads of a round happen before any write.
 */
import type { IssuedCode, OtpStore, TokenState } from '../../nodes/Otp/state/store';
import { ROW_RETENTION_MS } from '../../nodes/Otp/state/store';

export interface MemoryRow extends IssuedCode, TokenState {
	id: number;
}

export class MemoryStore implements OtpStore {
	rows: MemoryRow[] = [];
	private nextId = 1;
	casFailures = 0;

	private async tick(): Promise<void> {
		await new Promise((resolve) => setImmediate(resolve));
	}

	async removeStale(now: number): Promise<void> {
		await this.tick();
		this.rows = this.rows.filter((row) => row.issuedAt >= now - ROW_RETENTION_MS);
	}

	async register(code: IssuedCode): Promise<number> {
		await this.tick();
		const id = this.nextId++;
		this.rows.push({ ...code, id, attempts: 0, used: false });
		return id;
	}

	async lastIssuedSince(recipient: string, since: number, exceptRowId: number): Promise<number | undefined> {
		await this.tick();
		const times = this.rows
			.filter((row) => row.recipient === recipient && row.issuedAt > since && row.id !== exceptRowId)
			.map((row) => row.issuedAt);
		return times.length > 0 ? Math.max(...times) : undefined;
	}

	async remove(rowId: number): Promise<void> {
		await this.tick();
		this.rows = this.rows.filter((row) => row.id !== rowId);
	}

	async read(codeId: string): Promise<TokenState | undefined> {
		await this.tick();
		const row = this.rows.find((candidate) => candidate.codeId === codeId);
		return row ? { attempts: row.attempts, used: row.used } : undefined;
	}

	async recordAttempt(codeId: string, seenAttempts: number, approve: boolean): Promise<boolean> {
		await this.tick();
		const row = this.rows.find((candidate) => candidate.codeId === codeId && candidate.attempts === seenAttempts && !candidate.used);
		if (!row) {
			this.casFailures++;
			return false;
		}
		row.attempts = seenAttempts + 1;
		row.used = approve;
		return true;
	}
}
