/** OTP → Generate run by n8n-core's WorkflowExecute, with the data table behind a stand-in of n8n's API. */
import { deriveKeys } from '../../../nodes/Otp/crypto/secret';
import { readToken } from '../../../nodes/Otp/crypto/token';
import { useFakeN8nApi } from '../support/fakeN8nApi';
import { createOtpTable, credentials, generateParameters, outputOf, runOtp, SECRET } from './support/otpNode';

const api = useFakeN8nApi();
const keys = deriveKeys(SECRET);

it('outputs a code, a token for it, the expiry and the normalized number, one item per input item', async () => {
	const table = createOtpTable(api);
	const before = Date.now();
	const result = await runOtp(api, generateParameters({ expiresIn: 300 }), [{ to: '+254 712 345 678' }, { to: '254798765432' }]);
	const [first, second] = outputOf(result);
	expect(first).toEqual({
		to: '254712345678',
		code: expect.stringMatching(/^\d{6}$/),
		token: expect.stringMatching(/^otp1\./),
		expiresAt: expect.any(String),
		expiresIn: 300,
		tracking: 'dataTable',
	});
	expect(second.to).toBe('254798765432');
	expect(result.items!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	const claims = readToken(keys, first.token)!;
	expect(claims).toMatchObject({ to: '254712345678', stateful: true });
	expect(Date.parse(first.expiresAt as string)).toBe(claims.expiresAt * 1000);
	expect(claims.expiresAt * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 300_000);

	// One row per code, without the number and without the code.
	expect(table.rows).toHaveLength(2);
	expect(table.rows[0]).toMatchObject({ codeId: claims.tokenId, attempts: 0, used: false });
	expect(JSON.stringify(table.rows)).not.toContain('254712345678');
	expect(JSON.stringify(table.rows)).not.toContain(first.code as string);
});

it('makes letters-and-digits codes of the chosen length', async () => {
	createOtpTable(api);
	const [item] = outputOf(await runOtp(api, generateParameters({ length: 10, alphabet: 'alphanumeric' }), [{ to: '+254712345678' }]));
	expect(item.code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
});

it('works without a data table, and says plainly what that means', async () => {
	const [item] = outputOf(
		await runOtp(api, { operation: 'generate', to: '+254712345678', tracking: 'none' }, [{}], {
			credentials: { otpSecretApi: { secret: SECRET } } as never,
		}),
	);
	expect(item.tracking).toBe('none');
	expect(item.warning).toMatch(/^Stateless: only the signature and the expiry are checked/);
	expect(readToken(keys, item.token)?.stateful).toBe(false);
	expect(api.requests).toHaveLength(0);
});

it('refuses a second code for the same number within Min Interval per Recipient, naming the wait', async () => {
	const table = createOtpTable(api);
	const parameters = generateParameters({ minInterval: 60, options: { defaultCountry: 'KE' } });
	outputOf(await runOtp(api, parameters, [{ to: '+254712345678' }]));
	const refused = await runOtp(api, parameters, [{ to: '0712 345 678' }, { to: '+254798765432' }], { continueOnFail: true });
	const [tooSoon, other] = outputOf(refused);
	expect(tooSoon.error).toMatch(
		/^A code was already generated for \+254712345678 less than 60 seconds ago; try again in (59|60) s$/,
	);
	expect(other.code).toMatch(/^\d{6}$/);
	expect(table.rows).toHaveLength(2);
});

it.each([
	[{ length: 3 }, 'Invalid "Code Length" in item 0: must be a whole number from 4 to 10 characters, got a number ("3")'],
	[{ expiresIn: 86_401 }, 'Invalid "Expires In" in item 0: must be a whole number from 30 to 86400 seconds, got a number ("86401")'],
	[{ alphabet: 'emoji' }, 'Invalid "Alphabet" in item 0: must be one of "digits", "alphanumeric", got the text "emoji"'],
	[{ to: '12ab' }, 'Invalid "To" in item 0: "12ab" contains characters that are not part of a phone number'],
])('checks %p before anything is stored', async (overrides, message) => {
	const table = createOtpTable(api);
	const { error } = await runOtp(api, generateParameters(overrides), [{ to: '+254712345678' }]);
	expect(error?.message).toContain(message);
	expect(table.rows).toHaveLength(0);
});

it('refuses a weak secret, with a hint how to make one', async () => {
	createOtpTable(api);
	const { error } = await runOtp(api, generateParameters(), [{ to: '+254712345678' }], {
		credentials: credentials(api, { secret: 'password123' }),
	});
	expect(error?.message).toBe('The OTP Secret credential is too weak: the secret has 11 characters; it needs at least 32');
	expect(error?.description).toContain('openssl rand -base64 32');
});

describe('the data table', () => {
	it('is found by name, by ID and from the list; a missing name is named', async () => {
		const table = createOtpTable(api, 'OTP codes');
		for (const dataTable of [
			{ __rl: true, mode: 'name', value: 'otp CODES' },
			{ __rl: true, mode: 'id', value: table.id },
			{ __rl: true, mode: 'list', value: table.id, cachedResultName: 'OTP codes' },
		]) {
			outputOf(await runOtp(api, generateParameters({ dataTable }), [{ to: '+254712345678' }]));
		}
		expect(table.rows).toHaveLength(3);
		const { error } = await runOtp(api, generateParameters({ dataTable: { __rl: true, mode: 'name', value: 'OTP' } }), [
			{ to: '+254712345678' },
		]);
		expect(error?.message).toBe('No data table named "OTP" is visible to the Data Table API credential\'s API key');
	});

	it('names the columns a table lacks', async () => {
		api.createTable('otp-verification', [{ name: 'codeId', type: 'string' }, { name: 'attempts', type: 'string' }]);
		const { error } = await runOtp(api, generateParameters(), [{ to: '+254712345678' }]);
		expect(error?.message).toBe(
			'Data table "otp-verification" lacks the columns the OTP node needs: recipient (string), attempts (number), used (boolean), issuedAt (number), expiresAt (number)',
		);
	});

	it('reports a refused API key as such, without the key', async () => {
		createOtpTable(api);
		const { error } = await runOtp(api, generateParameters(), [{ to: '+254712345678' }], {
			credentials: credentials(api, { apiKey: 'wrong-key' }),
		});
		expect(error?.message).toBe("Could not list the data tables: n8n's API refused the API key (HTTP 401: unauthorized)");
		expect(JSON.stringify(error)).not.toContain('wrong-key');
	});

	it('reports an API URL where nothing answers', async () => {
		const { error } = await runOtp(api, generateParameters(), [{ to: '+254712345678' }], {
			credentials: credentials(api, { apiUrl: 'http://127.0.0.1:9/api/v1' }),
		});
		expect(error?.message).toBe("Could not reach n8n's API at http://127.0.0.1:9/api/v1");
	});

	it('sends the API key as the X-N8N-API-KEY header only', async () => {
		createOtpTable(api);
		const [item] = outputOf(await runOtp(api, generateParameters(), [{ to: '+254712345678' }]));
		expect(api.requests.every((request) => request.headers['x-n8n-api-key'] === 'fake-n8n-api-key-for-otp-tests')).toBe(true);
		expect(JSON.stringify(item)).not.toContain('fake-n8n-api-key-for-otp-tests');
	});
});
