import { deriveKeys } from '../../nodes/Otp/crypto/secret';
import { changeCharacterAt } from '../harness/changeCharacter';
import { CLOCK_SKEW_SECONDS } from '../../nodes/Otp/crypto/token';
import type { IssuedOtp, IssueRequest } from '../../nodes/Otp/logic/issue';
import { issueOtp } from '../../nodes/Otp/logic/issue';
import type { VerifyRequest } from '../../nodes/Otp/logic/verify';
import { verifyCode } from '../../nodes/Otp/logic/verify';
import { MemoryStore } from './otpMemoryStore';

const keys = deriveKeys('verify-test-secret-0123456789-abcdefghijklmnop');
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const TO = '254712345678';

async function generate(store?: MemoryStore, overrides: Partial<IssueRequest> = {}): Promise<IssuedOtp> {
	const issued = await issueOtp(
		keys,
		{ to: TO, length: 6, alphabet: 'digits', expiresIn: 600, minInterval: 0, now: NOW, ...overrides },
		store,
	);
	if (!('code' in issued)) throw new Error('refused');
	return issued;
}

function check(issued: IssuedOtp, code: unknown, store?: MemoryStore, overrides: Partial<VerifyRequest> = {}) {
	return verifyCode(keys, { token: issued.token, code, maxAttempts: 5, now: NOW + 1000, ...overrides }, store);
}

const wrongCodeFor = (code: string) => (code === '000000' ? '111111' : '000000');

describe('verify with a store', () => {
	it('approves the right code once, then says already_used', async () => {
		const store = new MemoryStore();
		const otp = await generate(store);
		expect(await check(otp, otp.code, store)).toMatchObject({ valid: true, reason: 'approved', attempts: 1 });
		expect(await check(otp, otp.code, store)).toMatchObject({ valid: false, reason: 'already_used', attempts: 1 });
	});

	it('counts five wrong codes, then refuses every attempt with max_attempts, the right code too', async () => {
		const store = new MemoryStore();
		const otp = await generate(store);
		for (let attempt = 1; attempt <= 5; attempt++) {
			expect(await check(otp, wrongCodeFor(otp.code), store)).toMatchObject({ valid: false, reason: 'wrong_code', attempts: attempt });
		}
		expect(await check(otp, wrongCodeFor(otp.code), store)).toMatchObject({ reason: 'max_attempts', attempts: 5 });
		expect(await check(otp, otp.code, store)).toMatchObject({ valid: false, reason: 'max_attempts', attempts: 5 });
	});

	it('lets 12 parallel wrong attempts count exactly 5 and refuses the other 7', async () => {
		const store = new MemoryStore();
		const otp = await generate(store);
		const verdicts = await Promise.all(Array.from({ length: 12 }, () => check(otp, wrongCodeFor(otp.code), store)));
		const reasons = verdicts.map((verdict) => ('reason' in verdict ? verdict.reason : 'storeMissing'));
		expect(reasons.filter((reason) => reason === 'wrong_code')).toHaveLength(5);
		expect(reasons.filter((reason) => reason === 'max_attempts')).toHaveLength(7);
		expect(store.rows[0].attempts).toBe(5);
		// The attempts really raced: most compare-and-sets lost and were read again.
		expect(store.casFailures).toBeGreaterThan(0);
	});

	it('approves exactly one of 6 parallel right codes', async () => {
		const store = new MemoryStore();
		const otp = await generate(store);
		const verdicts = await Promise.all(Array.from({ length: 6 }, () => check(otp, otp.code, store)));
		const reasons = verdicts.map((verdict) => ('reason' in verdict ? verdict.reason : ''));
		expect(reasons.filter((reason) => reason === 'approved')).toHaveLength(1);
		expect(reasons.filter((reason) => reason === 'already_used')).toHaveLength(5);
	});

	it('takes the code as typed: spaces, dashes, lower case', async () => {
		const store = new MemoryStore();
		const otp = await generate(store, { alphabet: 'alphanumeric', length: 6 });
		const typed = `${otp.code.slice(0, 3).toLowerCase()} - ${otp.code.slice(3)}`;
		expect(await check(otp, typed, store)).toMatchObject({ reason: 'approved' });
	});

	it('counts a code that is not text as a wrong code', async () => {
		const store = new MemoryStore();
		const otp = await generate(store);
		expect(await check(otp, { $ne: '' }, store)).toMatchObject({ reason: 'wrong_code', attempts: 1 });
	});

	it('refuses an expired token without counting an attempt', async () => {
		const store = new MemoryStore();
		const otp = await generate(store, { expiresIn: 60 });
		const late = NOW + (60 + CLOCK_SKEW_SECONDS) * 1000 + 1;
		expect(await check(otp, otp.code, store, { now: late })).toMatchObject({ valid: false, reason: 'expired' });
		expect(store.rows[0].attempts).toBe(0);
	});

	it('refuses a token for another recipient without counting an attempt', async () => {
		const store = new MemoryStore();
		const otp = await generate(store);
		expect(await check(otp, otp.code, store, { expectedTo: '254798765432' })).toMatchObject({ reason: 'wrong_recipient' });
		expect(await check(otp, otp.code, store, { expectedTo: null })).toMatchObject({ reason: 'wrong_recipient' });
		expect(store.rows[0].attempts).toBe(0);
		expect(await check(otp, otp.code, store, { expectedTo: TO })).toMatchObject({ reason: 'approved' });
	});

	it('says malformed_token before anything else', async () => {
		const store = new MemoryStore();
		const otp = await generate(store);
		const tampered = { ...otp, token: changeCharacterAt(otp.token, -1) };
		expect(await check(tampered, otp.code, store, { expectedTo: '254798765432', now: NOW * 2 })).toEqual({
			valid: false,
			reason: 'malformed_token',
		});
	});

	it('refuses a token that has no row: unknown_token', async () => {
		const store = new MemoryStore();
		const stateless = await generate();
		expect(await check(stateless, stateless.code, store)).toMatchObject({ valid: false, reason: 'unknown_token' });
		const registered = await generate(store);
		store.rows = [];
		expect(await check(registered, registered.code, store)).toMatchObject({ valid: false, reason: 'unknown_token' });
	});
});

describe('verify without a store (stateless)', () => {
	it('checks the code, the signature and the expiry only: a code can be approved again', async () => {
		const otp = await generate();
		expect(await check(otp, otp.code)).toMatchObject({ valid: true, reason: 'approved' });
		expect(await check(otp, otp.code)).toMatchObject({ valid: true, reason: 'approved' });
		expect(await check(otp, wrongCodeFor(otp.code))).toMatchObject({ valid: false, reason: 'wrong_code' });
		const verdict = await check(otp, otp.code);
		expect('attempts' in verdict ? verdict.attempts : undefined).toBeUndefined();
	});

	it('will not drop the limits of a token made with a store', async () => {
		const otp = await generate(new MemoryStore());
		expect(await check(otp, otp.code)).toEqual({ storeMissing: true });
	});
});

describe('generate with a minimum interval per recipient', () => {
	it('refuses a second code for the same number within the interval, and removes its row', async () => {
		const store = new MemoryStore();
		await generate(store, { minInterval: 60 });
		const refused = await issueOtp(
			keys,
			{ to: TO, length: 6, alphabet: 'digits', expiresIn: 600, minInterval: 60, now: NOW + 15_000 },
			store,
		);
		expect(refused).toEqual({ retryAfterSeconds: 45 });
		expect(store.rows).toHaveLength(1);
		await expect(generate(store, { minInterval: 60, now: NOW + 60_001 })).resolves.toHaveProperty('code');
		await expect(generate(store, { minInterval: 60, to: '254798765432', now: NOW + 60_002 })).resolves.toHaveProperty('code');
	});

	it('lets at most one of 5 parallel requests for the same number through', async () => {
		const store = new MemoryStore();
		const results = await Promise.all(
			Array.from({ length: 5 }, (_, n) =>
				issueOtp(keys, { to: TO, length: 6, alphabet: 'digits', expiresIn: 600, minInterval: 60, now: NOW + n }, store),
			),
		);
		expect(results.filter((result) => 'code' in result).length).toBeLessThanOrEqual(1);
		expect(store.rows.length).toBe(results.filter((result) => 'code' in result).length);
	});

	it('stores the number only as a keyed hash, and drops rows older than a day', async () => {
		const store = new MemoryStore();
		await generate(store);
		expect(JSON.stringify(store.rows)).not.toContain(TO);
		await generate(store, { now: NOW + (86_400 + 61) * 1000 });
		expect(store.rows).toHaveLength(1);
	});
});
