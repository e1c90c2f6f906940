/**
 * When a request may be sent again: only when the answer proves the provider did not take
 * it. A rate-limit refusal says "not taken, come back later"; a refused connection never
 * reached the provider. A timeout, a dropped connection, a 5xx or an unreadable success
 * may each hide a delivered message, so they are never retried: an OTP sent twice is worse
 * than one reported as unknown.
 */
import { retryAfterMs } from './answers';
import type { CallOutcome } from './request';

/** The longest wait a provider may ask for before we give up instead. */
export const MAX_RETRY_WAIT_MS = 65_000;
/** Attempts at most per message, the first included. */
export const MAX_ATTEMPTS = 6;
const RATE_LIMIT_BACKOFF_MS = 1_000;
const UNREACHED_BACKOFF_MS = 500;
const UNREACHED_MAX_ATTEMPTS = 3;

export interface RetryAdvice {
	waitMs: number;
	/** True when the provider is throttling us: everyone should slow down, not only this message. */
	throttled: boolean;
}

/** How long to wait before attempt `attempt + 1`, or undefined when it must not be retried. */
export function retryAdvice(outcome: CallOutcome, attempt: number, maxAttempts = MAX_ATTEMPTS): RetryAdvice | undefined {
	if (attempt >= maxAttempts) return undefined;
	if (outcome.status === 'refused') {
		const { refusal, answer } = outcome;
		if (refusal.kind !== 'rateLimit' || !refusal.notAccepted) return undefined;
		const waitMs = retryAfterMs(answer.headers) ?? RATE_LIMIT_BACKOFF_MS * 2 ** (attempt - 1);
		return waitMs <= MAX_RETRY_WAIT_MS ? { waitMs, throttled: true } : undefined;
	}
	if (outcome.status === 'noAnswer' && outcome.fate === 'unreached' && attempt < UNREACHED_MAX_ATTEMPTS) {
		return { waitMs: UNREACHED_BACKOFF_MS * 2 ** (attempt - 1), throttled: false };
	}
	return undefined;
}
