/** The shared request kernel's pure parts: how answers read, and the sentences users see. */
import { providerMessage, retryAfterMs, summarizeNonJson } from '../../nodes/shared/http/answers';
import { probeVerdict } from '../../nodes/shared/http/credentialProbe';
import { explainFailure } from '../../nodes/shared/http/errors';
import type { FailureKind } from '../../nodes/shared/http/profile';
import { interpretHttpStatus, kindOfStatus } from '../../nodes/shared/http/profile';
import { joinUrl, originOf } from '../../nodes/shared/http/url';
import { betatelProfile } from '../../nodes/Betatel/transport';

describe('kindOfStatus and interpretHttpStatus', () => {
	it.each<[number, FailureKind]>([
		[400, 'invalidInput'],
		[422, 'invalidInput'],
		[401, 'auth'],
		[403, 'auth'],
		[402, 'balance'],
		[404, 'notFound'],
		[429, 'rateLimit'],
		[500, 'server'],
		[503, 'server'],
		[418, 'unexpected'],
	])('reads HTTP %i as %s', (status, kind) => {
		expect(kindOfStatus(status)).toBe(kind);
		expect(interpretHttpStatus({ statusCode: status, headers: {}, body: {} })).toMatchObject({ ok: false, kind });
	});

	it('accepts any 2xx: a JSON object as it is, anything else as an empty object (the request went in)', () => {
		expect(interpretHttpStatus({ statusCode: 200, headers: {}, body: { id: 1 } })).toEqual({ ok: true, body: { id: 1 } });
		expect(interpretHttpStatus({ statusCode: 200, headers: {}, body: '<html>down</html>' })).toEqual({ ok: true, body: {} });
		expect(interpretHttpStatus({ statusCode: 204, headers: {}, body: undefined })).toEqual({ ok: true, body: {} });
	});

	it('marks only a 429 as certainly not accepted', () => {
		expect(interpretHttpStatus({ statusCode: 429, headers: {}, body: {} })).toMatchObject({ notAccepted: true });
		expect(interpretHttpStatus({ statusCode: 500, headers: {}, body: {} })).toMatchObject({ notAccepted: false });
	});
});

describe('explainFailure', () => {
	it.each<[FailureKind, RegExp]>([
		['invalidInput', /^Betatel refused the request as invalid \(HTTP 400\)$/],
		['auth', /^Betatel rejected the credentials \(HTTP 400\)$/],
		['balance', /^The Betatel account balance is too low to send this message \(HTTP 400\)$/],
		['notFound', /^No Betatel API was found at this address/],
		['rateLimit', /^Betatel is limiting the request rate/],
		['server', /^Betatel had a server error/],
		['redirect', /^Betatel answered with a redirect \(HTTP 400\)$/],
		['unexpected', /^Betatel answered with an unexpected HTTP 400/],
	])('explains %s', (kind, message) => {
		expect(explainFailure('Betatel', kind, 'HTTP 400', 'the API key').message).toMatch(message);
	});

	it('tells the user what to check when credentials are refused', () => {
		expect(explainFailure('Betatel', 'auth', 'HTTP 401', 'the API key and user ID').description).toBe(
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

	it('cuts a long provider message', () => {
		expect(providerMessage({ message: 'x'.repeat(5000) })).toHaveLength(301);
	});

	it('summarizes an HTML error page instead of dumping it', () => {
		const html =
			'<!DOCTYPE html><html><head><style>body{color:red}</style><title>502</title></head><body><h1>Bad Gateway</h1></body></html>';
		expect(summarizeNonJson(html)).toBe('The answer was not JSON (an HTML page): "502 Bad Gateway"');
		expect(summarizeNonJson('x'.repeat(500))).toHaveLength('The answer was not JSON: ""'.length + 201);
	});
});

describe('retryAfterMs', () => {
	const now = Date.UTC(2026, 0, 1);
	it.each([
		[{ 'retry-after': '3' }, 3000],
		[{ 'retry-after': '0.5' }, 500],
		[{ 'retry-after': new Date(now + 7000).toUTCString() }, 7000],
		[{ 'x-ratelimit-reset': String(now / 1000 + 12) }, 12000],
		[{ 'retry-after': ['2'] }, 2000],
		[{}, undefined],
		[{ 'retry-after': 'soon' }, undefined],
	])('reads %p', (headers, expected) => {
		expect(retryAfterMs(headers, now)).toBe(expected);
	});
});

describe('credential probe verdicts (read by the provider profile)', () => {
	const probe = {
		profile: betatelProfile,
		credentialType: 'betatelSmsApi',
		method: 'POST' as const,
		url: 'http://127.0.0.1:1/api/v1/connect-hub/sms',
		headers: {},
		body: {},
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
		[308, 'Error', /answered with a redirect \(HTTP 308\), which the nodes do not follow\. Check the Base URL/],
	])('reads HTTP %i as %s', (status, verdict, message) => {
		const result = probeVerdict(probe, { statusCode: status, headers: {}, body: {} });
		expect(result.status).toBe(verdict);
		expect(result.message).toMatch(message);
	});
});

describe('URLs', () => {
	it('joins base URLs with or without a trailing slash', () => {
		expect(joinUrl('https://api.betatel.com/', '/api/v1/x')).toBe('https://api.betatel.com/api/v1/x');
		expect(joinUrl('https://api.betatel.com', '/api/v1/x')).toBe('https://api.betatel.com/api/v1/x');
	});

	it('shows only the origin of a URL in messages', () => {
		expect(originOf('https://user:pw@api.example.com:8443/x?key=secret')).toBe('https://api.example.com:8443');
		expect(originOf('not a url')).toBe('not a url');
	});
});
