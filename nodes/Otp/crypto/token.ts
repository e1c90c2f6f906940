/**
 * Verification tokens: `otp1.<claims>.<signature>`, both parts base64url. The claims bind a
 * random token id, the recipient, the expiry and a keyed hash of the code; the signature is
 * HMAC-SHA-256 over the exact text before it. The code cannot be recovered from a token:
 * its hash is keyed with the secret, so even a 4-digit code cannot be found by trying all
 * 10,000 without it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OtpKeys } from './secret';

const PREFIX = 'otp1';
const MAX_TOKEN_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const TOKEN_ID_BYTES = 16;
const HASH_LENGTH = 43; // base64url of 32 bytes

export const EXPIRES_IN = { min: 30, max: 86_400, default: 600 } as const;
/**
 * A token is still accepted this many seconds after its expiry, so that n8n processes on
 * machines whose clocks differ by a few seconds agree on whether it has expired.
 */
export const CLOCK_SKEW_SECONDS = 5;

export interface TokenClaims {
	/** Random id: the token's row in the data table. */
	tokenId: string;
	/** Recipient's number as international digits. */
	to: string;
	/** Unix seconds. */
	issuedAt: number;
	/** Unix seconds. */
	expiresAt: number;
	/** Keyed hash of the code and the token id. */
	codeHash: string;
	/** Whether the token was registered in a data table when it was made. */
	stateful: boolean;
}

interface WireClaims {
	v: 1;
	jti: string;
	to: string;
	iat: number;
	exp: number;
	ch: string;
	st: 0 | 1;
}

export function hashCode(keys: OtpKeys, tokenId: string, code: string): string {
	return createHmac('sha256', keys.code).update(`${tokenId}.${code}`).digest('base64url');
}

function sign(keys: OtpKeys, signedText: string): string {
	return createHmac('sha256', keys.signature).update(signedText).digest('base64url');
}

export interface TokenRequest {
	to: string;
	code: string;
	expiresIn: number;
	stateful: boolean;
	/** Milliseconds since the epoch. */
	now: number;
}

export function issueToken(keys: OtpKeys, request: TokenRequest): { token: string; claims: TokenClaims } {
	const tokenId = randomBytes(TOKEN_ID_BYTES).toString('base64url');
	const issuedAt = Math.floor(request.now / 1000);
	const claims: TokenClaims = {
		tokenId,
		to: request.to,
		issuedAt,
		expiresAt: issuedAt + request.expiresIn,
		codeHash: hashCode(keys, tokenId, request.code),
		stateful: request.stateful,
	};
	const wire: WireClaims = {
		v: 1,
		jti: claims.tokenId,
		to: claims.to,
		iat: claims.issuedAt,
		exp: claims.expiresAt,
		ch: claims.codeHash,
		st: claims.stateful ? 1 : 0,
	};
	const signedText = `${PREFIX}.${Buffer.from(JSON.stringify(wire)).toString('base64url')}`;
	return { token: `${signedText}.${sign(keys, signedText)}`, claims };
}

/**
 * The claims of a token this secret signed, or undefined for anything else: not a token,
 * altered in any character, signed with another secret, or with claims that make no sense.
 * Expiry is not checked here (see `isExpired`).
 */
export function readToken(keys: OtpKeys, value: unknown): TokenClaims | undefined {
	if (typeof value !== 'string') return undefined;
	const token = value.trim();
	if (token.length > MAX_TOKEN_LENGTH) return undefined;
	const parts = token.split('.');
	if (parts.length !== 3 || parts[0] !== PREFIX || !BASE64URL.test(parts[1]) || !BASE64URL.test(parts[2])) {
		return undefined;
	}
	// Compared as text: two base64url texts can decode to the same bytes, and a changed
	// character must never pass.
	const expected = Buffer.from(sign(keys, `${parts[0]}.${parts[1]}`));
	const given = Buffer.from(parts[2]);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
	return claimsOf(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

function claimsOf(json: string): TokenClaims | undefined {
	let wire: Partial<WireClaims>;
	try {
		wire = JSON.parse(json) as Partial<WireClaims>;
	} catch {
		return undefined;
	}
	const wellFormed =
		wire !== null &&
		typeof wire === 'object' &&
		wire.v === 1 &&
		typeof wire.jti === 'string' &&
		BASE64URL.test(wire.jti) &&
		typeof wire.to === 'string' &&
		/^[1-9]\d{6,14}$/.test(wire.to) &&
		Number.isSafeInteger(wire.iat) &&
		Number.isSafeInteger(wire.exp) &&
		(wire.exp as number) - (wire.iat as number) >= EXPIRES_IN.min &&
		(wire.exp as number) - (wire.iat as number) <= EXPIRES_IN.max &&
		typeof wire.ch === 'string' &&
		wire.ch.length === HASH_LENGTH &&
		(wire.st === 0 || wire.st === 1);
	if (!wellFormed) return undefined;
	return {
		tokenId: wire.jti as string,
		to: wire.to as string,
		issuedAt: wire.iat as number,
		expiresAt: wire.exp as number,
		codeHash: wire.ch as string,
		stateful: wire.st === 1,
	};
}

/** Whether the token has expired at `now` (milliseconds), allowing CLOCK_SKEW_SECONDS. */
export function isExpired(claims: TokenClaims, now: number): boolean {
	return now > (claims.expiresAt + CLOCK_SKEW_SECONDS) * 1000;
}

/** Whether `typedCode` (already normalized) is the token's code; constant time in the code. */
export function codeMatches(keys: OtpKeys, claims: TokenClaims, typedCode: string): boolean {
	const typed = Buffer.from(hashCode(keys, claims.tokenId, typedCode));
	const expected = Buffer.from(claims.codeHash);
	return typed.length === expected.length && timingSafeEqual(typed, expected);
}
