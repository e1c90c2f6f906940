/** OTP → Verify run by n8n-core's WorkflowExecute, after a real Generate, against a stand-in of n8n's API. */
import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';
import { changeCharacterAt } from '../../harness/changeCharacter';
import { nodeType } from '../../harness/workflowRunner';
import { useFakeN8nApi } from '../support/fakeN8nApi';
import { createOtpTable, credentials, generateParameters, outputOf, runOtp, SECRET, verifyParameters } from './support/otpNode';

const api = useFakeN8nApi();
const TO = '254712345678';

async function generate(overrides: IDataObject = {}): Promise<IDataObject> {
	const [item] = outputOf(await runOtp(api, generateParameters(overrides), [{ to: `+${TO}` }]));
	return item;
}

async function verify(items: IDataObject[], overrides: IDataObject = {}): Promise<IDataObject[]> {
	return outputOf(await runOtp(api, verifyParameters(overrides), items));
}

const wrong = (code: unknown) => (code === '000000' ? '111111' : '000000');

it('approves the right code once; a second use is already_used', async () => {
	createOtpTable(api);
	const { token, code } = await generate();
	const [approved] = await verify([{ token, code }]);
	expect(approved).toEqual({
		valid: true,
		reason: 'approved',
		to: TO,
		attempts: 1,
		maxAttempts: 5,
		expiresAt: expect.any(String),
		tracking: 'dataTable',
	});
	expect((await verify([{ token, code }]))[0]).toMatchObject({ valid: false, reason: 'already_used', attempts: 1 });
});

it('counts five wrong codes, then answers max_attempts even to the right code (items of one execution)', async () => {
	createOtpTable(api);
	const { token, code } = await generate();
	const items = [...Array.from({ length: 6 }, () => ({ token, code: wrong(code) })), { token, code }];
	const reasons = (await verify(items)).map((item) => `${item.reason}:${item.attempts}`);
	expect(reasons).toEqual([
		'wrong_code:1',
		'wrong_code:2',
		'wrong_code:3',
		'wrong_code:4',
		'wrong_code:5',
		'max_attempts:5',
		'max_attempts:5',
	]);
});

it('never counts more than Max Attempts when 8 executions try wrong codes at the same time', async () => {
	const table = createOtpTable(api);
	const { token, code } = await generate();
	api.delayMs = 20; // every answer waits, so the executions' reads and updates overlap
	const runs = await Promise.all(Array.from({ length: 8 }, () => verify([{ token, code: wrong(code) }])));
	const reasons = runs.map(([item]) => item.reason).sort();
	expect(reasons).toEqual([...Array(3).fill('max_attempts'), ...Array(5).fill('wrong_code')]);
	expect(table.rows[0].attempts).toBe(5);
	// Every counted attempt went through the compare-and-set filter.
	const updates = api.requests.filter((request) => request.method === 'PATCH');
	expect(updates.length).toBeGreaterThan(5);
	expect((updates[0].body as IDataObject).filter).toEqual({
		type: 'and',
		filters: [
			{ columnName: 'codeId', condition: 'eq', value: expect.any(String) },
			{ columnName: 'attempts', condition: 'eq', value: expect.any(Number) },
			{ columnName: 'used', condition: 'eq', value: false },
		],
	});
});

it('approves exactly one of 4 executions sending the right code at the same time', async () => {
	createOtpTable(api);
	const { token, code } = await generate();
	api.delayMs = 20;
	const runs = await Promise.all(Array.from({ length: 4 }, () => verify([{ token, code }])));
	expect(runs.map(([item]) => item.reason).sort()).toEqual(['already_used', 'already_used', 'already_used', 'approved']);
});

it('answers every refusal as a result to branch on, never as an error', async () => {
	createOtpTable(api);
	const { token, code } = await generate();
	const other = await generate({ minInterval: 0 });
	const results = await verify(
		[
			{ token: changeCharacterAt(token as string, -1), code },
			{ token: 'not a token', code },
			{ token: { nested: true }, code },
			{ token: '', code: '' },
			{ token: other.token, code: { $ne: null } },
			{ token, code: `${(code as string).slice(0, 3)} - ${(code as string).slice(3)}` },
		],
		{ options: { to: '={{ $json.to }}' } },
	);
	expect(results.map((item) => item.reason)).toEqual([
		'malformed_token',
		'malformed_token',
		'malformed_token',
		'malformed_token',
		'wrong_code',
		'approved',
	]);
	expect(results[0]).toMatchObject({ valid: false, to: null, attempts: null, expiresAt: null });
});

it('answers wrong_recipient when the expected number differs or is no number, without counting', async () => {
	const table = createOtpTable(api);
	const { token, code } = await generate();
	const results = await verify(
		[
			{ token, code, to: '+254798765432' },
			{ token, code, to: 'nobody' },
			{ token, code, to: '0712 345 678' },
		],
		{ options: { to: '={{ $json.to }}', defaultCountry: 'KE' } },
	);
	expect(results.map((item) => item.reason)).toEqual(['wrong_recipient', 'wrong_recipient', 'approved']);
	expect(table.rows[0].attempts).toBe(1);
});

it('refuses an expired token', async () => {
	const table = createOtpTable(api);
	const { token, code } = await generate({ expiresIn: 30 });
	table.rows[0].expiresAt = 0; // the row is not what decides: the signed expiry is
	const realNow = Date.now;
	Date.now = () => realNow() + 36_000;
	try {
		expect((await verify([{ token, code }]))[0]).toMatchObject({ valid: false, reason: 'expired' });
	} finally {
		Date.now = realNow;
	}
	expect(table.rows[0].attempts).toBe(0);
});

describe('without a data table', () => {
	const stateless = { tracking: 'none', dataTable: undefined };
	const secretOnly = { credentials: { otpSecretApi: { secret: SECRET } } as never };

	it('checks signature and expiry only, and says so in every item', async () => {
		const [{ token, code }] = outputOf(await runOtp(api, generateParameters(stateless), [{ to: `+${TO}` }], secretOnly));
		const results = outputOf(await runOtp(api, verifyParameters(stateless), [{ token, code }, { token, code }], secretOnly));
		expect(results.map((item) => item.reason)).toEqual(['approved', 'approved']);
		expect(results[0]).toMatchObject({ tracking: 'none', attempts: null, warning: expect.stringMatching(/^Stateless/) });
		expect(results[0]).not.toHaveProperty('maxAttempts');
	});

	it('stops on a token made with a data table, instead of dropping its limits', async () => {
		createOtpTable(api);
		const { token, code } = await generate();
		const { error } = await runOtp(api, verifyParameters(stateless), [{ token, code }], secretOnly);
		expect(error?.message).toBe('This token was generated with a data table, but Attempt Tracking is "None" here');
	});

	it('with a data table, refuses a token made without one as unknown_token', async () => {
		createOtpTable(api);
		const [{ token, code }] = outputOf(await runOtp(api, generateParameters(stateless), [{ to: `+${TO}` }], secretOnly));
		expect((await verify([{ token, code }]))[0]).toMatchObject({ valid: false, reason: 'unknown_token' });
	});
});

it('refuses codes made with another secret (a rotated secret invalidates outstanding codes)', async () => {
	createOtpTable(api);
	const { token, code } = await generate();
	const rotated = credentials(api, { secret: `rotated-${SECRET}` });
	const [item] = outputOf(await runOtp(api, verifyParameters(), [{ token, code }], { credentials: rotated }));
	expect(item.reason).toBe('malformed_token');
});

describe("the OTP Secret credential's test", () => {
	const test = (secret: string) =>
		nodeType('otp').methods!.credentialTest!.otpSecretApiTest.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'OTP Secret',
			type: 'otpSecretApi',
			data: { secret },
		});

	it('accepts a strong secret and refuses a weak one with a hint', async () => {
		expect(await test(SECRET)).toEqual({ status: 'OK', message: 'The secret is long and varied enough to sign codes' });
		expect(await test('hunter2')).toEqual({
			status: 'Error',
			message:
				'Too weak: the secret has 7 characters; it needs at least 32. Generate one with "openssl rand -base64 32" (or any password manager: 32 or more random characters).',
		});
	});
});
