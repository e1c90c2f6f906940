import { randomBytes } from 'node:crypto';
import { ALPHABETS, generateCode, normalizeTypedCode } from '../../nodes/Otp/crypto/code';

/** Pearson's chi-square statistic of symbol counts against a uniform distribution. */
function chiSquare(counts: number[]): number {
	const total = counts.reduce((sum, count) => sum + count, 0);
	const expected = total / counts.length;
	return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

function symbolCounts(alphabet: string, codes: string[]): number[] {
	const counts = new Array<number>(alphabet.length).fill(0);
	for (const code of codes) for (const symbol of code) counts[alphabet.indexOf(symbol)]++;
	return counts;
}

// Upper chi-square quantiles at p = 1e-6 (9 and 30 degrees of freedom): a fair generator
// exceeds them once in a million runs, so the test does not flake.
const CRITICAL = { digits: 46, alphanumeric: 83 };

describe('generateCode', () => {
	it.each([4, 6, 10])('makes %i-character codes from the chosen alphabet', (length) => {
		for (let draw = 0; draw < 200; draw++) {
			expect(generateCode(length, 'digits')).toMatch(new RegExp(`^[0-9]{${length}}$`));
			expect(generateCode(length, 'alphanumeric')).toMatch(new RegExp(`^[${ALPHABETS.alphanumeric}]{${length}}$`));
		}
	});

	it('leaves out the characters people confuse', () => {
		expect(ALPHABETS.alphanumeric).toHaveLength(31);
		for (const lookAlike of ['0', 'O', '1', 'I', 'L']) expect(ALPHABETS.alphanumeric).not.toContain(lookAlike);
	});

	it.each([
		['digits', 40_000],
		['alphanumeric', 10_000],
	] as const)('draws every %s symbol equally often (chi-square over %i ten-character codes)', (alphabet, draws) => {
		const codes = Array.from({ length: draws }, () => generateCode(10, alphabet));
		const counts = symbolCounts(ALPHABETS[alphabet], codes);
		expect(counts.every((count) => count > 0)).toBe(true);
		expect(chiSquare(counts)).toBeLessThan(CRITICAL[alphabet]);
	});

	it.each([
		['digits', 40_000],
		['alphanumeric', 10_000],
	] as const)('the same check catches the modulo bias of "random byte %% %s length"', (alphabet, draws) => {
		const symbols = ALPHABETS[alphabet];
		const biased = Array.from({ length: draws }, () =>
			Array.from(randomBytes(10), (byte) => symbols[byte % symbols.length]).join(''),
		);
		expect(chiSquare(symbolCounts(symbols, biased))).toBeGreaterThan(CRITICAL[alphabet]);
	});

	it('does not repeat codes more than chance allows', () => {
		const codes = new Set(Array.from({ length: 1000 }, () => generateCode(10, 'alphanumeric')));
		expect(codes.size).toBe(1000);
	});
});

describe('normalizeTypedCode', () => {
	it.each([
		['123456', '123456'],
		[' 123 456 ', '123456'],
		['123-456', '123456'],
		['123–456', '123456'],
		['abc-def', 'ABCDEF'],
		['aBc dEf', 'ABCDEF'],
		['12\t34\n56', '123456'],
		['', ''],
	])('reads %p as %p', (typed, expected) => {
		expect(normalizeTypedCode(typed)).toBe(expected);
	});

	it('takes a whole number from an expression as its digits', () => {
		expect(normalizeTypedCode(482910)).toBe('482910');
	});

	it.each([[null], [undefined], [{ $gt: '' }], [['123456']], [true], [-1], [1.5], ['9'.repeat(65)]])(
		'refuses %p as a code',
		(value) => {
			expect(normalizeTypedCode(value)).toBeUndefined();
		},
	);
});
