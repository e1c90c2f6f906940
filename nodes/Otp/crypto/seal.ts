/**
 * A sealed code: the code encrypted (AES-256-GCM) with a key derived from the secret and
 * bound to its token's id, for a workflow that must send the same code again later (a
 * WhatsApp code that failed, resent by SMS) without keeping it in plain text. Only the
 * secret's holder can open it, and only together with its own token.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { OtpKeys } from './secret';

const PREFIX = 'seal1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_SEALED_LENGTH = 256;

export function sealCode(keys: OtpKeys, tokenId: string, code: string): string {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', keys.seal, iv);
	cipher.setAAD(Buffer.from(tokenId));
	const encrypted = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
	return PREFIX + Buffer.concat([iv, encrypted, cipher.getAuthTag()]).toString('base64url');
}

/** The code, or undefined when `sealed` is not a code sealed for this token with this secret. */
export function unsealCode(keys: OtpKeys, tokenId: string, sealed: unknown): string | undefined {
	if (typeof sealed !== 'string' || sealed.length > MAX_SEALED_LENGTH || !sealed.startsWith(PREFIX)) return undefined;
	const packed = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
	if (packed.length <= IV_BYTES + TAG_BYTES) return undefined;
	try {
		const decipher = createDecipheriv('aes-256-gcm', keys.seal, packed.subarray(0, IV_BYTES));
		decipher.setAAD(Buffer.from(tokenId));
		decipher.setAuthTag(packed.subarray(packed.length - TAG_BYTES));
		const code = Buffer.concat([decipher.update(packed.subarray(IV_BYTES, packed.length - TAG_BYTES)), decipher.final()]);
		return code.toString('utf8');
	} catch {
		// A changed byte, another token or another secret: the tag does not match.
		return undefined;
	}
}
