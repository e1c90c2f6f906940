/**
 * The bad-input corpus of the provider nodes' send operations: odd values from expressions,
 * hand-typed options out of range, broken credentials and every kind of provider answer.
 * See support.ts for what each case must hold.
 */
import type { IDataObject } from 'n8n-workflow';
import { betatelSmsFixture, betatelWhatsAppFixture, skycoreFixture, smsGatewayFixture } from '../integration/support/fixtures';
import type { SendFixture } from '../integration/support/providerContract';
import { useSandbox } from '../integration/support/sandbox';
import type { CorpusCase } from './support';
import { runCase } from './support';

const handle = useSandbox();
const SENDS: Array<[string, SendFixture]> = [
	['Betatel SMS', betatelSmsFixture],
	['Betatel WhatsApp', betatelWhatsAppFixture],
	['Skycore', skycoreFixture],
	['SMS Gateway', smsGatewayFixture],
];
const textLabel = (fixture: SendFixture) => (fixture === smsGatewayFixture ? '"Message"' : '"Text"');
const countryAt = (fixture: SendFixture, value: IDataObject[string]) =>
	fixture === smsGatewayFixture ? { defaultCountry: value } : { options: { defaultCountry: value } };

/** Recipient values an expression or a typist can produce, and the reason they must get. */
const BAD_NUMBERS: Array<[string, unknown, RegExp]> = [
	['an empty text', '', /is empty in item 1/],
	['only spaces', '   ', /is empty in item 1/],
	['null from an expression', null, /is empty in item 1/],
	['letters', 'abc', /item 1: "abc" contains characters that are not part of a phone number/],
	['a vanity number', '+1-800-FLOWERS', /contains characters that are not part of a phone number/],
	['too short', '+4412', /"\+4412" is not a valid phone number/],
	['too long', '+44791112345678901', /"\+44791112345678901" is not a valid phone number/],
	['Arabic-Indic digits', '+٤٤٧٩١١١٢٣٤٥٦', /contains characters that are not part of a phone number/],
	['full-width digits', '＋４４７９１１１２３４５６', /contains characters that are not part of a phone number/],
	['an SQL injection', "+447911123456'; DROP TABLE users;--", /contains characters that are not part of a phone number/],
	['a script tag', '<script>alert(1)</script>', /contains characters that are not part of a phone number/],
	['an expression left as text', '{{ $json.phone }}', /contains characters that are not part of a phone number/],
	['a NUL byte', '+44791112\u00003456', /contains characters that are not part of a phone number/],
	['10,000 characters', '7'.repeat(10_000), /"7{40}…" \(10000 characters\)/],
	['an object from an expression', { number: '+447911123456' }, /must be .*got an object/],
	['a fractional number', 2.5, /got a number \("2\.5"\)/],
	['true', true, /got true\/false \(true\)/],
	// (The SMS Gateway node defaults to Kenya, where this number does not exist.)
	['a national number without a default country', '07911123456', /is not an international phone number; add the country code|is not a valid phone number for KE/],
	['a landline', '+4930123456', /is a landline number/],
	['a premium-rate number', '+449090901234', /is a premium-rate number/],
];

const BAD_TEXTS: Array<[string, unknown, RegExp]> = [
	['an empty text', '', /is empty in item 1/],
	['null', null, /is empty in item 1/],
	['an object', { code: 1 }, /must be text, got an object/],
	['a list', ['a', 'b'], /must be text, got a list of 2 values/],
	['a lone surrogate', 'Code \uD83D', /has a broken character at position 6/],
	['a NUL byte', 'Code\u0000 1234', /contains a NUL character at position 5/],
];

const cases: CorpusCase[] = [];
for (const [name, fixture] of SENDS) {
	for (const [what, value, error] of BAD_NUMBERS) {
		// The gateway reads its Numbers as a list: an object or a list item has its own wording there.
		cases.push({ name: `${name}: recipient ${what}`, fixture, bad: { to: value as IDataObject[string] }, error });
	}
	for (const [what, value, error] of BAD_TEXTS) {
		cases.push({ name: `${name}: text ${what}`, fixture, bad: { text: value as IDataObject[string] }, error: new RegExp(`${textLabel(fixture)}|${error.source}`) });
	}
	cases.push(
		{ name: `${name}: unknown default country`, fixture, parameters: countryAt(fixture, 'XX'), failing: 'all', error: /Invalid "Default Country".*got the text "XX"/ },
		{ name: `${name}: default country as a number`, fixture, parameters: countryAt(fixture, '={{ 254 }}'), failing: 'all', error: /Default Country.*got a number \("254"\)/ },
		{ name: `${name}: Timeout -1`, fixture, parameters: { options: { timeout: -1 } }, failing: 'all', error: /Invalid "Timeout" option in item \d: must be a whole number from 1000 to 300000 milliseconds, got a number \("-1"\)/ },
		{ name: `${name}: Timeout 10^10`, fixture, parameters: { options: { timeout: 1e10 } }, failing: 'all', error: /"Timeout" option.*got a number \("10000000000"\)/ },
		{ name: `${name}: Timeout "soon"`, fixture, parameters: { options: { timeout: 'soon' } }, failing: 'all', error: /"Timeout" option.*got the text "soon"/ },
		{ name: `${name}: Concurrency 0`, fixture, parameters: { options: { concurrency: 0 } }, failing: 'all', error: /Invalid "Concurrency" option in item 0: must be a whole number from 1 to 100/ },
		{ name: `${name}: Concurrency 1000`, fixture, parameters: { options: { concurrency: 1000 } }, failing: 'all', error: /"Concurrency" option.*1 to 100/ },
		{ name: `${name}: Max Per Second -3`, fixture, parameters: { options: { concurrency: 1, maxPerSecond: -3 } }, failing: 'all', error: /"Max Per Second" option.*0 to 1000/ },
		{ name: `${name}: a base URL that is no URL`, fixture, credentials: garbageUrl(fixture, 'not a url'), failing: 'all', error: new RegExp(`${fixture.provider}`) },
		{ name: `${name}: a base URL where nothing listens`, fixture, credentials: (url) => fixture.credentials(url.replace(/:\d+$/, ':1')), failing: 'all', error: /Could not reach .* at http:\/\/127\.0\.0\.1:1/ },
		{ name: `${name}: wrong credentials`, fixture, credentials: fixture.wrongCredentials, failing: 'all', error: /rejected the (credentials|API key)/ },
		{ name: `${name}: HTTP 500`, fixture, fault: { status: 500, body: { message: 'Internal error' } }, error: /had a server error \(HTTP 500\)/ },
		{ name: `${name}: HTTP 503 with an HTML page`, fixture, fault: { status: 503, body: '<html><body><h1>Service Unavailable</h1></body></html>', contentType: 'text/html' }, error: /had a server error \(HTTP 503\)/ },
		// Any 2xx is a message that went out: accepted, without an ID when the answer gives none.
		{ name: `${name}: truncated JSON at HTTP 200`, fixture, fault: { status: 200, body: '{"messageId": "abc', contentType: 'application/json' }, acceptedWithoutId: true, error: /accepted the message, but its answer gave no message ID/ },
		{ name: `${name}: an empty 200`, fixture, fault: { status: 200, body: '' }, acceptedWithoutId: true, error: /accepted the message, but its answer gave no message ID/ },
		{ name: `${name}: 200 with an unexpected body`, fixture, fault: { status: 200, body: { ok: true } }, acceptedWithoutId: true, error: /accepted the message, but its answer gave no message ID/ },
		{ name: `${name}: a slow answer past the timeout`, fixture, fault: { status: 200, body: {}, delayMs: 2500 }, timeoutMs: 1000, error: /did not answer within 1000 ms/ },
		{ name: `${name}: a dropped connection`, fixture, fault: { dropConnection: true }, error: /broke before an answer came/ },
		{ name: `${name}: endless 429s`, fixture, fault: { status: 429, body: {}, headers: { 'retry-after': '0' }, times: 6 }, error: /is limiting the request rate \(HTTP 429\)/ },
	);
}

// Provider-specific fields and answers.
cases.push(
	{ name: 'Betatel SMS: sender of 12 characters', fixture: betatelSmsFixture, parameters: { from: '={{ $json.from }}' }, base: { from: 'Sender' }, bad: { from: 'ABCDEFGHIJKL' }, error: /Invalid "From" in item 1: "ABCDEFGHIJKL" has 12 characters/ },
	{ name: 'Betatel SMS: sender with an emoji', fixture: betatelSmsFixture, parameters: { from: '={{ $json.from }}' }, base: { from: 'Sender' }, bad: { from: 'Shop🛒' }, error: /may only contain Latin letters/ },
	{ name: 'Betatel SMS: numeric sender of 16 digits', fixture: betatelSmsFixture, parameters: { from: '={{ $json.from }}' }, base: { from: 'Sender' }, bad: { from: '1234567890123456' }, error: /16 digits; a numeric sender has at most 15/ },
	{ name: 'Betatel SMS: sender as an object', fixture: betatelSmsFixture, parameters: { from: '={{ $json.from }}' }, base: { from: 'Sender' }, bad: { from: { name: 'x' } }, error: /Invalid "From" in item 1: must be text, got an object/ },
	{ name: 'Betatel WhatsApp: text of 4097 characters', fixture: betatelWhatsAppFixture, bad: { text: 'a'.repeat(4097) }, error: /has 4097 characters; Betatel accepts at most 4096/ },
	{ name: 'Betatel SMS: 402 insufficient balance', fixture: betatelSmsFixture, fault: { status: 402, body: { statusCode: 402, message: 'Insufficient balance' } }, error: /balance is too low/ },
	{ name: 'Skycore: alphanumeric From', fixture: skycoreFixture, parameters: { from: '={{ $json.from }}' }, base: { from: '60856' }, bad: { from: 'MyBrand' }, error: /"MyBrand" is not a sending number/ },
	{ name: 'Skycore: mask of 12 characters', fixture: skycoreFixture, parameters: { options: { fromMask: 'ABCDEFGHIJKL' } }, failing: 'all', error: /Invalid "Sender Mask" option in item \d: "ABCDEFGHIJKL" has 12 characters/ },
	{ name: 'Skycore: mask with an emoji', fixture: skycoreFixture, parameters: { options: { fromMask: 'Shop🛒' } }, failing: 'all', error: /"Sender Mask" option.*may only contain Latin letters/ },
	{ name: 'Skycore: click tracking "maybe"', fixture: skycoreFixture, parameters: { options: { clickTracking: 'maybe' } }, failing: 'all', error: /"Click Tracking" option.*must be true or false/ },
	{ name: 'Skycore: endpoint URL empty', fixture: skycoreFixture, credentials: () => ({ apiKey: 'x', endpointUrl: '' }), failing: 'all', error: /Skycore/ },
);
for (const code of ['E100', 'E103', 'E104', 'E105', 'E109', 'E110', 'E111', 'E112', 'E114', 'E713', 'E714', 'E715', 'E999']) {
	cases.push({
		name: `Skycore: Failure ${code} at HTTP 200`,
		fixture: skycoreFixture,
		fault: { status: 200, body: { status: 'Failure', 'error-code': code, 'error-info': 'Some info.', to: '447911123456' } },
		error: new RegExp(`\\(${code}\\)$`),
	});
}
cases.push(
	{ name: 'SMS Gateway: one bad number among three', fixture: smsGatewayFixture, bad: { to: '+447911123456, 0799, +447911123457' }, error: /Invalid "Numbers" in item 1: number 2 of 3 "0799"/ },
	{ name: 'SMS Gateway: numbers as an object', fixture: smsGatewayFixture, bad: { to: { a: 1 } }, error: /Invalid "Numbers" in item 1: must be numbers separated by commas, got an object/ },
	{ name: 'SMS Gateway: unknown API version', fixture: smsGatewayFixture, parameters: { apiVersion: 'v3' }, failing: 'all', error: /Invalid "API Version" in item \d: must be one of "v1", "v2", got the text "v3"/ },
	{ name: 'SMS Gateway: unknown number format', fixture: smsGatewayFixture, parameters: { numberFormat: 'e164' }, failing: 'all', error: /Invalid "Number Format"/ },
	{ name: 'SMS Gateway: 400 invalid phone number format', fixture: smsGatewayFixture, fault: { status: 400, body: { error: 'Invalid phone number format.' } }, error: /refused the request as invalid \(HTTP 400\)/ },
	{ name: 'SMS Gateway: 401 unauthorized', fixture: smsGatewayFixture, fault: { status: 401, body: { error: 'Unauthorized.' } }, error: /rejected the credentials \(HTTP 401\)/ },
	{ name: 'SMS Gateway: 422', fixture: smsGatewayFixture, fault: { status: 422, body: { message: 'The numbers field is required.' } }, error: /refused the request as invalid \(HTTP 422\)/ },
	{ name: 'SMS Gateway: answer listing no recipients', fixture: smsGatewayFixture, fault: { status: 200, body: { status: 'success', data: { recipients: [] } } }, acceptedWithoutId: true, error: /SMS Gateway accepted the message, but its answer gave no message ID for 447911123456/ },
);

function garbageUrl(fixture: SendFixture, value: string) {
	return (url: string) => {
		const good = fixture.credentials(url);
		return 'endpointUrl' in good ? { ...good, endpointUrl: value } : { ...good, baseUrl: value };
	};
}

it(`has at least 100 cases (${cases.length})`, () => {
	expect(cases.length).toBeGreaterThanOrEqual(100);
});

it.each(cases.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', async (_name, corpusCase) => {
	await runCase(handle, corpusCase);
});

