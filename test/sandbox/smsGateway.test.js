'use strict';

// SMS gateway provider: v1 and v2 sends, balance, rate limit.

const {
	useSandbox,
	call,
	postJson,
	postForm,
	gatewayV2Send,
	GATEWAY,
	UUID_V4,
	GATEWAY_LOGIN,
	GATEWAY_KEY_HEADER,
	SANDBOX_CREDENTIALS,
} = require('./helpers');

const { smsGateway } = SANDBOX_CREDENTIALS;
const env = useSandbox();
let sandbox;
beforeAll(() => ({ sandbox } = env));

// ---------------------------------------------------------------- SMS gateway v1

describe('SMS gateway v1 send', () => {
	it('sends with credentials and fields in a form body', async () => {
		const response = await postForm(`${GATEWAY}/v1/sms/send`, {
			...GATEWAY_LOGIN,
			numbers: '0701234567',
			message_body: 'Hello, this is a test message.',
		});
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			status: 'success',
			message: 'Message queued',
			data: {
				recipients: [{ number: '0701234567', message_id: expect.stringMatching(UUID_V4), status: 'queued' }],
				count: 1,
				parts: 1,
				cost: 0.8,
				currency: 'KES',
			},
		});
		expect(response.headers.get('x-ratelimit-limit')).toBe('60');
		expect(response.headers.get('x-ratelimit-remaining')).toBe('59');
	});

	it('takes credentials from the query, a JSON body, spaces around commas and mixed formats', async () => {
		const query = new URLSearchParams(GATEWAY_LOGIN).toString();
		const response = await postJson(`${GATEWAY}/v1/sms/send?${query}`, {
			numbers: '0701234567 , 254712345678,+254112345678, 447911123456,',
			message_body: 'x'.repeat(161),
		});
		expect(response.status).toBe(200);
		expect(response.json.data.recipients.map((recipient) => recipient.number)).toEqual([
			'0701234567',
			'254712345678',
			'+254112345678',
			'447911123456',
		]);
		expect(response.json.data).toMatchObject({ count: 4, parts: 2, cost: 6.4 });
	});

	it.each([
		['a wrong password', { ...GATEWAY_LOGIN, password: 'wrong' }],
		['no credentials', {}],
	])('answers 401 for %s', async (_name, login) => {
		const response = await postForm(`${GATEWAY}/v1/sms/send`, { ...login, numbers: '0701234567', message_body: 'Hi' });
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ error: 'Unauthorized.' });
		expect(response.headers.get('x-ratelimit-remaining')).toBe('59');
	});

	it.each(['abc', '12345', '0201234567', '070123456', '25470123456', '0701234567;0712345678'])(
		'answers 400 for the invalid number %s',
		async (number) => {
			const response = await postForm(`${GATEWAY}/v1/sms/send`, {
				...GATEWAY_LOGIN,
				numbers: `0712345678, ${number}`,
				message_body: 'Hi',
			});
			expect(response.status).toBe(400);
			expect(response.json).toEqual({ error: 'Invalid phone number format.' });
		},
	);

	it.each([
		['numbers', { message_body: 'Hi' }, 'The numbers field is required.'],
		['numbers', { numbers: ' , ', message_body: 'Hi' }, 'The numbers field is required.'],
		['message_body', { numbers: '0701234567' }, 'The message_body field is required.'],
		['message_body', { numbers: '0701234567', message_body: '   ' }, 'The message_body field is required.'],
	])('answers 400 naming %s', async (_field, fields, error) => {
		const response = await postForm(`${GATEWAY}/v1/sms/send`, { ...GATEWAY_LOGIN, ...fields });
		expect(response.status).toBe(400);
		expect(response.json).toEqual({ error });
	});

	it('answers 400 when numbers is not a string', async () => {
		const response = await postJson(`${GATEWAY}/v1/sms/send`, {
			...GATEWAY_LOGIN,
			numbers: ['0701234567'],
			message_body: 'Hi',
		});
		expect(response.json).toEqual({ error: 'The numbers field must be a string.' });
	});
});

// ---------------------------------------------------------------- SMS gateway v2

describe('SMS gateway v2 send and balance', () => {
	const fields = { numbers: '0701234567', message_body: 'Hello' };

	it('sends with the X-API-Key header', async () => {
		const response = await gatewayV2Send(fields);
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({ status: 'success', message: 'Message queued', data: { count: 1 } });
	});

	it('sends with the api_key parameter in the query, the body and as a GET', async () => {
		const inQuery = await postForm(`${GATEWAY}/v2/sms/send?api_key=${smsGateway.apiKey}`, fields);
		expect(inQuery.status).toBe(200);
		const inBody = await gatewayV2Send({ ...fields, api_key: smsGateway.apiKey }, {});
		expect(inBody.status).toBe(200);
		const query = new URLSearchParams({ ...fields, api_key: smsGateway.apiKey }).toString();
		const asGet = await call('GET', `${GATEWAY}/v2/sms/send?${query}`);
		expect(asGet.status).toBe(200);
		expect(asGet.json.data.recipients[0].number).toBe('0701234567');
	});

	it('answers the documented 401 without a key', async () => {
		const response = await call('GET', `${GATEWAY}/v2/sms/send`);
		expect(response.status).toBe(401);
		expect(response.json).toEqual({
			error: 'API key is required',
			help: 'Provide X-API-Key header or api_key parameter',
		});
		expect(response.headers.get('x-ratelimit-limit')).toBe('60');
		expect(response.headers.get('cache-control')).toBe('no-cache, private');
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
	});

	it('answers 401 for an unknown key', async () => {
		const response = await gatewayV2Send(fields, { 'x-api-key': 'not-a-key' });
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ error: 'Invalid API key' });
	});

	it('validates numbers and fields like v1', async () => {
		expect((await gatewayV2Send({ ...fields, numbers: 'abc' })).json).toEqual({ error: 'Invalid phone number format.' });
		const noBody = await gatewayV2Send({ numbers: '0701234567' });
		expect(noBody.json).toEqual({ error: 'The message_body field is required.' });
	});

	it('answers the balance and lowers it by the cost of each part sent', async () => {
		const before = await call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER });
		expect(before.status).toBe(200);
		expect(before.json).toEqual({ balance: 10000, currency: 'KES' });
		await gatewayV2Send({ numbers: '0701234567,0712345678', message_body: 'ж'.repeat(71) }); // 2 x 2 UCS-2 parts
		const after = await call('GET', `${GATEWAY}/v2/account/balance?api_key=${smsGateway.apiKey}`);
		expect(after.json).toEqual({ balance: 9996.8, currency: 'KES' });
	});

	it('answers 401 on the balance without a key', async () => {
		const response = await call('GET', `${GATEWAY}/v2/account/balance`);
		expect(response.status).toBe(401);
		expect(response.json.error).toBe('API key is required');
	});

	it('answers 402 when the balance does not cover the send', async () => {
		sandbox.configure({ gatewayBalance: 0.5 });
		const response = await gatewayV2Send(fields);
		expect(response.status).toBe(402);
		expect(response.json).toEqual({ error: 'Insufficient balance.' });
	});

	it('answers the documented 500 on GET /api/v2', async () => {
		const response = await call('GET', `${GATEWAY}/v2`);
		expect(response.status).toBe(500);
		expect(response.json).toEqual({ message: 'Server Error' });
	});
});

describe('SMS gateway rate limit', () => {
	it('answers 429 past the limit, per key', async () => {
		sandbox.configure({ gatewayRateLimit: 3 });
		const remaining = [];
		for (let i = 0; i < 3; i++) {
			const response = await call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER });
			expect(response.status).toBe(200);
			remaining.push(response.headers.get('x-ratelimit-remaining'));
		}
		expect(remaining).toEqual(['2', '1', '0']);
		const limited = await gatewayV2Send({ numbers: '0701234567', message_body: 'Hi' });
		expect(limited.status).toBe(429);
		expect(limited.json).toEqual({ message: 'Too Many Attempts.' });
		expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
		expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);

		// The username/password caller has its own budget.
		const v1 = await postForm(`${GATEWAY}/v1/sms/send`, { ...GATEWAY_LOGIN, numbers: '0701234567', message_body: 'Hi' });
		expect(v1.status).toBe(200);
		expect(v1.headers.get('x-ratelimit-remaining')).toBe('2');
	});

	it('starts over after reset', async () => {
		sandbox.configure({ gatewayRateLimit: 1 });
		await call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER });
		sandbox.reset();
		const response = await call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER });
		expect(response.status).toBe(200);
		expect(response.headers.get('x-ratelimit-limit')).toBe('60');
	});
});
