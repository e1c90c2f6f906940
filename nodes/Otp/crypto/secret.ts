/**
 * The OTP Secret credential's secret: how strong it must be, and the separate keys derived
 * from it, one per purpose, so a value computed for one purpose (a recipient's hash in the
 * data table) can never stand in for another (a token signature).
 */
import { createHmac } from 'node:crypto';

export const MIN_SECRET_LENGTH = 32;
/** Fewer distinct characters than this means a pattern ("aaaa…", "abab…"), not randomness. */
const MIN_DISTINCT_CHARACTERS = 12;

export const SECRET_HINT =
	'Generate one with "openssl rand -base64 32" (or any password manager: 32 or more random characters)';

/** Why a secret is too weak to sign codes with, or undefined when it is fine. */
export function secretWeakness(secret: unknown): string | undefined {
	if (typeof secret !== 'string' || secret.length === 0) return 'the secret is empty';
	const characters = Array.from(secret);
	if (characters.length < MIN_SECRET_LENGTH) {
		return `the secret has ${characters.length} characters; it needs at least ${MIN_SECRET_LENGTH}`;
	}
	if (new Set(characters).size < MIN_DISTINCT_CHARACTERS) {
		return `the secret repeats a few characters; it needs at least ${MIN_DISTINCT_CHARACTERS} different ones`;
	}
	return undefined;
}

export interface OtpKeys {
	/** Signs tokens. */
	signature: Buffer;
	/** Hashes a code together with its token id. */
	code: Buffer;
	/** Turns a phone number into the pseudonym stored in the data table. */
	recipient: Buffer;
	/** Encrypts a code for a resend (see seal.ts). */
	seal: Buffer;
	/** Turns a Fraud Guard Requester Key (an IP, a session) into the pseudonym the table stores. */
	requester: Buffer;
}

const derive = (secret: string, purpose: string) =>
	createHmac('sha256', secret).update(`n8n-nodes-sms-otp/${purpose}/v1`).digest();

export function deriveKeys(secret: string): OtpKeys {
	return {
		signature: derive(secret, 'token-signature'),
		code: derive(secret, 'code-hash'),
		recipient: derive(secret, 'recipient'),
		seal: derive(secret, 'code-seal'),
		requester: derive(secret, 'requester'),
	};
}

/** The recipient as the data table stores it: a keyed hash, so the table holds no phone numbers. */
export function recipientKey(keys: OtpKeys, digits: string): string {
	return createHmac('sha256', keys.recipient).update(digits).digest('base64url').slice(0, 32);
}

/** A Requester Key as the data table stores it: a keyed hash, like the recipient. */
export function requesterKey(keys: OtpKeys, requester: string): string {
	return createHmac('sha256', keys.requester).update(requester).digest('base64url').slice(0, 32);
}
