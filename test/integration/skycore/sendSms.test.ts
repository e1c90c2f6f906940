/** Skycore Send SMS: what only this provider does (the shared cases are in contract.test.ts). */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../../harness/workflowRunner';
import { skycoreFixture as fixture } from '../support/fixtures';
import { expectNoSecrets, SANDBOX_CREDENTIALS, useSandbox } from '../support/sandbox';

const handle = useSandbox();
const node = (parameters: IDataObject = {}, continueOnFail = false) => ({
	type: fixture.nodeType,
	credentials: { skycoreApi: { id: '3', name: 'Skycore' } },
	parameters: { ...fixture.parameters, ...parameters },
	continueOnFail,
});
const credentials = () => ({ skycoreApi: fixture.credentials(handle.url()) });
const failure = (code: string, info: string) =>
	handle.sandbox.injectFault({
		path: fixture.path,
		status: 200,
		body: { status: 'Failure', 'error-code': code, 'error-info': info, to: '17743199144' },
	});

it('sends exactly the documented request and outputs Skycore fields plus the normalized ones', async () => {
	const { items, error } = await runNode(node(), [{ to: '+1 (774) 319-9144', text: 'Your code is 555345' }], credentials());
	expect(error).toBeUndefined();
	const [request] = handle.received();
	expect(request.method).toBe('POST');
	expect(request.path).toBe('/skycore/api/v2');
	expect(request.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.skycore.apiKey);
	expect(request.headers['content-type']).toMatch(/^application\/json/);
	expect(JSON.parse(request.rawBody)).toEqual({
		action: 'sendsms',
		'message-text': 'Your code is 555345',
		to: '17743199144',
		from: '60856',
	});
	expect(items).toEqual([
		{
			json: {
				'tracking-id': expect.stringMatching(/^[0-9a-f]{12}$/),
				'status-details': 'SMS request accepted and queued for delivery',
				from: '60856',
				to: '17743199144',
				provider: 'skycore',
				channel: 'sms',
				messageId: items![0].json['tracking-id'],
				status: 'accepted',
				encoding: 'GSM-7',
				segments: 1,
			},
			pairedItem: { item: 0 },
		},
	]);
	expectNoSecrets(items);
});

it('sends the sender mask, campaign reference and click tracking options as documented', async () => {
	await runNode(
		node({ options: { fromMask: 'Dunder Miff', campaignRef: 'campaign2345', clickTracking: true } }),
		[{ to: '+17743199144', text: 'Visit https://example.com/' }],
		credentials(),
	);
	expect(handle.received()[0].body).toMatchObject({
		'from-mask': 'Dunder Miff',
		'campaign-ref': 'campaign2345',
		'click-tracking': true,
	});
});

it('leaves out options that are not set', async () => {
	await runNode(node({ options: { fromMask: '', campaignRef: '  ', clickTracking: false } }), [{ to: '+17743199144', text: 'hi' }], credentials());
	expect(Object.keys(handle.received()[0].body ?? {}).sort()).toEqual(['action', 'from', 'message-text', 'to']);
});

it('refuses a sender mask Skycore would cut, instead of letting a brand name be cut', async () => {
	const { error } = await runNode(node({ options: { fromMask: 'Dunder Mifflin' } }), [{ to: '+17743199144', text: 'hi' }], credentials());
	expect(error?.message).toBe(
		'Invalid "Sender Mask" option in item 0: "Dunder Mifflin" has 14 characters; a sender name has at most 11',
	);
	expect(handle.received()).toHaveLength(0);
});

it.each([
	['MyBrand', /^Invalid "From" in item 0: "MyBrand" is not a sending number; Skycore sends from a shortcode/],
	['12', /"12" is not a sending number/],
	['1234567890123456', /is not a sending number/],
])('refuses the sender %p before sending, pointing a brand name to the mask', async (from, message) => {
	const { error } = await runNode(node({ from }), [{ to: '+17743199144', text: 'hi' }], credentials());
	expect(error?.message).toMatch(message);
	expect(handle.received()).toHaveLength(0);
});

it('accepts a sender typed with a plus sign or spaces, and sends its digits', async () => {
	await runNode(node({ from: '+1 888 555 0100' }), [{ to: '+17743199144', text: 'hi' }], credentials());
	expect(handle.received()[0].body?.from).toBe('18885550100');
});

it('reports a Failure answered with HTTP 200 as an error carrying the code and the info, without an HTTP code', async () => {
	failure('E110', 'Invalid Receiver.');
	const { items } = await runNode(node({}, true), [{ to: '+17743199144', text: 'hi' }], credentials());
	expect(items![0].json).toEqual({
		error: 'Skycore refused the recipient number (Invalid Receiver) (E110)',
		description:
			'Skycore said: Invalid Receiver. "To" must be a mobile number that Skycore can reach, with its country code.',
		errorCode: 'E110',
		itemIndex: 0,
	});
});

it.each([
	['E100', 'Skycore refused the request as invalid (E100)'],
	['E103', 'Skycore rejected the API key (E103)'],
	['E104', 'Skycore rejected the API key (E104)'],
	['E105', 'Skycore rejected the API key (E105)'],
	['E109', 'Skycore rejected the API key (E109)'],
	['E111', 'Skycore refused the sender (Invalid Sender) (E111)'],
	['E112', "Skycore does not accept requests from this n8n server's IP address (E112)"],
	['E114', 'Skycore refused the recipient: the number is blacklisted (E114)'],
	['E713', 'Skycore could not bill the account (E713)'],
	['E714', 'Skycore refused the campaign (E714)'],
	['E715', 'Skycore refused the campaign (E715)'],
	['E999', 'Skycore refused the request (E999)'],
])('explains the error code %s', async (code, message) => {
	failure(code, 'Some info.');
	const { error } = await runNode(node(), [{ to: '+17743199144', text: 'hi' }], credentials());
	expect(error?.message).toBe(message);
	expect(error?.description).toContain('Skycore said: Some info.');
});

it.each([
	['E106', "Skycore says the API is called too often (E106)"],
	['E113', "The Skycore account's throughput limit was exceeded (E113)"],
	['E120', "The Skycore account's request limit was reached (E120)"],
])('reads the throttling code %s as "not taken": waits, sends again once, and succeeds', async (code, message) => {
	failure(code, 'Slow down.');
	const { items, error } = await runNode(node(), [{ to: '+17743199144', text: 'hi' }], credentials());
	expect(error).toBeUndefined();
	expect(items![0].json.status).toBe('accepted');
	expect(handle.received()).toHaveLength(2);
	expect(handle.sandbox.accepted).toHaveLength(1);
	// The sentence a user sees if the throttling never ends:
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	expect(require('../../../nodes/Skycore/transport/errorCodes').explainSkycoreCode(code).message).toBe(message);
});

it('reads the status case-insensitively, as the document writes it both ways', async () => {
	handle.sandbox.injectFault({
		path: fixture.path,
		status: 200,
		body: { status: 'failure', 'error-code': 'e111', 'error-info': 'Invalid Sender.', to: '' },
	});
	const { error } = await runNode(node(), [{ to: '+17743199144', text: 'hi' }], credentials());
	expect(error?.message).toBe('Skycore refused the sender (Invalid Sender) (E111)');
});

it('accepts an answer whose status is neither Success nor Failure: only a Failure is documented as not taken', async () => {
	handle.sandbox.injectFault({ path: fixture.path, status: 200, body: { status: 'Queued', 'tracking-id': 'abc' } });
	const { items, error } = await runNode(node(), [{ to: '+17743199144', text: 'hi' }], credentials());
	expect(error).toBeUndefined();
	expect(items![0].json).toMatchObject({ status: 'accepted', messageId: 'abc' });
});

it('reports a Failure without an error code as a refusal: nothing was taken', async () => {
	handle.sandbox.injectFault({ path: fixture.path, status: 200, body: { status: 'Failure', to: '17743199144' } });
	const { error } = await runNode(node(), [{ to: '+17743199144', text: 'hi' }], credentials());
	expect(error?.message).toBe('Skycore refused the request (HTTP 200)');
	expect(error?.description).toBe('Skycore did not take the message.');
});

it('maps the real sandbox refusal of a wrong key (E103 at HTTP 200)', async () => {
	const { error } = await runNode(node(), [{ to: '+17743199144', text: 'hi' }], {
		skycoreApi: fixture.wrongCredentials(handle.url()),
	});
	expect(error?.message).toBe('Skycore rejected the API key (E103)');
	expect(error?.description).toBe(
		'Skycore said: Authentication failed. Invalid API key. Check the API key and the endpoint URL in the credential. The key is case-sensitive.',
	);
	expect(JSON.stringify(error)).not.toContain('wrong-key');
});
