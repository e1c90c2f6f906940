import { createHmac } from 'node:crypto';
import { deriveKeys, recipientKey, secretWeakness } from '../../nodes/Otp/crypto/secret';
import { CLOCK_SKEW_SECONDS, codeMatches, isExpired, issueToken, readToken } from '../../nodes/Otp/crypto/token';

const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const keys = deriveKeys(SECRET);
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

function issue(overrides: Partial<Parameters<typeof issueToken>[1]> = {}) {
	return issueToken(keys, { to: '254712345678', code: '482910', expiresIn: 600, stateful: true, now: NOW, ...overrides });
}

/** A token with these claims (an object, or a text that is no JSON), signed as the node signs. */
function signed(claims: object | string): string {
	const json = typeof claims === 'string' ? claims : JSON.stringify(claims);
	const text = `otp1.${Buffer.from(json).toString('base64url')}`;
	return `${text}.${createHmac('sha256', keys.signature).update(text).digest('base64url')}`;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('token format', () => {
	it('reads back the claims it was issued with', () => {
		const { token, claims } = issue();
		expect(token).toMatch(/^otp1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
		expect(readToken(keys, token)).toEqual(claims);
		expect(claims).toMatchObject({ to: '254712345678', issuedAt: NOW / 1000, expiresAt: NOW / 1000 + 600, stateful: true });
		expect(claims.tokenId).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});

	it('gives every token its own random id', () => {
		const ids = new Set(Array.from({ length: 200 }, () => issue().claims.tokenId));
		expect(ids.size).toBe(200);
	});

	it('refuses a token with any single character changed, removed or added', () => {
		const { token } = issue();
		for (let position = 0; position < token.length; position++) {
			const original = token[position];
			for (const replacement of [BASE64URL[(BASE64URL.indexOf(original) + 1) % 64], '.', '=']) {
				if (replacement === original) continue;
				const altered = token.slice(0, position) + replacement + token.slice(position + 1);
				expect(readToken(keys, altered)).toBeUndefined();
			}
			expect(readToken(keys, token.slice(0, position) + token.slice(position + 1))).toBeUndefined();
		}
		for (const extra of ['A', '.', '=']) expect(readToken(keys, token + extra)).toBeUndefined();
	});

	it("refuses one token's claims under another token's signature (swapped recipient)", () => {
		const forAlice = issue({ to: '254712345678' }).token.split('.');
		const forBob = issue({ to: '254798765432' }).token.split('.');
		expect(readToken(keys, [forAlice[0], forBob[1], forAlice[2]].join('.'))).toBeUndefined();
	});

	it('refuses a token signed with another secret', () => {
		const other = deriveKeys('another-secret-0123456789-abcdefghijklmnopqrstuvwxyz');
		expect(readToken(other, issue().token)).toBeUndefined();
	});

	it('carries no code, and a hash of the code that is useless without the secret', () => {
		const { token, claims } = issue({ code: '4829' });
		const payload = Buffer.from(token.split('.')[1], 'base64url').toString('utf8');
		expect(payload).not.toContain('4829');
		// Trying every 4-digit code with plain SHA-256 finds nothing: the hash is keyed.
		const found = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(4, '0')).filter(
			(guess) => createHmac('sha256', '').update(`${claims.tokenId}.${guess}`).digest('base64url') === claims.codeHash,
		);
		expect(found).toEqual([]);
		// The same code gives another hash in another token (the token id salts it).
		expect(issue({ code: '4829' }).claims.codeHash).not.toBe(claims.codeHash);
	});

	it.each([
		['a number', 42],
		['null', null],
		['an empty text', ''],
		['two parts', 'otp1.abc'],
		['another prefix', issue().token.replace(/^otp1/, 'otp2')],
		['a huge text', `otp1.${'A'.repeat(5000)}.${'B'.repeat(43)}`],
	])('refuses %s', (_label, value) => {
		expect(readToken(keys, value)).toBeUndefined();
	});

	it('accepts a token with spaces around it (pasted)', () => {
		const { token, claims } = issue();
		expect(readToken(keys, ` ${token}\n`)).toEqual(claims);
	});

	const wellFormed = { v: 1, jti: 'AAAAAAAAAAAAAAAAAAAAAA', to: '254712345678', iat: 1000, exp: 1600, ch: 'h'.repeat(43), st: 1 };
	it.each([
		['not JSON', 'not json'],
		['another version', { ...wellFormed, v: 2 }],
		['a recipient that is no number', { ...wellFormed, to: '+254712345678' }],
		['a lifetime under 30 s', { ...wellFormed, exp: 1029 }],
		['a lifetime over a day', { ...wellFormed, exp: 1000 + 86_401 }],
		['a fractional time', { ...wellFormed, exp: 1600.5 }],
		['a short code hash', { ...wellFormed, ch: 'h'.repeat(42) }],
		['an unknown state flag', { ...wellFormed, st: 2 }],
	])('refuses a correctly signed token with %s', (_label, claims) => {
		expect(readToken(keys, signed(claims))).toBeUndefined();
	});

	it('accepts the well-formed claims those cases start from', () => {
		expect(readToken(keys, signed(wellFormed))).toMatchObject({ tokenId: wellFormed.jti, stateful: true });
	});
});

describe('expiry', () => {
	const { claims } = issue({ expiresIn: 600 });
	const expiry = claims.expiresAt * 1000;

	it(`is accepted until ${CLOCK_SKEW_SECONDS} s after expiresAt, so clocks a few seconds apart agree`, () => {
		expect(isExpired(claims, NOW)).toBe(false);
		expect(isExpired(claims, expiry)).toBe(false);
		expect(isExpired(claims, expiry + CLOCK_SKEW_SECONDS * 1000)).toBe(false);
		expect(isExpired(claims, expiry + CLOCK_SKEW_SECONDS * 1000 + 1)).toBe(true);
	});

	it('does not care that the verifying clock is behind the generating one', () => {
		expect(isExpired(claims, NOW - 4000)).toBe(false);
	});

	it('starts at whole seconds of the generating clock', () => {
		const late = issue({ now: NOW + 999, expiresIn: 30 }).claims;
		expect(late.expiresAt).toBe(NOW / 1000 + 30);
	});
});

describe('codeMatches', () => {
	const { claims } = issue({ code: 'K7PX2M' });

	it('matches the code and nothing else', () => {
		expect(codeMatches(keys, claims, 'K7PX2M')).toBe(true);
		expect(codeMatches(keys, claims, 'K7PX2N')).toBe(false);
		expect(codeMatches(keys, claims, '')).toBe(false);
		expect(codeMatches(keys, claims, 'K7PX2M ')).toBe(false);
	});

	it('needs the secret', () => {
		expect(codeMatches(deriveKeys('z'.repeat(20) + SECRET), claims, 'K7PX2M')).toBe(false);
	});
});

describe('secret', () => {
	it.each([
		[undefined, 'the secret is empty'],
		['', 'the secret is empty'],
		['short', 'the secret has 5 characters; it needs at least 32'],
		['a'.repeat(64), 'the secret repeats a few characters; it needs at least 12 different ones'],
		['abab'.repeat(16), 'the secret repeats a few characters; it needs at least 12 different ones'],
	])('refuses %p', (secret, weakness) => {
		expect(secretWeakness(secret)).toBe(weakness);
	});

	it('accepts 32 random characters', () => {
		expect(secretWeakness('Qm8Zr1xV0pT4hL7sW2nB9cK3yD6fG5jA')).toBeUndefined();
	});

	it('derives one key per purpose, and a pseudonym for a number instead of the number', () => {
		expect(new Set([keys.signature, keys.code, keys.recipient].map((key) => key.toString('hex'))).size).toBe(3);
		const pseudonym = recipientKey(keys, '254712345678');
		expect(pseudonym).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(pseudonym).not.toContain('254712345678');
		expect(recipientKey(keys, '254712345678')).toBe(pseudonym);
		expect(recipientKey(keys, '254712345679')).not.toBe(pseudonym);
	});
});
