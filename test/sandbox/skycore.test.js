'use strict';

// Skycore provider: Messaging API v2 sendsms.

const { useSandbox, call, sendSkycore, SKYCORE_PATH, SKYCORE_BODY, SANDBOX_CREDENTIALS } = require('./helpers');

const { skycore } = SANDBOX_CREDENTIALS;
useSandbox();

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
