import { interpretProbeStatus } from '../../nodes/shared/credentialProbe';
import { explainStatus, joinUrl, providerMessage, summarizeNonJson } from '../../nodes/shared/providerHttp';
import { senderIdProblem } from '../../nodes/shared/senderId';

describe('explainStatus', () => {
	it.each([
		[400, /Betatel refused the request as invalid \(HTTP 400\)/],
		[401, /Betatel rejected the credentials \(HTTP 401\)/],
		[402, /The Betatel account balance is too low to send this message \(HTTP 402\)/],
		[404, /No Betatel API was found at this address/],
		[429, /Betatel is limiting the request rate \(HTTP 429\)/],
		[500, /Betatel had a server error \(HTTP 500\)/],
		[503, /Betatel had a server error \(HTTP 503\)/],
		[418, /unexpected HTTP 418/],
	])('explains HTTP %i', (status, message) => {
		expect(explainStatus('Betatel', status, 'the API key and user ID').message).toMatch(message);
	});

	it('tells the user what to check when credentials are refused', () => {
		expect(explainStatus('Betatel', 401, 'the API key and user ID').description).toBe(
			'Check the API key and user ID in the credential.',
		);
	});
});

describe('providerMessage', () => {
	it.each([
		[{ message: 'to is required' }, 'to is required'],
		[{ error: 'Invalid phone number format.' }, 'Invalid phone number format.'],
		[{ 'error-info': 'Invalid Sender.' }, 'Invalid Sender.'],
		[{ message: ['to must be a string', 'text is required'] }, 'to must be a string; text is required'],
		[{ unrelated: 1 }, undefined],
		[null, undefined],
	])('reads %p', (body, expected) => {
		expect(providerMessage(body)).toBe(expected);
	});

	it('summarizes an HTML error page instead of dumping it', () => {
		const html =
			'<!DOCTYPE html><html><head><style>body{color:red}</style><title>502</title></head><body><h1>Bad Gateway</h1></body></html>';
		expect(summarizeNonJson(html)).toBe('The answer was not JSON (an HTML page): "502 Bad Gateway"');
		expect(summarizeNonJson('x'.repeat(500))).toHaveLength('The answer was not JSON: ""'.length + 201);
	});
});

describe('credential probe verdicts', () => {
	const probe = {
		provider: 'Betatel',
		url: 'http://127.0.0.1:1/api/v1/connect-hub/sms',
		headers: {},
		body: {},
		credentialHint: 'the API key and user ID',
	};

	it.each([
		[400, 'OK', /accepted the credentials/],
		[422, 'OK', /accepted the credentials/],
		[200, 'OK', /accepted the credentials/],
		[402, 'OK', /balance is too low/],
		[401, 'Error', /rejected the credentials \(HTTP 401\)\. Check the API key and user ID/],
		[403, 'Error', /rejected the credentials/],
		[404, 'Error', /No Betatel API was found at http:\/\/127\.0\.0\.1:1/],
		[500, 'Error', /answered HTTP 500/],
	])('reads HTTP %i as %s', (status, verdict, message) => {
		const result = interpretProbeStatus(probe, status);
		expect(result.status).toBe(verdict);
		expect(result.message).toMatch(message);
	});

	it('joins base URLs with or without a trailing slash', () => {
		expect(joinUrl('https://api.betatel.com/', '/api/v1/x')).toBe('https://api.betatel.com/api/v1/x');
		expect(joinUrl('https://api.betatel.com', '/api/v1/x')).toBe('https://api.betatel.com/api/v1/x');
	});
});

describe('senderIdProblem', () => {
	it.each(['Sender', 'MyBrand', 'ACME Bank', '12345', '+38761444555', '123456789012345'])('accepts %s', (sender) => {
		expect(senderIdProblem(sender)).toBeUndefined();
	});

	it.each([
		['ThisIsTooLong', /13 characters; an alphanumeric sender has at most 11/],
		['1234567890123456', /16 digits; a numeric sender has at most 15/],
		['Brand😀', /may only contain Latin letters/],
	])('refuses %s', (sender, reason) => {
		expect(senderIdProblem(sender)).toMatch(reason);
	});
});
