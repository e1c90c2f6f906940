/** SMS Gateway Get Balance and Manage API Key, against the sandbox's gateway. */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { runNode } from '../../harness/workflowRunner';
import { smsGatewayFixture as fixture } from '../support/fixtures';
import { expectNoSecrets, SANDBOX_CREDENTIALS, useSandbox } from '../support/sandbox';

const handle = useSandbox();
const node = (parameters: IDataObject, continueOnFail = false) => ({
	type: fixture.nodeType,
	credentials: { smsGatewayApi: { id: '4', name: 'SMS Gateway' } },
	parameters,
	continueOnFail,
});
const credentials = (overrides: ICredentialDataDecryptedObject = {}) => ({
	smsGatewayApi: { ...fixture.credentials(handle.url()), ...overrides },
});
const run = async (parameters: IDataObject, overrides: ICredentialDataDecryptedObject = {}, continueOnFail = false) =>
	await runNode(node(parameters, continueOnFail), [{}], credentials(overrides));

describe('Get Balance', () => {
	it('reads the balance with the API key (v2), never sending the password', async () => {
		const { items, error } = await run({ resource: 'account', operation: 'getBalance' });
		expect(error).toBeUndefined();
		const [request] = handle.received();
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/gateway/api/v2/account/balance');
		expect(request.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.smsGateway.apiKey);
		expect(request.rawBody).toBe('');
		expect(JSON.stringify(request.query)).not.toContain(SANDBOX_CREDENTIALS.smsGateway.password);
		expect(items).toEqual([
			{
				json: { provider: 'smsGateway', balance: 10000, currency: 'KES', rateLimit: { limit: 60, remaining: 59 } },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('explains a credential without an API key', async () => {
		const { error } = await run({ resource: 'account', operation: 'getBalance' }, { apiKey: '' });
		expect(error?.message).toBe('SMS Gateway rejected the credentials (HTTP 401)');
		expect(error?.description).toContain('API key is required');
	});
});

describe('Manage API Key', () => {
	it('generates a key with the username and password, and the key works for v2', async () => {
		const { items, error } = await run({ resource: 'apiKey', operation: 'generate', expiryDays: 7 });
		expect(error).toBeUndefined();
		const [request] = handle.received();
		expect(request.path).toBe('/gateway/api/generate-key');
		expect(JSON.parse(request.rawBody)).toEqual({
			expiry_days: 7,
			username: SANDBOX_CREDENTIALS.smsGateway.username,
			password: SANDBOX_CREDENTIALS.smsGateway.password,
		});
		const apiKey = items![0].json.apiKey as string;
		expect(items![0].json).toMatchObject({
			provider: 'smsGateway',
			message: 'API key generated successfully.',
			api_key: apiKey,
			apiKey: expect.stringMatching(/^[0-9a-f]{40}$/),
			expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		const balance = await run({ resource: 'account', operation: 'getBalance' }, { apiKey });
		expect(balance.error).toBeUndefined();
	});

	it.each([
		[0, 'a number ("0")'],
		[366, 'a number ("366")'],
		[2.5, 'a number ("2.5")'],
		['a week', 'the text "a week"'],
	])('refuses Expiry Days of %p before sending', async (expiryDays, got) => {
		const { error } = await run({ resource: 'apiKey', operation: 'generate', expiryDays });
		expect(error?.message).toBe(`Invalid "Expiry Days" in item 0: must be a whole number from 1 to 365 days, got ${got}`);
		expect(handle.received()).toHaveLength(0);
	});

	it('revokes the key of the credential, after which v2 refuses it', async () => {
		const { items } = await run({ resource: 'apiKey', operation: 'revoke', keys: 'credentialKey' });
		expect(handle.received()[0].headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.smsGateway.apiKey);
		expect(handle.received()[0].rawBody).toBe('');
		expect(items![0].json).toMatchObject({ message: 'API key revoked successfully.', revoked: 1 });
		const { error } = await run({ resource: 'account', operation: 'getBalance' });
		expect(error?.description).toContain('API key has been revoked');
	});

	it('revokes every active key with the username and password', async () => {
		await run({ resource: 'apiKey', operation: 'generate', expiryDays: 1 });
		const { items } = await run({ resource: 'apiKey', operation: 'revoke', keys: 'allKeys' });
		expect(handle.received()[1].headers['x-api-key']).toBeUndefined();
		expect(items![0].json.revoked).toBe(3); // the generated, the sandbox and the spare key
	});

	it('regenerates the credential key: the old one stops, the new one works', async () => {
		const { items } = await run({ resource: 'apiKey', operation: 'regenerate', keys: 'credentialKey', expiryDays: 30 });
		expect(JSON.parse(handle.received()[0].rawBody)).toEqual({ expiry_days: 30 });
		const apiKey = items![0].json.apiKey as string;
		expect(apiKey).toMatch(/^[0-9a-f]{40}$/);
		expect((await run({ resource: 'account', operation: 'getBalance' })).error?.description).toContain('revoked');
		expect((await run({ resource: 'account', operation: 'getBalance' }, { apiKey })).error).toBeUndefined();
	});

	it('reports a wrong password on a key operation, without echoing it', async () => {
		const { items } = await run({ resource: 'apiKey', operation: 'generate', expiryDays: 3 }, { password: 'wrong-password' }, true);
		expect(items![0].json).toMatchObject({ error: 'SMS Gateway rejected the credentials (HTTP 401)', httpCode: '401' });
		expect(JSON.stringify(items)).not.toContain('wrong-password');
		expectNoSecrets(items);
	});

	it('reports the gateway\'s own 422 for a value it refuses', async () => {
		handle.sandbox.injectFault({
			path: '/gateway/api/generate-key',
			status: 422,
			body: { message: 'The expiry days field must be an integer.', errors: { expiry_days: ['The expiry days field must be an integer.'] } },
		});
		const { error } = await run({ resource: 'apiKey', operation: 'generate', expiryDays: 3 });
		expect(error?.message).toBe('SMS Gateway refused the request as invalid (HTTP 422)');
		expect(error?.description).toContain('The expiry days field must be an integer.');
	});
});
