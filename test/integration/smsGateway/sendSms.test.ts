/** SMS Gateway Send SMS: what only this provider does (the shared cases are in contract.test.ts). */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { runNode } from '../../harness/workflowRunner';
import { smsGatewayFixture as fixture } from '../support/fixtures';
import { expectNoSecrets, SANDBOX_CREDENTIALS, useSandbox } from '../support/sandbox';

const handle = useSandbox();
const node = (parameters: IDataObject = {}, continueOnFail = false) => ({
	type: fixture.nodeType,
	credentials: { smsGatewayApi: { id: '4', name: 'SMS Gateway' } },
	parameters: { ...fixture.parameters, ...parameters },
	continueOnFail,
});
const credentials = (overrides: ICredentialDataDecryptedObject = {}) => ({
	smsGatewayApi: { ...fixture.credentials(handle.url()), ...overrides },
});
const send = async (to: IDataObject[string], parameters: IDataObject = {}, overrides: ICredentialDataDecryptedObject = {}) =>
	await runNode(node(parameters), [{ to, text: 'Your code is 555345' }], credentials(overrides));

it('sends v1 as form parameters signed with username and password, numbers in national form', async () => {
	const { items, error } = await send('0701 234 567, +254 712 345 678');
	expect(error).toBeUndefined();
	const [request] = handle.received();
	expect(request.method).toBe('POST');
	expect(request.path).toBe('/gateway/api/v1/sms/send');
	expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
	expect(request.headers['x-api-key']).toBeUndefined();
	expect(request.body).toEqual({
		numbers: '0701234567,0712345678',
		message_body: 'Your code is 555345',
		username: SANDBOX_CREDENTIALS.smsGateway.username,
		password: SANDBOX_CREDENTIALS.smsGateway.password,
	});
	expect(items![0].json).toMatchObject({
		provider: 'smsGateway',
		channel: 'sms',
		status: 'accepted',
		to: '0701234567,0712345678',
		recipients: [
			{ to: '0701234567', messageId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' },
			{ to: '0712345678', messageId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' },
		],
		data: { count: 2, parts: 1, cost: 1.6, currency: 'KES' },
		encoding: 'GSM-7',
		segments: 1,
		rateLimit: { limit: 60, remaining: 59 },
	});
	expect(items![0].json.messageId).toBeUndefined();
	expectNoSecrets(items);
});

it('gives the message ID of a single recipient at the top level', async () => {
	const { items } = await send('0701234567');
	expect(items![0].json.messageId).toBe((items![0].json.recipients as IDataObject[])[0].messageId);
});

it('sends international digits when asked, and foreign numbers in international form either way', async () => {
	await send('0701234567, +44 7911 123456', { numberFormat: 'international' });
	await send('0701234567, +44 7911 123456');
	expect(handle.received().map((request) => request.body?.numbers)).toEqual([
		'254701234567,447911123456',
		'0701234567,447911123456',
	]);
});

it('takes the numbers as a list from an expression, or separated by semicolons and new lines', async () => {
	await send(['0701234567', '0712345678']);
	await send('0701234567;0712345678\n0722000000');
	expect(handle.received().map((request) => request.body?.numbers)).toEqual([
		'0701234567,0712345678',
		'0701234567,0712345678,0722000000',
	]);
});

it('names the one bad number among many, and sends nothing for that item', async () => {
	const { error } = await send('0701234567, 0799, 0712345678');
	expect(error?.message).toBe('Invalid "Numbers" in item 0: number 2 of 3 "0799" is not a valid phone number for KE');
	expect(handle.received()).toHaveLength(0);
});

it('sends v2 with the API key header and JSON, never the password', async () => {
	const { items, error } = await send('0701234567', { apiVersion: 'v2' });
	expect(error).toBeUndefined();
	const [request] = handle.received();
	expect(request.path).toBe('/gateway/api/v2/sms/send');
	expect(request.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.smsGateway.apiKey);
	expect(request.headers['content-type']).toMatch(/^application\/json/);
	expect(JSON.parse(request.rawBody)).toEqual({ numbers: '0701234567', message_body: 'Your code is 555345' });
	expect(items![0].json.status).toBe('accepted');
});

it('explains the v2 key errors in the gateway\'s words', async () => {
	const { error } = await send('0701234567', { apiVersion: 'v2' }, { apiKey: '' });
	expect(error?.message).toBe('SMS Gateway rejected the credentials (HTTP 401)');
	expect(error?.description).toContain('SMS Gateway said: API key is required');
	const revoked = await send('0701234567', { apiVersion: 'v2' }, { apiKey: 'not-a-key' });
	expect(revoked.error?.description).toContain('SMS Gateway said: Invalid API key');
});

it('explains the gateway refusing a number format', async () => {
	handle.sandbox.injectFault({ path: fixture.path, status: 400, body: { error: 'Invalid phone number format.' } });
	const { error } = await send('0701234567');
	expect(error?.message).toBe('SMS Gateway refused the request as invalid (HTTP 400)');
	expect(error?.description).toContain('SMS Gateway said: Invalid phone number format.');
});

it('on 429 waits as Retry-After says, then sends once', async () => {
	handle.sandbox.injectFault({
		path: fixture.path,
		status: 429,
		body: { message: 'Too Many Attempts.' },
		headers: { 'retry-after': '1', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0' },
	});
	const started = Date.now();
	const { items, error } = await send('0701234567');
	expect(error).toBeUndefined();
	expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	expect(handle.received().map((request) => request.responseStatus)).toEqual([429, 200]);
	expect(handle.sandbox.getConfig().gatewayBalance).toBeCloseTo(10000 - 0.8);
	expect(items![0].json.status).toBe('accepted');
});

it('gives up after a bounded number of 429s, saying when to retry', async () => {
	handle.sandbox.injectFault({
		path: fixture.path,
		status: 429,
		body: { message: 'Too Many Attempts.' },
		headers: { 'retry-after': '0' },
		times: 'Infinity',
	});
	const { error } = await send('0701234567');
	// Six attempts in all, then the 429 is reported.
	expect(handle.received()).toHaveLength(6);
	expect(error?.message).toBe('SMS Gateway is limiting the request rate (HTTP 429)');
	expect(error?.description).toContain('Retry after 0 s.');
});

it('does not wait for a 429 that asks for more than a minute', async () => {
	handle.sandbox.injectFault({ path: fixture.path, status: 429, body: {}, headers: { 'retry-after': '3600' } });
	const started = Date.now();
	const { error } = await send('0701234567');
	expect(Date.now() - started).toBeLessThan(2000);
	expect(error?.httpCode).toBe('429');
	expect(handle.received()).toHaveLength(1);
});

it('reports the real rate limit of the sandbox in the output', async () => {
	handle.sandbox.configure({ gatewayRateLimit: 5 });
	const { items } = await runNode(
		node(),
		[1, 2, 3].map(() => ({ to: '0701234567', text: 'hi' })),
		credentials(),
	);
	expect(items!.map((item) => (item.json.rateLimit as IDataObject).remaining)).toEqual([4, 3, 2]);
});
