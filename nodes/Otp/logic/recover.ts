/**
 * Opening a sealed code to send it again, only while it could still be approved: the token
 * is one this secret signed and has not expired, and with a store it is neither used nor
 * locked by its attempt limit. A resend never counts an attempt.
 */
import { unsealCode } from '../crypto/seal';
import type { OtpKeys } from '../crypto/secret';
import type { TokenClaims } from '../crypto/token';
import { codeMatches, isExpired, readToken } from '../crypto/token';
import type { OtpStore } from '../state/store';
import type { StoreMissing } from './verify';

export const RECOVER_REASONS = [
	'recovered',
	'malformed_token',
	'malformed_sealed_code',
	'expired',
	'already_used',
	'max_attempts',
	'unknown_token',
] as const;

export type RecoverReason = (typeof RECOVER_REASONS)[number];

export interface Recovery {
	recovered: boolean;
	reason: RecoverReason;
	claims?: TokenClaims;
	/** Only when recovered. */
	code?: string;
}

export interface RecoverRequest {
	token: unknown;
	sealedCode: unknown;
	maxAttempts: number;
	/** Milliseconds since the epoch. */
	now: number;
}

export async function recoverCode(keys: OtpKeys, request: RecoverRequest, store?: OtpStore): Promise<Recovery | StoreMissing> {
	const claims = readToken(keys, request.token);
	if (!claims) return { recovered: false, reason: 'malformed_token' };
	if (isExpired(claims, request.now)) return { recovered: false, reason: 'expired', claims };
	const code = unsealCode(keys, claims.tokenId, request.sealedCode);
	if (code === undefined || !codeMatches(keys, claims, code)) {
		return { recovered: false, reason: 'malformed_sealed_code', claims };
	}
	if (!store) return claims.stateful ? { storeMissing: true } : { recovered: true, reason: 'recovered', claims, code };
	if (!claims.stateful) return { recovered: false, reason: 'unknown_token', claims };
	const state = await store.read(claims.tokenId);
	if (!state) return { recovered: false, reason: 'unknown_token', claims };
	if (state.used) return { recovered: false, reason: 'already_used', claims };
	if (state.attempts >= request.maxAttempts) return { recovered: false, reason: 'max_attempts', claims };
	return { recovered: true, reason: 'recovered', claims, code };
}
