/**
 * Making a code and its token. With a store, the token's row is added first, then the
 * rate rule is checked against the rows of the same recipient: after its own row is in,
 * each of two parallel requests sees at least the other's row, so at most one of them
 * passes (both may be refused, never both let through); a refused request removes its row.
 */
import type { AlphabetName } from '../crypto/code';
import { generateCode } from '../crypto/code';
import type { OtpKeys } from '../crypto/secret';
import { recipientKey } from '../crypto/secret';
import type { TokenClaims } from '../crypto/token';
import { issueToken } from '../crypto/token';
import type { OtpStore } from '../state/store';

export interface IssueRequest {
	/** International digits. */
	to: string;
	length: number;
	alphabet: AlphabetName;
	/** Seconds. */
	expiresIn: number;
	/** Seconds between two codes for the same recipient; 0 = no limit. */
	minInterval: number;
	/** Milliseconds since the epoch. */
	now: number;
}

export interface IssuedOtp {
	code: string;
	token: string;
	claims: TokenClaims;
}

/** Another code went to the same recipient less than `minInterval` ago: none was made. */
export interface TooSoon {
	retryAfterSeconds: number;
}

/** A code and its token, not yet registered anywhere; `stateful` when a data table will hold its row. */
export function makeOtp(keys: OtpKeys, request: Omit<IssueRequest, 'minInterval'>, stateful: boolean): IssuedOtp {
	const code = generateCode(request.length, request.alphabet);
	const { token, claims } = issueToken(keys, { to: request.to, code, expiresIn: request.expiresIn, stateful, now: request.now });
	return { code, token, claims };
}

export async function issueOtp(keys: OtpKeys, request: IssueRequest, store?: OtpStore): Promise<IssuedOtp | TooSoon> {
	const issued = makeOtp(keys, request, store !== undefined);
	if (!store) return issued;

	const recipient = recipientKey(keys, request.to);
	const issuedAt = request.now;
	const row = { codeId: issued.claims.tokenId, recipient, issuedAt, expiresAt: issued.claims.expiresAt * 1000 };
	// The clean-up removes rows a day old, never the one being added: the two need not wait for each other.
	const [, rowId] = await Promise.all([store.removeStale(request.now), store.register(row)]);
	if (request.minInterval > 0) {
		const windowMs = request.minInterval * 1000;
		const previous = await store.lastIssuedSince(recipient, issuedAt - windowMs, rowId);
		if (previous !== undefined) {
			await store.remove(rowId);
			return { retryAfterSeconds: Math.max(1, Math.ceil((previous + windowMs - issuedAt) / 1000)) };
		}
	}
	return issued;
}
