'use strict';

// SMS gateway provider: API key management, key expiry and the rolling rate-limit window.

const { createSandbox } = require('../../sandbox/server');
const {
	useSandbox,
	call,
	postJson,
	postForm,
	gatewayV2Send,
	GATEWAY,
	ISO_TIME,
	GATEWAY_LOGIN,
	GATEWAY_KEY_HEADER,
} = require('./helpers');

useSandbox();

// ---------------------------------------------------------------- SMS gateway API keys

describe('SMS gateway API key management', () => {
	const fields = { numbers: '0701234567', message_body: 'Hello' };

	it('generates a key with username and password; the new and the old key both work', async () => {
		const started = Date.now();
		const response = await postJson(`${GATEWAY}/generate-key`, { ...GATEWAY_LOGIN, expiry_days: 3 });
		expect(response.status).toBe(201);
		expect(response.json).toEqual({
			message: 'API key generated successfully.',
			api_key: expect.stringMatching(/^[0-9a-f]{40}$/),
			expires_at: expect.stringMatching(ISO_TIME),
		});
		const expiresIn = Date.parse(response.json.expires_at) - started;
		expect(Math.abs(expiresIn - 3 * 24 * 3600 * 1000)).toBeLessThan(5000);
		expect((await gatewayV2Send(fields, { 'x-api-key': response.json.api_key })).status).toBe(200);
		expect((await gatewayV2Send(fields)).status).toBe(200);
	});

	it('generates a key without expiry when expiry_days is left out, and takes form strings', async () => {
		const noExpiry = await postForm(`${GATEWAY}/generate-key`, GATEWAY_LOGIN);
		expect(noExpiry.json.expires_at).toBeNull();
		const formDays = await postForm(`${GATEWAY}/generate-key`, { ...GATEWAY_LOGIN, expiry_days: '30' });
		expect(formDays.status).toBe(201);
	});

	it('answers 401 to generate-key without valid credentials', async () => {
		const response = await postJson(`${GATEWAY}/generate-key`, { expiry_days: 3 }, GATEWAY_KEY_HEADER);
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ error: 'Unauthorized.' });
	});

	it.each([
		[0, 'The expiry days field must be at least 1.'],
		[366, 'The expiry days field must not be greater than 365.'],
		['abc', 'The expiry days field must be an integer.'],
		[2.5, 'The expiry days field must be an integer.'],
	])('answers 422 for expiry_days %p', async (expiryDays, message) => {
		const response = await postJson(`${GATEWAY}/generate-key`, { ...GATEWAY_LOGIN, expiry_days: expiryDays });
		expect(response.status).toBe(422);
		expect(response.json).toEqual({ message, errors: { expiry_days: [message] } });
	});

	it('revokes the presented key, which then stops working', async () => {
		const response = await postJson(`${GATEWAY}/revoke-key`, {}, GATEWAY_KEY_HEADER);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ message: 'API key revoked successfully.', revoked: 1 });
		const send = await gatewayV2Send(fields);
		expect(send.status).toBe(401);
		expect(send.json).toEqual({ error: 'API key has been revoked' });
		const again = await postJson(`${GATEWAY}/revoke-key`, {}, GATEWAY_KEY_HEADER);
		expect(again.status).toBe(401);
		expect(again.json).toEqual({ error: 'API key has been revoked' });
	});

	it('revokes every active key with username and password and no key', async () => {
		const generated = (await postJson(`${GATEWAY}/generate-key`, GATEWAY_LOGIN)).json.api_key;
		const response = await postJson(`${GATEWAY}/revoke-key`, GATEWAY_LOGIN);
		// The generated key, the sandbox key and the spare key.
		expect(response.json).toEqual({ message: 'API key revoked successfully.', revoked: 3 });
		expect((await gatewayV2Send(fields, { 'x-api-key': generated })).status).toBe(401);
		expect((await gatewayV2Send(fields)).status).toBe(401);
		expect((await gatewayV2Send(fields, { 'x-api-key': 'sandbox-gateway-spare-key' })).status).toBe(401);
	});

	it('has a spare key that can be revoked without touching the main one', async () => {
		const response = await postJson(`${GATEWAY}/revoke-key`, {}, { 'x-api-key': 'sandbox-gateway-spare-key' });
		expect(response.json).toEqual({ message: 'API key revoked successfully.', revoked: 1 });
		expect((await gatewayV2Send(fields)).status).toBe(200);
	});

	it('answers 401 to revoke-key with neither key nor credentials', async () => {
		const response = await postJson(`${GATEWAY}/revoke-key`, {});
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ error: 'Unauthorized.' });
	});

	it('regenerates: the presented key is revoked and the new one works', async () => {
		const response = await postJson(`${GATEWAY}/regenerate-key`, { expiry_days: 9 }, GATEWAY_KEY_HEADER);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			message: 'API key regenerated successfully.',
			api_key: expect.stringMatching(/^[0-9a-f]{40}$/),
			expires_at: expect.stringMatching(ISO_TIME),
		});
		expect((await gatewayV2Send(fields)).json).toEqual({ error: 'API key has been revoked' });
		expect((await gatewayV2Send(fields, { 'x-api-key': response.json.api_key })).status).toBe(200);
	});

	it('answers 422 to regenerate-key with a bad expiry_days and keeps the key', async () => {
		const response = await postJson(`${GATEWAY}/regenerate-key`, { expiry_days: 400 }, GATEWAY_KEY_HEADER);
		expect(response.status).toBe(422);
		expect((await gatewayV2Send(fields)).status).toBe(200);
	});

	it('answers 401 to regenerate-key with an unknown key', async () => {
		const response = await postJson(`${GATEWAY}/regenerate-key`, {}, { 'x-api-key': 'nope' });
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ error: 'Invalid API key' });
	});
});

describe('SMS gateway with a controlled clock', () => {
	let clock;
	let clocked;
	let clockedUrl;

	beforeAll(async () => {
		clock = Date.parse('2026-01-01T00:00:00Z');
		clocked = createSandbox({ now: () => clock, gatewayRateLimit: 2 });
		({ url: clockedUrl } = await clocked.start(0));
	});

	afterAll(() => clocked.stop());

	it('refuses a key once it has expired', async () => {
		const generated = await postJson(`${GATEWAY}/generate-key`, { ...GATEWAY_LOGIN, expiry_days: 1 }, {}, clockedUrl);
		expect(generated.json.expires_at).toBe('2026-01-02T00:00:00.000Z');
		const headers = { 'x-api-key': generated.json.api_key };
		const balance = () => call('GET', `${GATEWAY}/v2/account/balance`, { headers, base: clockedUrl });
		expect((await balance()).status).toBe(200);
		clock += 24 * 3600 * 1000;
		const expired = await balance();
		expect(expired.status).toBe(401);
		expect(expired.json).toEqual({ error: 'API key has expired' });
	});

	it('lets a key in again once the rolling minute has passed', async () => {
		clocked.reset();
		const balance = () => call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER, base: clockedUrl });
		await balance();
		clock += 30 * 1000;
		await balance();
		const limited = await balance();
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('30');
		clock += 30 * 1000;
		const again = await balance();
		expect(again.status).toBe(200);
		expect(again.headers.get('x-ratelimit-remaining')).toBe('0');
	});
});
