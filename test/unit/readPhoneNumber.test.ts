import type { IExecuteFunctions } from 'n8n-workflow';
import { readPhoneNumber, readPhoneNumberList } from '../../nodes/shared/params/readers';
import type { NormalizedPhoneNumber } from '../../nodes/shared/phone/phoneNumber';

// The national form costs a formatting pass and only the SMS Gateway reads it, so the readers
// must hand the number on with `national` still a getter. Seen failing with the readers
// copying the number without its `valid` flag (`const { valid, ...normalized } = checked`),
// which calls the getter and stores a plain value.

function contextWith(value: unknown): IExecuteFunctions {
	return {
		getNodeParameter: () => value,
		getNode: () => ({ name: 'Send SMS' }),
	} as unknown as IExecuteFunctions;
}

const field = { name: 'to', label: 'To' };

function expectNationalNotYetFormatted(number: NormalizedPhoneNumber): void {
	expect(typeof Object.getOwnPropertyDescriptor(number, 'national')?.get).toBe('function');
	expect(number.national).toBe('0701234567');
}

describe('phone number readers', () => {
	it('readPhoneNumber leaves the national form unformatted until it is read', () => {
		const number = readPhoneNumber(contextWith('+254 701 234 567'), 0, field, '');
		expect(number.e164).toBe('+254701234567');
		expectNationalNotYetFormatted(number);
	});

	it('readPhoneNumberList leaves every national form unformatted until it is read', () => {
		const numbers = readPhoneNumberList(contextWith('+254701234567, 0701234567'), 0, field, 'KE');
		expect(numbers.map((number) => number.digits)).toEqual(['254701234567', '254701234567']);
		numbers.forEach(expectNationalNotYetFormatted);
	});
});
