/**
 * The bad-input corpus of the OTP node. Generate refuses bad fields with an error item that
 * names the field; Verify turns every bad token or code into a result (`valid: false` and a
 * reason), never an error. Three items each, the middle one bad; one output item per input
 * item with pairedItem, and neither the secret nor a code in any error.
 */
import type { IDataObject } from 'n8n-workflow';
import { changeCharacterAt } from '../harness/changeCharacter';
import { runNode } from '../harness/workflowRunner';

const SECRET = 'corpus-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const OTHER_SECRET = 'another-secret-9876543210-zyxwvutsrqponmlkjihgfedcba';
const NODE = { type: 'n8n-nodes-sms-otp.otp', credentials: { otpSecretApi: { id: '1', name: 'OTP Secret' } } };
const GOOD_TO = ['+447911123456', '+447911123457', '+447911123458'];

async function generate(inputs: IDataObject[], parameters: IDataObject = {}, secret = SECRET) {
	return await runNode(
		{
			...NODE,
			parameters: { operation: 'generate', to: '={{ $json.to }}', tracking: 'none', ...parameters },
			continueOnFail: true,
		},
		inputs,
		{ otpSecretApi: { secret } },
	);
}

async function verify(inputs: IDataObject[], parameters: IDataObject = {}) {
	return await runNode(
		{
			...NODE,
			parameters: { operation: 'verify', token: '={{ $json.token }}', code: '={{ $json.code }}', tracking: 'none', ...parameters },
			continueOnFail: true,
		},
		inputs,
		{ otpSecretApi: { secret: SECRET } },
	);
}

const GENERATE_CASES: Array<[string, IDataObject, IDataObject, RegExp]> = [
	['To empty', { to: '' }, {}, /"To" is empty in item 1/],
	['To letters', { to: 'call me' }, {}, /Invalid "To" in item 1: "call me" contains characters/],
	['To a landline', { to: '+4930123456' }, {}, /is a landline number/],
	['To an object', { to: { n: 1 } }, {}, /Invalid "To" in item 1: must be a phone number as text, got an object/],
	['To 10,000 digits', { to: '9'.repeat(10_000) }, {}, /\(10000 characters\)/],
	['Code Length 3', {}, { length: '={{ $json.to === "+447911123457" ? 3 : 6 }}' }, /Invalid "Code Length" in item 1: must be a whole number from 4 to 10/],
	['Code Length 11', {}, { length: '={{ $json.to === "+447911123457" ? 11 : 6 }}' }, /"Code Length".*4 to 10/],
	['Code Length "six"', {}, { length: '={{ $json.to === "+447911123457" ? "six" : 6 }}' }, /"Code Length".*got the text "six"/],
	['Expires In 29 s', {}, { expiresIn: '={{ $json.to === "+447911123457" ? 29 : 600 }}' }, /"Expires In".*30 to 86400/],
	['Expires In a day and a second', {}, { expiresIn: '={{ $json.to === "+447911123457" ? 86401 : 600 }}' }, /"Expires In".*30 to 86400/],
	['Alphabet "emoji"', {}, { alphabet: '={{ $json.to === "+447911123457" ? "emoji" : "digits" }}' }, /Invalid "Alphabet" in item 1: must be one of/],
];

describe('Generate refuses bad fields with an error that names them', () => {
	it.each(GENERATE_CASES)('%s', async (_name, bad, parameters, error) => {
		const inputs = GOOD_TO.map((to, index) => ({ to, ...(index === 1 ? bad : {}) }));
		const { items, error: stopped } = await generate(inputs, parameters);
		expect(stopped).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items![1].json.error).toMatch(error);
		expect(items![0].json.code).toMatch(/^\d{6}$/);
		expect(items![2].json.token).toMatch(/^otp1\./);
		expect(JSON.stringify(items![1].json)).not.toContain(SECRET);
	});

	it('refuses a weak secret for every item, without showing it', async () => {
		const { items } = await generate(GOOD_TO.map((to) => ({ to })), {}, 'short');
		expect(items).toHaveLength(3);
		for (const item of items!) {
			expect(item.json.error).toMatch(/secret/i);
			expect(JSON.stringify(item.json)).not.toContain('"short"');
		}
	});
});

describe('Verify answers every bad token or code with a result, never an error', () => {
	let tokens: Array<{ token: string; code: string; to: string }>;
	let foreign: { token: string; code: string };

	beforeAll(async () => {
		const made = await generate(GOOD_TO.map((to) => ({ to })));
		tokens = made.items!.map((item) => item.json as unknown as { token: string; code: string; to: string });
		const other = await generate([{ to: GOOD_TO[0] }], {}, OTHER_SECRET);
		foreign = other.items![0].json as unknown as { token: string; code: string };
	});

	const VERIFY_CASES: Array<[string, (good: { token: string; code: string }) => IDataObject, string, IDataObject?]> = [
		['an empty token', (good) => ({ token: '', code: good.code }), 'malformed_token'],
		['a token of garbage', (good) => ({ token: 'hello', code: good.code }), 'malformed_token'],
		['a token cut short', (good) => ({ token: good.token.slice(0, -5), code: good.code }), 'malformed_token'],
		['a token with one character changed in its claims', (good) => ({ token: changeCharacterAt(good.token, 8), code: good.code }), 'malformed_token'],
		['a token with one character changed in its signature', (good) => ({ token: changeCharacterAt(good.token, -3), code: good.code }), 'malformed_token'],
		['a token signed with another secret', () => ({ token: foreign.token, code: foreign.code }), 'malformed_token'],
		['a token as an object', (good) => ({ token: { token: good.token }, code: good.code }), 'malformed_token'],
		['a token of 10,000 characters', (good) => ({ token: 'x'.repeat(10_000), code: good.code }), 'malformed_token'],
		['an empty code', (good) => ({ token: good.token, code: '' }), 'wrong_code'],
		['a code as an object', (good) => ({ token: good.token, code: { code: good.code } }), 'wrong_code'],
		['a code of 10,000 digits', (good) => ({ token: good.token, code: '1'.repeat(10_000) }), 'wrong_code'],
		['the code with letters added', (good) => ({ token: good.token, code: `${good.code}a` }), 'wrong_code'],
		['the code of another token', (good) => ({ token: good.token, code: good.code === '000000' ? '111111' : '000000' }), 'wrong_code'],
		['a token for another recipient', (good) => ({ token: good.token, code: good.code, recipient: '+447911999999' }), 'wrong_recipient', { options: { to: '={{ $json.recipient ?? "" }}' } }],
	];

	it.each(VERIFY_CASES)('%s', async (_name, make, reason, parameters = {}) => {
		const inputs = tokens.map((good, index) => (index === 1 ? make(good) : { token: good.token, code: good.code }));
		const { items, error } = await verify(inputs, parameters);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items![1].json).toMatchObject({ valid: false, reason });
		expect(items![0].json).toMatchObject({ valid: true, reason: 'approved' });
		expect(items![2].json).toMatchObject({ valid: true, reason: 'approved' });
		const text = JSON.stringify(items);
		expect(text).not.toContain(SECRET);
		// A result never repeats the code it checked against.
		expect(JSON.stringify(items![1].json)).not.toContain(`"${tokens[1].code}"`);
	});
});
