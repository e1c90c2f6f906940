import { sealCode, unsealCode } from '../../nodes/Otp/crypto/seal';
import { deriveKeys } from '../../nodes/Otp/crypto/secret';
import type { IssuedOtp } from '../../nodes/Otp/logic/issue';
import { issueOtp } from '../../nodes/Otp/logic/issue';
import type { RecoverRequest } from '../../nodes/Otp/logic/recover';
import { recoverCode } from '../../nodes/Otp/logic/recover';
import { verifyCode } from '../../nodes/Otp/logic/verify';
import { changeCharacterAt } from '../harness/changeCharacter';
import { MemoryStore } from './otpMemoryStore';

const keys = deriveKeys('recover-test-secret-0123456789-abcdefghijklmnop');
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('sealed codes', () => {
	it('open with the same secret and token id, and only then', () => {
		const sealed = sealCode(keys, 'token-a', 'K7PX2M');
		expect(sealed).toMatch(/^seal1\.[A-Za-z0-9_-]+$/);
		expect(sealed).not.toContain('K7PX2M');
		expect(unsealCode(keys, 'token-a', sealed)).toBe('K7PX2M');
		expect(unsealCode(keys, 'token-b', sealed)).toBeUndefined();
		expect(unsealCode(deriveKeys(`other-${'x'.repeat(40)}`), 'token-a', sealed)).toBeUndefined();
	});

	it('are different every time (random IV), and refuse any changed character', () => {
		const sealed = sealCode(keys, 'token-a', '482910');
		expect(sealCode(keys, 'token-a', '482910')).not.toBe(sealed);
		const body = sealed.slice('seal1.'.length);
		for (let position = 0; position < body.length - 1; position++) {
			const altered = `seal1.${changeCharacterAt(body, position)}`;
			expect(unsealCode(keys, 'token-a', altered)).toBeUndefined();
		}
	});

	it.each([[undefined], [''], ['seal1.'], ['seal1.AAAA'], ['seal2.abc'], [42], ['seal1.' + 'A'.repeat(400)]])(
		'refuse %p',
		(value) => {
			expect(unsealCode(keys, 'token-a', value)).toBeUndefined();
		},
	);
});

describe('recoverCode', () => {
	async function generate(store?: MemoryStore): Promise<IssuedOtp & { sealedCode: string }> {
		const issued = await issueOtp(
			keys,
			{ to: '254712345678', length: 6, alphabet: 'digits', expiresIn: 600, minInterval: 0, now: NOW },
			store,
		);
		if (!('code' in issued)) throw new Error('refused');
		return { ...issued, sealedCode: sealCode(keys, issued.claims.tokenId, issued.code) };
	}
	const recover = (otp: { token: string; sealedCode: string }, store?: MemoryStore, overrides: Partial<RecoverRequest> = {}) =>
		recoverCode(keys, { token: otp.token, sealedCode: otp.sealedCode, maxAttempts: 5, now: NOW + 1000, ...overrides }, store);

	it('opens the code while it can still be approved, without counting an attempt', async () => {
		const store = new MemoryStore();
		const otp = await generate(store);
		expect(await recover(otp, store)).toMatchObject({ recovered: true, reason: 'recovered', code: otp.code });
		expect(store.rows[0].attempts).toBe(0);
	});

	it('refuses once the code was approved or locked, or has expired', async () => {
		const store = new MemoryStore();
		const used = await generate(store);
		await verifyCode(keys, { token: used.token, code: used.code, maxAttempts: 5, now: NOW }, store);
		expect(await recover(used, store)).toMatchObject({ recovered: false, reason: 'already_used' });
		expect(await recover(used, store)).not.toHaveProperty('code');

		const locked = await generate(store);
		for (let attempt = 0; attempt < 5; attempt++) {
			await verifyCode(keys, { token: locked.token, code: 'wrong', maxAttempts: 5, now: NOW }, store);
		}
		expect(await recover(locked, store)).toMatchObject({ recovered: false, reason: 'max_attempts' });

		const late = await generate(store);
		expect(await recover(late, store, { now: NOW + 606_000 })).toMatchObject({ recovered: false, reason: 'expired' });
	});

	it("refuses a sealed code of another token, and another token's seal", async () => {
		const store = new MemoryStore();
		const first = await generate(store);
		const second = await generate(store);
		expect(await recover({ token: first.token, sealedCode: second.sealedCode }, store)).toMatchObject({
			reason: 'malformed_sealed_code',
		});
		expect(await recover({ token: 'nonsense', sealedCode: first.sealedCode }, store)).toEqual({
			recovered: false,
			reason: 'malformed_token',
		});
	});

	it('without a store: opens a stateless code, and will not drop the checks of a registered one', async () => {
		const stateless = await generate();
		expect(await recover(stateless)).toMatchObject({ recovered: true, code: stateless.code });
		expect(await recover(await generate(new MemoryStore()))).toEqual({ storeMissing: true });
		expect(await recover(stateless, new MemoryStore())).toMatchObject({ recovered: false, reason: 'unknown_token' });
	});
});
