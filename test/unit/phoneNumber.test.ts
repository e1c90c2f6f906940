import { normalizePhoneNumber } from '../../nodes/shared/phone/phoneNumber';

function accepted(input: unknown, country?: string) {
	const result = normalizePhoneNumber(input, country);
	if (!result.valid) throw new Error(`expected ${String(input)} to be accepted: ${result.reason}`);
	return result;
}

function refusal(input: unknown, country?: string): string {
	const result = normalizePhoneNumber(input, country);
	if (result.valid) throw new Error(`expected ${String(input)} to be refused, got ${result.e164}`);
	return result.reason;
}

describe('normalizePhoneNumber', () => {
	it.each([
		['+254701234567', '254701234567'],
		['254701234567', '254701234567'],
		['00254701234567', '254701234567'],
		['+254 701 234 567', '254701234567'],
		['+254-701-234-567', '254701234567'],
		['+254 (701) 234.567', '254701234567'],
		['38761444555', '38761444555'],
		['+38161444555', '38161444555'],
		['+447911123456', '447911123456'],
		['0044 7911 123456', '447911123456'],
		['+1 (774) 319-9144', '17743199144'],
	])('accepts the international number %s as %s', (input, digits) => {
		const result = accepted(input);
		expect(result.digits).toBe(digits);
		expect(result.e164).toBe(`+${digits}`);
	});

	it('reads a national number with the default country', () => {
		const result = accepted('0701234567', 'KE');
		expect(result).toMatchObject({ digits: '254701234567', e164: '+254701234567', country: 'KE', type: 'MOBILE' });
	});

	it('accepts a lower-case default country and leaves international numbers alone', () => {
		expect(accepted('0701 234 567', 'ke').digits).toBe('254701234567');
		expect(accepted('+447911123456', 'KE').digits).toBe('447911123456');
		expect(accepted('00447911123456', 'KE').digits).toBe('447911123456');
	});

	it('accepts a number given as a JSON number', () => {
		expect(accepted(254701234567).digits).toBe('254701234567');
	});

	it('refuses a national number without a default country, saying how to fix it', () => {
		expect(refusal('0701234567')).toMatch(/not a valid phone number|not an international phone number/);
	});

	it.each(['', '   ', null, undefined])('refuses the empty value %p', (input) => {
		expect(refusal(input)).toBe('is empty');
	});

	it.each(['+1-800-FLOWERS', '07012345ab', 'call me', '+254 701 234 567 ext. 2'])(
		'refuses %s because it contains letters',
		(input) => {
			expect(refusal(input)).toMatch(/contains characters that are not part of a phone number/);
		},
	);

	it('quotes the value it refuses', () => {
		expect(refusal('+25470123')).toContain('"+25470123"');
	});

	it.each([
		['+2547012', 'too short'],
		['+2547012345678901', 'too long'],
		['+999123456789', 'unknown country code'],
	])('refuses %s (%s)', (input) => {
		expect(refusal(input)).toMatch(/is not (a valid phone number|a phone number|an international)/);
	});

	it('refuses landlines and toll-free numbers, which cannot receive SMS', () => {
		expect(refusal('+4930123456')).toMatch(/landline/);
		expect(refusal('+1 800 555 0100')).toMatch(/toll-free/);
	});

	it('refuses an unknown default country', () => {
		expect(refusal('0701234567', 'XX')).toMatch(/unknown default country "XX"/);
	});

	it.each([
		[{}, 'an object'],
		[['+254701234567'], 'a list of 1 values'],
		[true, 'true/false (true)'],
		[2.5, 'a number ("2.5")'],
	])('refuses %p from an expression, naming what it got', (input, what) => {
		expect(refusal(input)).toBe(`must be a phone number as text, got ${what}`);
	});

	it('accepts a number from an expression as its digits', () => {
		expect(normalizePhoneNumber(254701234567).valid).toBe(true);
	});

	it('repeats only a prefix of a very long value', () => {
		expect(refusal('7'.repeat(10_000))).toMatch(/^"7{40}…" \(10000 characters\)/);
	});

	it('gives the national form the gateway examples use', () => {
		const result = normalizePhoneNumber('+254 701 234 567');
		expect(result.valid && result.national).toBe('0701234567');
	});
});
