/**
 * The Betatel node run by n8n's execution engine against the provider sandbox, a real HTTP
 * server on 127.0.0.1 that behaves as Betatel's documents say. Each case asserts what the
 * node output and the exact request the sandbox received.
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../harness/workflowRunner';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox, SANDBOX_CREDENTIALS } = require('../../sandbox/server');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../scripts/n8n/instance');

interface RecordedRequest {
	provider: string;
	method: string;
	path: string;
	headers: Record<string, string>;
	body: IDataObject | null;
	rawBody: string;
	responseStatus: number;
}

const sandbox = createSandbox({ statusIntervalMs: 10 });
let baseUrl: string;
/** A local URL where nothing listens (a port just bound and released). */
let deadUrl: string;

const smsCredentials = () => ({
	betatelSmsApi: { ...SANDBOX_CREDENTIALS.betatelSms, baseUrl },
});
const whatsAppCredentials = () => ({
	betatelWhatsAppApi: { ...SANDBOX_CREDENTIALS.betatelWhatsApp, baseUrl },
});

const SMS_NODE = {
	type: 'n8n-nodes-sms-otp.betatel',
	credentials: { betatelSmsApi: { id: '1', name: 'Betatel SMS' } },
};
const WHATSAPP_NODE = {
	type: 'n8n-nodes-sms-otp.betatel',
	credentials: { betatelWhatsAppApi: { id: '2', name: 'Betatel WhatsApp' } },
};

function smsParameters(overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'sms',
		operation: 'send',
		from: '={{ $json.from }}',
		to: '={{ $json.to }}',
		text: '={{ $json.text }}',
		options: {},
		...overrides,
	};
}

function whatsAppParameters(overrides: IDataObject = {}): IDataObject {
	return { resource: 'whatsapp', operation: 'sendOtp', to: '={{ $json.to }}', text: '={{ $json.text }}', options: {}, ...overrides };
}

function received(): RecordedRequest[] {
	return sandbox.requests as RecordedRequest[];
}

/** Nothing the node emits may contain a credential secret. */
function expectNoSecrets(value: unknown): void {
	const text = JSON.stringify(value);
	expect(text).not.toContain(SANDBOX_CREDENTIALS.betatelSms.apiKey);
	expect(text).not.toContain(SANDBOX_CREDENTIALS.betatelSms.userId);
	expect(text).not.toContain(SANDBOX_CREDENTIALS.betatelWhatsApp.accountId);
}

beforeAll(async () => {
	({ url: baseUrl } = await sandbox.start(0));
	deadUrl = `http://127.0.0.1:${await freePort()}`;
});

afterAll(async () => {
	await sandbox.stop();
});

beforeEach(() => {
	sandbox.reset();
});

describe('Betatel: Send SMS', () => {
	it('sends exactly the documented request and outputs the normalized result', async () => {
		const { items, error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters() },
			[{ from: 'Sender', to: '+38 161 444 555', text: 'Your code is 555345' }],
			smsCredentials(),
		);

		expect(error).toBeUndefined();
		expect(received()).toHaveLength(1);
		const [request] = received();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v1/connect-hub/sms');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.betatelSms.apiKey);
		expect(request.headers['x-user-id']).toBe(SANDBOX_CREDENTIALS.betatelSms.userId);
		expect(request.headers['x-account-id']).toBeUndefined();
		expect(JSON.parse(request.rawBody)).toEqual({ from: 'Sender', to: '38161444555', text: 'Your code is 555345' });

		expect(items).toHaveLength(1);
		const [item] = items!;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toEqual({
			messageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			from: 'Sender',
			to: '38161444555',
			provider: 'betatel',
			channel: 'sms',
			status: 'accepted',
			encoding: 'GSM-7',
			segments: 1,
		});
		expectNoSecrets(items);
	});

	it('reads national numbers with the default country and counts UCS-2 segments', async () => {
		const text = `Код: 555345 ${'ж'.repeat(60)}`;
		const { items } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters({ options: { defaultCountry: 'KE' } }) },
			[{ from: 'MyBrand', to: '0701 234 567', text }],
			smsCredentials(),
		);
		expect(received()[0].body).toEqual({ from: 'MyBrand', to: '254701234567', text });
		expect(items![0].json).toMatchObject({ to: '254701234567', encoding: 'UCS-2', segments: 2 });
	});

	it('refuses an invalid number before any request, naming the item and the value', async () => {
		const { items, error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters() },
			[
				{ from: 'Sender', to: '+38161444555', text: 'ok' },
				{ from: 'Sender', to: '12ab', text: 'ok' },
			],
			smsCredentials(),
		);
		expect(items).toBeUndefined();
		expect(error?.message).toBe(
			'Invalid "To" number in item 1: "12ab" contains characters that are not part of a phone number (only digits, spaces, + ( ) - . / are allowed)',
		);
		// The first item went out; the bad one never did.
		expect(received()).toHaveLength(1);
	});

	it('with Continue On Fail, yields one result per item and goes on after a bad one', async () => {
		const { items, error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters(), continueOnFail: true },
			[
				{ from: 'Sender', to: 'not a number', text: 'one' },
				{ from: 'Sender', to: '+447911123456', text: 'two' },
				{ from: 'ThisSenderIsTooLong', to: '+447911123456', text: 'three' },
				{ from: 'Sender', to: '+4930123456', text: 'four' },
			],
			smsCredentials(),
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		expect(items!.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(items![0].json).toMatchObject({ error: expect.stringContaining('Invalid "To" number in item 0: "not a number"'), itemIndex: 0 });
		expect(items![1].json).toMatchObject({ status: 'accepted', to: '447911123456' });
		expect(items![2].json.error).toBe(
			'Invalid "From" sender in item 2: "ThisSenderIsTooLong" has 19 characters; an alphanumeric sender has at most 11',
		);
		expect(items![3].json.error).toMatch(/item 3: "\+4930123456" is a landline number/);
		expect(received()).toHaveLength(1);
		expectNoSecrets(items);
	});

	it('refuses an empty text', async () => {
		const { error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters() },
			[{ from: 'Sender', to: '+447911123456', text: '  ' }],
			smsCredentials(),
		);
		expect(error?.message).toBe('"Text" is empty in item 0');
		expect(received()).toHaveLength(0);
	});

	it('reports a wrong API key as rejected credentials, once, without the key', async () => {
		const { items } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters(), continueOnFail: true },
			[{ from: 'Sender', to: '+447911123456', text: 'hi' }],
			{ betatelSmsApi: { apiKey: 'wrong-key', userId: 'sandbox-user-id', baseUrl } },
		);
		expect(items![0].json).toMatchObject({
			error: 'Betatel rejected the credentials (HTTP 401)',
			httpCode: '401',
			description: expect.stringContaining('Check the API key and user ID in the credential.'),
		});
		expect(JSON.stringify(items)).not.toContain('wrong-key');
		expect(received()).toHaveLength(1);
		expect(received()[0].responseStatus).toBe(401);
	});

	it.each([
		[400, { statusCode: 400, message: 'to must be a valid phone number' }, 'Betatel refused the request as invalid (HTTP 400)', /Betatel said: to must be a valid phone number/],
		[402, { statusCode: 402, message: 'Insufficient balance' }, 'The Betatel account balance is too low to send this message (HTTP 402)', /Top up the account/],
		[429, { message: 'Too many requests' }, 'Betatel is limiting the request rate (HTTP 429)', /send fewer messages per minute/],
		[500, { message: 'Internal server error' }, 'Betatel had a server error (HTTP 500)', /try again later/],
		[503, { message: 'Service unavailable' }, 'Betatel had a server error (HTTP 503)', /try again later/],
	])('turns HTTP %i into a clear error', async (status, body, message, description) => {
		sandbox.injectFault({ path: '/api/v1/connect-hub/sms', status, body: JSON.stringify(body), contentType: 'application/json' });
		const { items } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters(), continueOnFail: true },
			[{ from: 'Sender', to: '+447911123456', text: 'hi' }],
			smsCredentials(),
		);
		expect(items![0].json).toMatchObject({ error: message, httpCode: String(status) });
		expect(items![0].json.description).toMatch(description);
		expectNoSecrets(items);
	});

	it('reports a real 402 from an empty balance', async () => {
		sandbox.configure({ betatelBalance: 0 });
		const { error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters() },
			[{ from: 'Sender', to: '+447911123456', text: 'hi' }],
			smsCredentials(),
		);
		expect(error?.message).toBe('The Betatel account balance is too low to send this message (HTTP 402)');
		expect(error?.httpCode).toBe('402');
	});

	it('reports an HTML error page instead of throwing it raw', async () => {
		sandbox.injectFault({
			path: '/api/v1/connect-hub/sms',
			status: 502,
			body: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
			contentType: 'text/html',
		});
		const { error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters() },
			[{ from: 'Sender', to: '+447911123456', text: 'hi' }],
			smsCredentials(),
		);
		expect(error?.message).toBe('Betatel had a server error (HTTP 502)');
		expect(error?.description).toContain('The answer was not JSON (an HTML page): "502 Bad Gateway Bad Gateway"');
	});

	it('reports a 200 answer that is not JSON', async () => {
		sandbox.injectFault({ path: '/api/v1/connect-hub/sms', status: 200, body: '<html>maintenance</html>', contentType: 'text/html' });
		const { error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters() },
			[{ from: 'Sender', to: '+447911123456', text: 'hi' }],
			smsCredentials(),
		);
		expect(error?.message).toBe('Betatel answered HTTP 200 without a JSON object');
	});

	it('waits for a slow answer within the timeout', async () => {
		sandbox.configure({ latencyMs: 300 });
		const { items, error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters() },
			[{ from: 'Sender', to: '+447911123456', text: 'hi' }],
			smsCredentials(),
		);
		expect(error).toBeUndefined();
		expect(items![0].json.status).toBe('accepted');
	});

	it('fails an item whose answer takes longer than the timeout', async () => {
		sandbox.injectFault({ path: '/api/v1/connect-hub/sms', status: 200, body: '{}', delayMs: 3000 });
		const started = Date.now();
		const { error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters({ options: { timeout: 1000 } }) },
			[{ from: 'Sender', to: '+447911123456', text: 'hi' }],
			smsCredentials(),
		);
		expect(Date.now() - started).toBeLessThan(2900);
		expect(error?.message).toBe('Betatel did not answer within 1000 ms');
	});

	it('reports an unreachable server without leaking the request', async () => {
		const { error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters() },
			[{ from: 'Sender', to: '+447911123456', text: 'hi' }],
			{ betatelSmsApi: { ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: deadUrl } },
		);
		expect(error?.message).toBe(`Could not reach Betatel at ${deadUrl}`);
		expect(error?.description).toMatch(/^The connection failed \(ECONNREFUSED\)\. Check the Base URL/);
		expectNoSecrets(error);
	});
});

describe('Betatel: Send WhatsApp OTP', () => {
	it('sends exactly the documented request and outputs the normalized result', async () => {
		const { items, error } = await runNode(
			{ ...WHATSAPP_NODE, parameters: whatsAppParameters() },
			[{ to: '+387 61 444 555', text: '482910' }],
			whatsAppCredentials(),
		);
		expect(error).toBeUndefined();
		const [request] = received();
		expect(request.path).toBe('/api/v1/connect-hub/whatsapp/otp');
		expect(request.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.betatelWhatsApp.apiKey);
		expect(request.headers['x-account-id']).toBe(SANDBOX_CREDENTIALS.betatelWhatsApp.accountId);
		expect(request.headers['x-user-id']).toBeUndefined();
		expect(JSON.parse(request.rawBody)).toEqual({ to: '38761444555', text: '482910' });
		expect(items![0]).toEqual({
			json: {
				uuid: expect.stringMatching(/^[0-9A-Z]{26}$/),
				to: '38761444555',
				provider: 'betatel',
				channel: 'whatsapp',
				messageId: items![0].json.uuid,
				status: 'accepted',
			},
			pairedItem: { item: 0 },
		});
		expectNoSecrets(items);
	});

	it('accepts 4096 characters and refuses 4097 before any request', async () => {
		const { items } = await runNode(
			{ ...WHATSAPP_NODE, parameters: whatsAppParameters(), continueOnFail: true },
			[
				{ to: '+38761444555', text: 'a'.repeat(4096) },
				{ to: '+38761444555', text: 'a'.repeat(4097) },
			],
			whatsAppCredentials(),
		);
		expect(items![0].json.status).toBe('accepted');
		expect(items![1].json.error).toBe('"Text" in item 1 has 4097 characters; Betatel accepts at most 4096');
		expect(received()).toHaveLength(1);
	});

	it('maps 402 for WhatsApp too', async () => {
		sandbox.configure({ betatelBalance: 0 });
		const { error } = await runNode(
			{ ...WHATSAPP_NODE, parameters: whatsAppParameters() },
			[{ to: '+38761444555', text: '482910' }],
			whatsAppCredentials(),
		);
		expect(error?.message).toBe('The Betatel account balance is too low to send this message (HTTP 402)');
	});

	it('reports a wrong account id as rejected credentials', async () => {
		const { error } = await runNode(
			{ ...WHATSAPP_NODE, parameters: whatsAppParameters() },
			[{ to: '+38761444555', text: '482910' }],
			{ betatelWhatsAppApi: { ...SANDBOX_CREDENTIALS.betatelWhatsApp, accountId: 'someone-else', baseUrl } },
		);
		expect(error?.message).toBe('Betatel rejected the credentials (HTTP 401)');
		expect(error?.description).toContain('Check the API key and account ID in the credential.');
	});
});

describe('Betatel credential tests (the credential dialog "Test" button)', () => {
	// The node's credentialTest methods, called the way n8n's credentials tester calls them.
	const betatel = new (require('../../nodes/Betatel/Betatel.node').Betatel)();
	const testSms = (data: IDataObject) =>
		betatel.methods.credentialTest.betatelSmsApiTest.call({}, { id: '1', name: 'c', type: 'betatelSmsApi', data });
	const testWhatsApp = (data: IDataObject) =>
		betatel.methods.credentialTest.betatelWhatsAppApiTest.call({}, { id: '2', name: 'c', type: 'betatelWhatsAppApi', data });

	it('accepts valid SMS credentials without sending a message', async () => {
		await expect(testSms({ ...SANDBOX_CREDENTIALS.betatelSms, baseUrl })).resolves.toEqual({
			status: 'OK',
			message: 'Betatel accepted the credentials.',
		});
		const [request] = received();
		expect(request.path).toBe('/api/v1/connect-hub/sms');
		expect(request.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.betatelSms.apiKey);
		expect(request.headers['x-user-id']).toBe(SANDBOX_CREDENTIALS.betatelSms.userId);
		expect(JSON.parse(request.rawBody)).toEqual({});
		expect(request.responseStatus).toBe(400);
		expect(sandbox.callbacks).toHaveLength(0);
	});

	it('reports a wrong SMS key as rejected', async () => {
		await expect(testSms({ apiKey: 'nope', userId: 'sandbox-user-id', baseUrl })).resolves.toEqual({
			status: 'Error',
			message: 'Betatel rejected the credentials (HTTP 401). Check the API key and user ID.',
		});
	});

	it('accepts valid WhatsApp credentials and rejects a wrong account id', async () => {
		await expect(testWhatsApp({ ...SANDBOX_CREDENTIALS.betatelWhatsApp, baseUrl })).resolves.toMatchObject({ status: 'OK' });
		expect(received()[0].path).toBe('/api/v1/connect-hub/whatsapp/otp');
		expect(received()[0].headers['x-account-id']).toBe(SANDBOX_CREDENTIALS.betatelWhatsApp.accountId);
		await expect(
			testWhatsApp({ ...SANDBOX_CREDENTIALS.betatelWhatsApp, accountId: 'other', baseUrl }),
		).resolves.toEqual({
			status: 'Error',
			message: 'Betatel rejected the credentials (HTTP 401). Check the API key and account ID.',
		});
	});

	it('explains a base URL that is not Betatel, and one that does not answer', async () => {
		await expect(testSms({ ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: `${baseUrl}/nothing-here` })).resolves.toMatchObject({
			status: 'Error',
			message: expect.stringContaining('No Betatel API was found'),
		});
		await expect(testSms({ ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: deadUrl })).resolves.toEqual({
			status: 'Error',
			message: `Could not reach Betatel at ${deadUrl} (ECONNREFUSED). Check the Base URL.`,
		});
	});
});

describe('Betatel answers that break the contract', () => {
	it('fails an item whose 200 answer has no messageId, saying it may have been sent', async () => {
		sandbox.injectFault({ path: '/api/v1/connect-hub/sms', status: 200, body: '{"from":"Sender"}', contentType: 'application/json' });
		const { error } = await runNode(
			{ ...SMS_NODE, parameters: smsParameters() },
			[{ from: 'Sender', to: '+447911123456', text: 'hi' }],
			smsCredentials(),
		);
		expect(error?.message).toBe('Betatel accepted the request but its answer has no "messageId"');
		expect(error?.description).toContain('may or may not have been sent');
	});
});
