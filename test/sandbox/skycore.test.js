'use strict';

// Skycore provider: Messaging API v2 sendsms, delivery outcomes, v1 XML postbacks, throughput limit.

const { createSandbox } = require('../../sandbox/server');
const {
	useSandbox,
	call,
	postJson,
	sendSkycore,
	startReceiver,
	SKYCORE_PATH,
	SKYCORE_BODY,
	SANDBOX_CREDENTIALS,
} = require('./helpers');

const { skycore } = SANDBOX_CREDENTIALS;
const env = useSandbox();
let sandbox;
beforeAll(() => ({ sandbox } = env));

// ---------------------------------------------------------------- Skycore

describe('Skycore sendsms', () => {
	it('accepts a valid send', async () => {
		const response = await sendSkycore();
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			status: 'Success',
			'tracking-id': expect.stringMatching(/^[0-9a-f]{12}$/),
			to: '17743199144',
			from: '00000',
			'status-details': 'SMS request accepted and queued for delivery',
		});
	});

	it('reads the action case-insensitively and accepts the optional fields', async () => {
		const response = await sendSkycore({
			...SKYCORE_BODY,
			action: 'SendSMS',
			'from-mask': 'Dunder Mifflin Paper',
			'campaign-ref': 'campaign2345',
			'click-tracking': true,
		});
		expect(response.json.status).toBe('Success');
	});

	it.each([
		['no x-api-key', undefined, 'Authentication failed. API key is missing.'],
		['a wrong x-api-key', 'wrong-key', 'Authentication failed. Invalid API key.'],
	])('fails with E103 (HTTP 200) for %s', async (_name, apiKey, info) => {
		const response = await sendSkycore(SKYCORE_BODY, { 'x-api-key': apiKey });
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ status: 'Failure', 'error-code': 'E103', 'error-info': info, to: '17743199144' });
	});

	it.each([
		['malformed JSON', '{"action":', 'Invalid Request. The body must be a JSON object.'],
		['a missing action', { ...SKYCORE_BODY, action: undefined }, 'Invalid Request. Unknown or missing action.'],
		['another action', { ...SKYCORE_BODY, action: 'sendmms' }, 'Invalid Request. Unknown or missing action.'],
		[
			'a missing message-text',
			{ ...SKYCORE_BODY, 'message-text': undefined },
			'Invalid Request. message-text is required.',
		],
		[
			'a bad click-tracking',
			{ ...SKYCORE_BODY, 'click-tracking': 'yes' },
			'Invalid Request. click-tracking must be true or false.',
		],
		['a non-string from-mask', { ...SKYCORE_BODY, 'from-mask': 42 }, 'Invalid Request. from-mask must be a string.'],
	])('fails with E100 for %s', async (_name, body, info) => {
		const response = await sendSkycore(body);
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({ status: 'Failure', 'error-code': 'E100', 'error-info': info });
	});

	it.each([
		['a + prefix', '+17743199144', '17743199144'],
		['a 00 prefix', '0017743199144', '0017743199144'],
		['punctuation', '1 (774) 319-9144', '17743199144'],
		['a missing number', undefined, ''],
	])('fails with E110 for %s', async (_name, to, echoedTo) => {
		const response = await sendSkycore({ ...SKYCORE_BODY, to });
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			status: 'Failure',
			'error-code': 'E110',
			'error-info': 'Invalid Receiver.',
			to: echoedTo,
		});
	});

	it.each([
		['a missing sender', undefined],
		['an alphanumeric sender', 'Dunder'],
		['a too short sender', '12'],
	])('fails with E111 for %s', async (_name, from) => {
		const response = await sendSkycore({ ...SKYCORE_BODY, from });
		expect(response.json).toEqual({
			status: 'Failure',
			'error-code': 'E111',
			'error-info': 'Invalid Sender.',
			to: '17743199144',
		});
	});

	it('reads the body as JSON whatever the content type', async () => {
		const response = await call('POST', SKYCORE_PATH, {
			body: JSON.stringify(SKYCORE_BODY),
			headers: { 'x-api-key': skycore.apiKey },
		});
		expect(response.json.status).toBe('Success');
	});

	it('answers 405 to a GET', async () => {
		const response = await call('GET', SKYCORE_PATH);
		expect(response.status).toBe(405);
		expect(response.headers.get('allow')).toBe('POST');
	});
});

// ---------------------------------------------------------------- postbacks: outcomes and formats

describe('Skycore delivery outcomes and postback formats', () => {
	let receiver;

	beforeEach(async () => {
		receiver = await startReceiver();
		sandbox.configure({ skycorePostbackUrl: receiver.url });
	});

	afterEach(() => receiver.close());

	const codes = () => receiver.received.map(({ body }) => [body.code, body.status, body['status-details']]);

	it.each([
		['FAILED', [['N201', 'Sent', undefined], ['E202', 'Rejected', 'Message Sent/Failed']]],
		['EXPIRED', [['N201', 'Sent', undefined], ['E202', 'Rejected', 'Message Sent/Expired']]],
		['SUBMIT_FAILED', [['E201', 'Failed', 'Message Failed']]],
		['SENT', [['N201', 'Sent', undefined]]],
		['DELIVERED', [['N201', 'Sent', undefined], ['N202', 'Delivered', undefined]]],
	])('%s sends the postbacks %j', async (outcome, expected) => {
		sandbox.configure({ statusOutcomes: { [SKYCORE_BODY.to]: outcome } });
		const sent = await sendSkycore();
		await sandbox.waitForCallbacks(expected.length);
		await new Promise((resolve) => setTimeout(resolve, 60)); // nothing more follows
		expect(codes()).toEqual(expected);
		const last = receiver.received.at(-1).body;
		expect(last).toMatchObject({ origin: 'SMS_MT', 'tracking-id': sent.json['tracking-id'], to: SKYCORE_BODY.to });
	});

	it('sends the v1 XML postback when asked, as application/xml', async () => {
		sandbox.configure({ skycorePostbackFormat: 'xml' });
		const sent = await sendSkycore({ ...SKYCORE_BODY, 'from-mask': 'Tom & Jerry <3' });
		await sandbox.waitForCallbacks(2);
		const trackingId = sent.json['tracking-id'];
		const [n201, n202] = receiver.received;
		expect(n201.headers['content-type']).toBe('application/xml');
		expect(n201.body).toMatch(
			new RegExp(
				[
					'^<\\?xml version="1.0" encoding="UTF-8"\\?>',
					'<POSTBACK>',
					'<ORIGIN>SMS_MT</ORIGIN>',
					'<CODE>N201</CODE>',
					'<STATUS>Message Sent</STATUS>',
					'<FROM>00000</FROM>',
					'<FROM_MASK>Tom &amp; Jerry</FROM_MASK>', // cut to 11 characters, then escaped
					'<TO>17743199144</TO>',
					`<TRACKINGID>${trackingId}</TRACKINGID>`,
					'<SPID>\\d+</SPID>',
					'<TIMESTAMP>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+00:00</TIMESTAMP>',
					`<AGGREGATORID>sandbox-${trackingId}</AGGREGATORID>`,
					'</POSTBACK>',
					'$',
				].join('\\n'),
			),
		);
		expect(n202.body).toContain('<CODE>N202</CODE>\n<STATUS>Message Sent/Delivered</STATUS>');
		expect(sandbox.callbacks[0]).toMatchObject({ body: n201.body, responseStatus: 200 });
	});

	it('tells failure from expiry in the XML STATUS', async () => {
		sandbox.configure({ skycorePostbackFormat: 'xml', statusOutcomes: { [SKYCORE_BODY.to]: 'EXPIRED' } });
		await sendSkycore();
		await sandbox.waitForCallbacks(2);
		expect(receiver.received[1].body).toContain('<CODE>E202</CODE>\n<STATUS>Message Sent/Expired</STATUS>');
	});

	it('refuses an unknown postback format and goes back to JSON on reset', async () => {
		const bad = await postJson('/__sandbox/config', { skycorePostbackFormat: 'yaml' });
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({ error: 'skycorePostbackFormat must be "json" or "xml"' });
		sandbox.configure({ skycorePostbackFormat: 'xml' });
		sandbox.reset();
		expect(sandbox.getConfig().skycorePostbackFormat).toBe('json');
	});
});

// ---------------------------------------------------------------- throughput limit

describe('Skycore throughput limit (skycoreMaxPerSecond)', () => {
	let clock;
	let clocked;
	let clockedUrl;

	beforeAll(async () => {
		clock = Date.parse('2026-01-01T00:00:00Z');
		clocked = createSandbox({ now: () => clock, skycoreMaxPerSecond: 2 });
		({ url: clockedUrl } = await clocked.start(0));
	});

	afterAll(() => clocked.stop());

	const send = (body = SKYCORE_BODY) => postJson(SKYCORE_PATH, body, { 'x-api-key': skycore.apiKey }, clockedUrl);

	it('answers E113 past the limit in a rolling second and accepts nothing', async () => {
		clocked.reset();
		expect((await send()).json.status).toBe('Success');
		clock += 500;
		expect((await send()).json.status).toBe('Success');
		const refused = await send({ ...SKYCORE_BODY, to: '17743199145' });
		expect(refused.status).toBe(200);
		expect(refused.json).toEqual({
			status: 'Failure',
			'error-code': 'E113',
			'error-info': 'Throughput exceeded.',
			to: '17743199145',
		});
		expect((await send({ ...SKYCORE_BODY, to: 'bad' })).json['error-code']).toBe('E110'); // checks come first
		expect(clocked.accepted).toHaveLength(2);
		clock += 500; // the first send leaves the window
		expect((await send()).json.status).toBe('Success');
		expect((await send()).json['error-code']).toBe('E113');
		clock += 500;
		expect((await send()).json.status).toBe('Success');
	});

	it('is off by default, validated, and reset to the construction value', async () => {
		expect(sandbox.getConfig().skycoreMaxPerSecond).toBeNull();
		for (let i = 0; i < 5; i++) expect((await sendSkycore()).json.status).toBe('Success');
		const bad = await postJson('/__sandbox/config', { skycoreMaxPerSecond: 0 });
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({ error: 'skycoreMaxPerSecond must be a positive integer or null' });
		clocked.configure({ skycoreMaxPerSecond: null });
		clocked.reset();
		expect(clocked.getConfig().skycoreMaxPerSecond).toBe(2);
	});
});
