/** Betatel Send SMS: what only this operation does (the shared cases are in contract.test.ts). */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../../harness/workflowRunner';
import { betatelSmsFixture as fixture } from '../support/fixtures';
import { expectNoSecrets, SANDBOX_CREDENTIALS, useSandbox } from '../support/sandbox';

const handle = useSandbox();
const node = (parameters: IDataObject = {}, continueOnFail = false) => ({
	type: fixture.nodeType,
	credentials: { betatelSmsApi: { id: '1', name: 'Betatel SMS' } },
	parameters: { ...fixture.parameters, from: '={{ $json.from }}', ...parameters },
	continueOnFail,
});
const credentials = () => ({ betatelSmsApi: fixture.credentials(handle.url()) });

it('sends exactly the documented request and outputs the normalized result', async () => {
	const { items, error } = await runNode(
		node(),
		[{ from: 'Sender', to: '+38 161 444 555', text: 'Your code is 555345' }],
		credentials(),
	);
	expect(error).toBeUndefined();
	const [request] = handle.received();
	expect(request.method).toBe('POST');
	expect(request.path).toBe('/api/v1/connect-hub/sms');
	expect(request.headers['content-type']).toMatch(/^application\/json/);
	expect(request.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.betatelSms.apiKey);
	expect(request.headers['x-user-id']).toBe(SANDBOX_CREDENTIALS.betatelSms.userId);
	expect(request.headers['x-account-id']).toBeUndefined();
	expect(JSON.parse(request.rawBody)).toEqual({ from: 'Sender', to: '38161444555', text: 'Your code is 555345' });
	expect(items).toEqual([
		{
			json: {
				messageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				from: 'Sender',
				to: '38161444555',
				provider: 'betatel',
				channel: 'sms',
				status: 'accepted',
				encoding: 'GSM-7',
				segments: 1,
			},
			pairedItem: { item: 0 },
		},
	]);
	expectNoSecrets(items);
});

it('reads national numbers with the default country and counts UCS-2 segments', async () => {
	const text = `Код: 555345 ${'ж'.repeat(60)}`;
	const { items } = await runNode(
		node({ options: { defaultCountry: 'KE' } }),
		[{ from: 'MyBrand', to: '0701 234 567', text }],
		credentials(),
	);
	expect(handle.received()[0].body).toEqual({ from: 'MyBrand', to: '254701234567', text });
	expect(items![0].json).toMatchObject({ to: '254701234567', encoding: 'UCS-2', segments: 2 });
});

it('accepts a default country typed in lower case', async () => {
	const { error } = await runNode(
		node({ options: { defaultCountry: 'ke' } }),
		[{ from: 'MyBrand', to: '0701234567', text: 'hi' }],
		credentials(),
	);
	expect(error).toBeUndefined();
	expect(handle.received()[0].body?.to).toBe('254701234567');
});

it('without Continue On Fail, stops at the first bad item after sending the good ones before it', async () => {
	const { items, error } = await runNode(
		node(),
		[
			{ from: 'Sender', to: '+38161444555', text: 'ok' },
			{ from: 'Sender', to: '12ab', text: 'ok' },
		],
		credentials(),
	);
	expect(items).toBeUndefined();
	expect(error?.message).toBe(
		'Invalid "To" in item 1: "12ab" contains characters that are not part of a phone number (only digits, spaces, + ( ) - . / are allowed)',
	);
	// As in n8n's own item loop: the item before it went out, none after it.
	expect(handle.received()).toHaveLength(1);
});

it.each([
	['ThisSenderIsTooLong', 'Invalid "From" in item 0: "ThisSenderIsTooLong" has 19 characters; a sender name has at most 11'],
	['Brand™', 'Invalid "From" in item 0: "Brand™" may only contain Latin letters, digits, spaces and . - _ &'],
	['1234567890123456', 'Invalid "From" in item 0: "1234567890123456" has 16 digits; a numeric sender has at most 15'],
])('refuses the sender %p before sending', async (from, message) => {
	const { error } = await runNode(node(), [{ from, to: '+447911123456', text: 'hi' }], credentials());
	expect(error?.message).toBe(message);
	expect(handle.received()).toHaveLength(0);
});

it.each([
	['  ', '"Text" is empty in item 0'],
	['={{ null }}', '"Text" is empty in item 0'],
	['={{ { "a": 1 } }}', 'Invalid "Text" in item 0: must be text, got an object'],
	['={{ [1, 2] }}', 'Invalid "Text" in item 0: must be text, got a list of 2 values'],
])('refuses the text %p before sending', async (text, message) => {
	const { error } = await runNode(node({ text }), [{ from: 'Sender', to: '+447911123456' }], credentials());
	expect(error?.message).toBe(message);
	expect(handle.received()).toHaveLength(0);
});

it('sends a text that an expression returned as a number', async () => {
	const { error } = await runNode(node({ text: '={{ 555345 }}' }), [{ from: 'Sender', to: '+447911123456' }], credentials());
	expect(error).toBeUndefined();
	expect(handle.received()[0].body?.text).toBe('555345');
});
