'use strict';

// Betatel provider: SMS and WhatsApp OTP sends, delivery outcomes of their status events.

const {
	useSandbox,
	call,
	postJson,
	sendBetatelSms,
	sendWhatsApp,
	SMS_PATH,
	WHATSAPP_PATH,
	UUID_V1,
	ULID,
	SMS_HEADERS,
	WHATSAPP_HEADERS,
	SMS_BODY,
	WHATSAPP_BODY,
	ISO_TIME,
	startReceiver,
} = require('./helpers');

const env = useSandbox();
let sandbox;
beforeAll(() => ({ sandbox } = env));

// ---------------------------------------------------------------- Betatel SMS

describe('Betatel SMS', () => {
	it('accepts a valid send and answers messageId, from and to', async () => {
		const response = await sendBetatelSms();
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ messageId: expect.stringMatching(UUID_V1), from: 'Sender', to: '38161444555' });
	});

	it('accepts a trailing slash on the path', async () => {
		expect((await postJson(`${SMS_PATH}/`, SMS_BODY, SMS_HEADERS)).status).toBe(200);
	});

	it.each([
		['no x-api-key', { 'x-api-key': undefined }],
		['a wrong x-api-key', { 'x-api-key': 'wrong' }],
		['no x-user-id', { 'x-user-id': undefined }],
		['a wrong x-user-id', { 'x-user-id': 'someone-else' }],
	])('answers 401 for %s', async (_name, headers) => {
		const response = await sendBetatelSms(SMS_BODY, headers);
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ statusCode: 401, message: 'Unauthorized' });
	});

	it('answers 400 when the content type is not JSON', async () => {
		const response = await call('POST', SMS_PATH, {
			body: JSON.stringify(SMS_BODY),
			headers: { ...SMS_HEADERS, 'content-type': 'text/plain' },
		});
		expect(response.status).toBe(400);
		expect(response.json).toEqual({
			statusCode: 400,
			message: 'Content-Type must be application/json',
			error: 'Bad Request',
		});
	});

	it.each([
		['malformed JSON', '{"from": "Sender",'],
		['a JSON array', '[1,2]'],
		['JSON null', 'null'],
	])('answers 400 for %s', async (_name, body) => {
		const response = await postJson(SMS_PATH, body, SMS_HEADERS);
		expect(response.status).toBe(400);
		expect(response.json.message).toBe('Request body must be a JSON object');
	});

	it.each([
		['from', { from: undefined }],
		['from', { from: '  ' }],
		['to', { to: undefined }],
		['to', { to: '+38161444555' }],
		['to', { to: '0038161444555' }],
		['to', { to: '1234567' }],
		['to', { to: '1234567890123456' }],
		['to', { to: '381-614-445' }],
		['to', { to: 38161444555 }],
		['text', { text: undefined }],
		['text', { text: '' }],
	])('answers 400 naming %s for %j', async (field, override) => {
		const response = await sendBetatelSms({ ...SMS_BODY, ...override });
		expect(response.status).toBe(400);
		expect(response.json.statusCode).toBe(400);
		expect(response.json.error).toBe('Bad Request');
		expect(response.json.message.startsWith(`${field} `)).toBe(true);
	});

	it('answers 402 once the balance is used up', async () => {
		sandbox.configure({ betatelBalance: 1 });
		expect((await sendBetatelSms()).status).toBe(200);
		expect(sandbox.getConfig().betatelBalance).toBe(0);
		const response = await sendBetatelSms();
		expect(response.status).toBe(402);
		expect(response.json).toEqual({ statusCode: 402, message: 'Insufficient balance' });
	});

	it('gives every message its own id', async () => {
		const ids = new Set();
		for (let i = 0; i < 20; i++) ids.add((await sendBetatelSms()).json.messageId);
		expect(ids.size).toBe(20);
	});
});

// ---------------------------------------------------------------- Betatel WhatsApp OTP

describe('Betatel WhatsApp OTP', () => {
	it('accepts a valid send and answers a ULID uuid and to', async () => {
		const response = await sendWhatsApp();
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ uuid: expect.stringMatching(ULID), to: '38761444555' });
	});

	it.each([
		['no x-account-id', { 'x-account-id': undefined }],
		['a wrong x-account-id', { 'x-account-id': 'nope' }],
		['a wrong x-api-key', { 'x-api-key': 'nope' }],
	])('answers 401 for %s', async (_name, headers) => {
		const response = await sendWhatsApp(WHATSAPP_BODY, headers);
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ statusCode: 401, message: 'Unauthorized' });
	});

	it('answers 401 to the SMS headers (x-user-id instead of x-account-id)', async () => {
		const response = await postJson(WHATSAPP_PATH, WHATSAPP_BODY, SMS_HEADERS);
		expect(response.status).toBe(401);
	});

	it('answers 400 when the number has a + prefix', async () => {
		const response = await sendWhatsApp({ ...WHATSAPP_BODY, to: '+38761444555' });
		expect(response.status).toBe(400);
		expect(response.json.message).toBe('to must be in E.164 format without the + prefix (8 to 15 digits)');
	});

	it('accepts 4096 characters of text and refuses 4097', async () => {
		expect((await sendWhatsApp({ ...WHATSAPP_BODY, text: 'x'.repeat(4096) })).status).toBe(200);
		const response = await sendWhatsApp({ ...WHATSAPP_BODY, text: 'x'.repeat(4097) });
		expect(response.status).toBe(400);
		expect(response.json.message).toBe('text must be at most 4096 characters');
	});

	it('answers 400 for a missing text and for a non-JSON body', async () => {
		expect((await sendWhatsApp({ to: '38761444555' })).json.message).toBe('text must be a non-empty string');
		const notJson = await call('POST', WHATSAPP_PATH, { body: 'to=1', headers: WHATSAPP_HEADERS });
		expect(notJson.status).toBe(400);
	});

	it('shares the balance with SMS and answers 402 at zero', async () => {
		sandbox.configure({ betatelBalance: 1 });
		expect((await sendBetatelSms()).status).toBe(200);
		const response = await sendWhatsApp();
		expect(response.status).toBe(402);
		expect(response.json).toEqual({ statusCode: 402, message: 'Insufficient balance' });
	});
});

// ---------------------------------------------------------------- delivery outcomes (status events)

describe('Betatel delivery outcomes (statusOutcomes)', () => {
	let receiver;

	beforeEach(async () => {
		receiver = await startReceiver();
		sandbox.configure({ betatelWebhookUrl: receiver.url });
	});

	afterEach(() => receiver.close());

	const statuses = () => receiver.received.map((request) => request.body.status);

	it('ends an SMS FAILED after SENT, with error details', async () => {
		sandbox.configure({ statusOutcomes: { [SMS_BODY.to]: 'FAILED' } });
		const { messageId } = (await sendBetatelSms()).json;
		await sandbox.waitForCallbacks(3);
		expect(statuses()).toEqual(['PENDING', 'SENT', 'FAILED']);
		expect(receiver.received[1].body).not.toHaveProperty('error');
		expect(receiver.received[2].body).toEqual({
			messageId,
			channel: 'sms',
			status: 'FAILED',
			to: SMS_BODY.to,
			timestamp: expect.stringMatching(ISO_TIME),
			error: { errorCode: 'UNDELIVERABLE', errorMessage: 'The message could not be delivered to the recipient.' },
		});
	});

	it('ends a WhatsApp message EXPIRED after SENT, with error details', async () => {
		sandbox.configure({ statusOutcomes: { [WHATSAPP_BODY.to]: 'expired' } });
		const { uuid } = (await sendWhatsApp()).json;
		await sandbox.waitForCallbacks(3);
		expect(statuses()).toEqual(['PENDING', 'SENT', 'EXPIRED']);
		expect(receiver.received[2].body).toMatchObject({
			uuid,
			channel: 'whatsapp',
			error: { errorCode: 'EXPIRED', errorMessage: 'The message expired before it could be delivered.' },
		});
	});

	it.each([
		['DELIVERED', 'whatsapp', ['PENDING', 'SENT', 'DELIVERED']], // delivered, never read
		['SENT', 'sms', ['PENDING', 'SENT']], // no delivery report
		['SUBMIT_FAILED', 'sms', ['PENDING', 'FAILED']],
	])('%s gives %s the statuses %j', async (outcome, channel, expected) => {
		const to = channel === 'sms' ? SMS_BODY.to : WHATSAPP_BODY.to;
		sandbox.configure({ statusOutcomes: { [to]: outcome } });
		await (channel === 'sms' ? sendBetatelSms() : sendWhatsApp());
		await sandbox.waitForCallbacks(expected.length);
		await new Promise((resolve) => setTimeout(resolve, 60)); // nothing more follows
		expect(statuses()).toEqual(expected);
	});

	it('matches numbers by their digits and leaves other recipients on the default lifecycle', async () => {
		sandbox.configure({ statusOutcomes: { '+381 61 444 555': 'SUBMIT_FAILED' } });
		expect(sandbox.getConfig().statusOutcomes).toEqual({ 38161444555: 'SUBMIT_FAILED' });
		await sendBetatelSms({ ...SMS_BODY, to: '38161444556' });
		await sendBetatelSms();
		await sandbox.waitForCallbacks(5);
		const byTo = (to) => receiver.received.filter((request) => request.body.to === to).map((r) => r.body.status);
		expect(byTo('38161444556')).toEqual(['PENDING', 'SENT', 'DELIVERED']);
		expect(byTo('38161444555')).toEqual(['PENDING', 'FAILED']);
		expect(receiver.received.find((r) => r.body.status === 'FAILED').body.error.errorCode).toBe('REJECTED');
	});

	it('refuses bad outcomes with a 400 and forgets the map on reset', async () => {
		const bad = await postJson('/__sandbox/config', { statusOutcomes: { [SMS_BODY.to]: 'LOST' } });
		expect(bad.status).toBe(400);
		expect(bad.json.error).toBe(
			`statusOutcomes["${SMS_BODY.to}"] must be one of SUBMIT_FAILED, SENT, DELIVERED, FAILED, EXPIRED`,
		);
		expect((await postJson('/__sandbox/config', { statusOutcomes: { abc: 'FAILED' } })).status).toBe(400);
		expect((await postJson('/__sandbox/config', { statusOutcomes: ['FAILED'] })).status).toBe(400);
		expect((await postJson('/__sandbox/config', { statusOutcomes: { [SMS_BODY.to]: 'FAILED' } })).status).toBe(200);
		sandbox.reset();
		expect(sandbox.getConfig().statusOutcomes).toEqual({});
	});
});
