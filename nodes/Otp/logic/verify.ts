/**
 * Checking a typed code against a token, in this order: a token this secret signed (else
 * `malformed_token`), for the expected recipient (`wrong_recipient`), not expired
 * (`expired`); then, with a store, not used (`already_used`) and under the attempt limit
 * (`max_attempts`), and the attempt is counted by compare-and-set before its result is
 * given (`approved` or `wrong_code`). Without a store only the signature and the expiry
 * protect the code.
 */
import { ApplicationError } from 'n8n-workflow';
import type { OtpKeys } from '../crypto/secret';
import type { TokenClaims } from '../crypto/token';
import { codeMatches, isExpired, readToken } from '../crypto/token';
import { normalizeTypedCode } from '../crypto/code';
import type { OtpStore } from '../state/store';

export const VERIFY_REASONS = [
	'approved',
	'wrong_code',
	'expired',
	'max_attempts',
	'already_used',
	'malformed_token',
	'wrong_recipient',
	'unknown_token',
] as const;

export type VerifyReason = (typeof VERIFY_REASONS)[number];

export interface Verdict {
	valid: boolean;
	reason: VerifyReason;
	/** Readable claims of a token this secret signed, else undefined. */
	claims?: TokenClaims;
	/** Attempts counted for the token, this one included; undefined when not known. */
	attempts?: number;
}

export interface VerifyRequest {
	token: unknown;
	code: unknown;
	/** International digits the token must be for; null: a value that is no number was given. */
	expectedTo?: string | null;
	maxAttempts: number;
	/** Milliseconds since the epoch. */
	now: number;
}

/** The token was registered in a data table but this check has none: its limits would be lost. */
export interface StoreMissing {
	storeMissing: true;
}

export async function verifyCode(keys: OtpKeys, request: VerifyRequest, store?: OtpStore): Promise<Verdict | StoreMissing> {
	const claims = readToken(keys, request.token);
	if (!claims) return { valid: false, reason: 'malformed_token' };
	if (request.expectedTo !== undefined && request.expectedTo !== claims.to) {
		return { valid: false, reason: 'wrong_recipient', claims };
	}
	if (isExpired(claims, request.now)) return { valid: false, reason: 'expired', claims };

	const typed = normalizeTypedCode(request.code);
	const matches = typed !== undefined && codeMatches(keys, claims, typed);
	if (!store) {
		if (claims.stateful) return { storeMissing: true };
		return { valid: matches, reason: matches ? 'approved' : 'wrong_code', claims };
	}
	if (!claims.stateful) return { valid: false, reason: 'unknown_token', claims };
	return await countAttempt(store, claims, matches, request.maxAttempts);
}

/**
 * Reads the token's row, then counts this attempt only if nobody else counted one in
 * between; if someone did, reads again. Every lost race means another attempt was
 * counted, so after at most `maxAttempts` of them the limit answers; the bound on rounds
 * is only a guard against a store that breaks that rule.
 */
async function countAttempt(store: OtpStore, claims: TokenClaims, matches: boolean, maxAttempts: number): Promise<Verdict> {
	for (let round = 0; round <= maxAttempts + 1; round++) {
		const state = await store.read(claims.tokenId);
		if (!state) return { valid: false, reason: 'unknown_token', claims };
		if (state.used) return { valid: false, reason: 'already_used', claims, attempts: state.attempts };
		if (state.attempts >= maxAttempts) return { valid: false, reason: 'max_attempts', claims, attempts: state.attempts };
		if (await store.recordAttempt(claims.tokenId, state.attempts, matches)) {
			return { valid: matches, reason: matches ? 'approved' : 'wrong_code', claims, attempts: state.attempts + 1 };
		}
	}
	throw new ApplicationError('The attempt counter kept changing while this attempt was counted');
}
