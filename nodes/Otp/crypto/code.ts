/**
 * One-time codes: drawn from a cryptographically secure source with `randomInt`, which
 * rejects out-of-range draws instead of taking a remainder, so every symbol is equally
 * likely (no modulo bias); and the code a person types, cleaned up the way people type it.
 */
import { randomInt } from 'node:crypto';

/**
 * `digits`: 0-9. `alphanumeric`: digits and upper-case letters without the ones people
 * confuse when reading or typing them: 0/O, 1/I/L.
 */
export const ALPHABETS = {
	digits: '0123456789',
	alphanumeric: '23456789ABCDEFGHJKMNPQRSTUVWXYZ',
} as const;

export type AlphabetName = keyof typeof ALPHABETS;

export const CODE_LENGTH = { min: 4, max: 10, default: 6 } as const;

/** Longest typed code worth hashing; anything longer cannot be a code of this node. */
const MAX_TYPED_LENGTH = 64;

export function generateCode(length: number, alphabet: AlphabetName): string {
	const symbols = ALPHABETS[alphabet];
	let code = '';
	for (let position = 0; position < length; position++) code += symbols[randomInt(symbols.length)];
	return code;
}

/**
 * The code as typed, reduced to what counts: spaces and dashes (people copy "123 456" or
 * "ABC-DEF") are dropped and letters compared in upper case, which leaves digits alone.
 * A number from an expression is taken as its digits. Returns undefined for a value that
 * cannot be a code (an object, a list, an absurdly long text).
 */
export function normalizeTypedCode(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) value = String(value);
	if (typeof value !== 'string') return undefined;
	const cleaned = value.replace(/[\s\-‐‑‒–—]/g, '').toUpperCase();
	return cleaned.length <= MAX_TYPED_LENGTH ? cleaned : undefined;
}
