import { describeValue, quote } from '../../nodes/shared/params/values';
import { alphanumericSenderProblem, senderIdProblem } from '../../nodes/shared/sms/senderId';

describe('quote', () => {
	it('quotes a short value whole', () => {
		expect(quote('+254701234567')).toBe('"+254701234567"');
		expect(quote(42)).toBe('"42"');
	});

	it('repeats only a prefix and the length of a long value', () => {
		const quoted = quote('7'.repeat(10_000));
		expect(quoted).toBe(`"${'7'.repeat(40)}…" (10000 characters)`);
	});

	it('counts characters as people do (an emoji is one)', () => {
		expect(quote('😀'.repeat(41))).toMatch(/\(41 characters\)$/);
	});
});

describe('describeValue', () => {
	it.each([
		[null, 'nothing (null)'],
		[undefined, 'nothing (null)'],
		['', 'an empty text'],
		['soon', 'the text "soon"'],
		[254, 'a number ("254")'],
		[true, 'true/false (true)'],
		[[1, 2], 'a list of 2 values'],
		[{ a: 1 }, 'an object'],
	])('describes %p', (value, expected) => {
		expect(describeValue(value)).toBe(expected);
	});
});

describe('senderIdProblem', () => {
	it.each(['Sender', 'MyBrand', 'ACME Bank', '12345', '+38761444555', '123456789012345'])('accepts %s', (sender) => {
		expect(senderIdProblem(sender)).toBeUndefined();
	});

	it.each([
		['ThisIsTooLong', /13 characters; a sender name has at most 11/],
		['1234567890123456', /16 digits; a numeric sender has at most 15/],
		['Brand😀', /may only contain Latin letters/],
		['S'.repeat(10_000), /^"S{40}…" \(10000 characters\) has 10000 characters/],
	])('refuses %s', (sender, reason) => {
		expect(senderIdProblem(sender)).toMatch(reason);
	});

	it('applies the name rules to a sender mask', () => {
		expect(alphanumericSenderProblem('Dunder Miff')).toBeUndefined();
		expect(alphanumericSenderProblem('Dunder Mifflin')).toMatch(/14 characters/);
	});
});
