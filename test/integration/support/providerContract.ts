/**
 * What every provider's send operation must do, written once: each provider runs these cases
 * with its own fixture (test/integration/support/fixtures.ts). A case asserts both what the
 * node output and what the sandbox received, through n8n's real execution engine.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { runNode } from '../../harness/workflowRunner';
import type { RecordedRequest, SandboxHandle } from './sandbox';
import { expectNoSecrets } from './sandbox';

export interface SendFixture {
	/** Provider name as messages show it. */
	provider: string;
	nodeType: string;
	credentialType: string;
	/** Parameters of the send operation; recipient and text come from `$json.to` / `$json.text`. */
	parameters: IDataObject;
	/** The input item for one message. */
	input(to: string, text?: string): IDataObject;
	credentials(baseUrl: string): ICredentialDataDecryptedObject;
	/** Credentials the sandbox refuses. */
	wrongCredentials(baseUrl: string): ICredentialDataDecryptedObject;
	/** The sandbox path the send goes to (for injected faults). */
	path: string;
	/** What "check the credential" names for this provider. */
	credentialHint: string;
	/** The field a success answer documents for the message ID, and a success answer without it. */
	messageIdField: string;
	answerWithoutId: IDataObject;
	/** Makes the next send fail for lack of balance; returns the message the user must see. */
	exhaustBalance(handle: SandboxHandle): string;
	/** The recipient as the provider received it, for `to = +447911123456`. */
	sentTo: string;
	/** Reads the recipient out of a recorded request. */
	recipientOf(request: RecordedRequest): unknown;
	/** Parameter overrides that set the Default Country to a value. */
	withCountry(value: IDataObject[string]): IDataObject;
}

const MOBILE = '+447911123456';

export function runSendContract(fixture: SendFixture, handle: SandboxHandle): void {
	const { provider } = fixture;
	const node = (overrides: IDataObject = {}, continueOnFail = false) => ({
		type: fixture.nodeType,
		credentials: { [fixture.credentialType]: { id: '1', name: provider } },
		parameters: { ...fixture.parameters, ...overrides },
		continueOnFail,
	});
	const run = async (inputs: IDataObject[], overrides: IDataObject = {}, continueOnFail = false, baseUrl?: string) =>
		await runNode(node(overrides, continueOnFail), inputs, {
			[fixture.credentialType]: fixture.credentials(baseUrl ?? handle.url()),
		});
	const fault = (spec: IDataObject) => handle.sandbox.injectFault({ path: fixture.path, ...spec });

	describe(`${provider}: the send contract`, () => {
		it('sends one request and outputs one accepted item, linked to its input, without secrets', async () => {
			const { items, error } = await run([fixture.input(MOBILE, 'Your code is 555345')]);
			expect(error).toBeUndefined();
			expect(handle.received()).toHaveLength(1);
			expect(fixture.recipientOf(handle.received()[0])).toBe(fixture.sentTo);
			expect(items).toHaveLength(1);
			expect(items![0].pairedItem).toEqual({ item: 0 });
			expect(items![0].json).toMatchObject({ status: 'accepted', messageId: expect.stringMatching(/\S/) });
			expectNoSecrets(items);
		});

		it.each([
			[400, 'refused the request as invalid (HTTP 400)', /said: bad field/],
			[401, 'rejected the credentials (HTTP 401)', /Check .* in the credential/],
			[402, 'account balance is too low to send this message (HTTP 402)', /Top up/],
			[404, 'API was found at this address (HTTP 404)', /Check the (Base|Endpoint) URL in the credential/],
			[429, 'is limiting the request rate (HTTP 429)', /fewer messages/],
			[500, 'had a server error (HTTP 500)', /check the provider before sending again/],
			[503, 'had a server error (HTTP 503)', /check the provider before sending again/],
		])('turns an HTTP %i answer into a clear error with its real status', async (status, message, description) => {
			// Retry-After 0: a provider whose node retries 429s does so at once here.
			fault({ status, body: { message: 'bad field', error: 'bad field' }, headers: { 'retry-after': '0' }, times: 'Infinity' });
			const { items } = await run([fixture.input(MOBILE)], {}, true);
			expect(items![0].json.error).toContain(message);
			expect(items![0].json.error).toContain(provider);
			expect(items![0].json.httpCode).toBe(String(status));
			expect(items![0].json.description).toMatch(description);
			expectNoSecrets(items);
		});

		it('reports a redirect as an error naming its target and does not follow it', async () => {
			// A 307 keeps the method and body: following it would post the message again.
			const target = `${handle.url()}${fixture.path}`;
			fault({ status: 307, body: '', headers: { location: target } });
			const { items } = await run([fixture.input(MOBILE)], {}, true);
			expect(handle.received()).toHaveLength(1);
			expect(items).toHaveLength(1);
			expect(items![0].json.error).toBe(`${provider} answered with a redirect (HTTP 307 to ${target})`);
			expect(items![0].json.httpCode).toBe('307');
			expect(items![0].json.description).toMatch(/did not take the request, and the node does not follow redirects, so nothing went to an address the credential does not name/);
			expect(items![0].json.description).toMatch(/Check the (Base|Endpoint) URL in the credential/);
		});

		it('reports a refused credential once, naming what to check', async () => {
			const { items } = await runNode(node({}, true), [fixture.input(MOBILE)], {
				[fixture.credentialType]: fixture.wrongCredentials(handle.url()),
			});
			expect(items![0].json.error).toMatch(new RegExp(`^${provider} rejected`));
			expect(items![0].json.description).toContain(`Check ${fixture.credentialHint} in the credential.`);
			expect(handle.received()).toHaveLength(1);
		});

		it('reports an empty balance', async () => {
			const message = fixture.exhaustBalance(handle);
			const { error } = await run([fixture.input(MOBILE)]);
			expect(error?.message).toBe(message);
		});

		it('reports an HTML error page in one readable line', async () => {
			fault({
				status: 502,
				body: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
				contentType: 'text/html',
			});
			const { error } = await run([fixture.input(MOBILE)]);
			expect(error?.message).toBe(`${provider} had a server error (HTTP 502)`);
			expect(error?.description).toContain('The answer was not JSON (an HTML page): "502 Bad Gateway Bad Gateway"');
		});

		// Any 2xx that is not a documented refusal means the message went out: accepted, never an
		// error a user would answer by sending it again.
		it.each([
			['a 200 answer that is not JSON', { status: 200, body: '<html>maintenance</html>', contentType: 'text/html' }],
			['a success answer without the message ID', { status: 200, body: fixture.answerWithoutId, contentType: 'application/json' }],
			['a 202 with an empty body', { status: 202, body: '' }],
		])('accepts %s, with messageId null and a note saying so', async (_what, answer) => {
			fault(answer);
			const { items, error } = await run([fixture.input(MOBILE)]);
			expect(error).toBeUndefined();
			expect(items![0].json).toMatchObject({ status: 'accepted', messageId: null });
			expect(items![0].json.note).toMatch(new RegExp(`^${provider} accepted the message, but its answer gave no message ID for .+\\. It went out: do not send it again\\.$`));
			expect(items![0].json.error).toBeUndefined();
		});

		it('reads the message ID from a plausible place its document does not name (a top-level "message_id")', async () => {
			fault({ status: 200, body: { message_id: 'abc-123' }, contentType: 'application/json' });
			const { items } = await run([fixture.input(MOBILE)]);
			expect(items![0].json).toMatchObject({ status: 'accepted', messageId: 'abc-123' });
			expect(items![0].json.note).toBeUndefined();
		});

		it('waits for a slow answer within the timeout', async () => {
			handle.sandbox.configure({ latencyMs: 300 });
			const { items, error } = await run([fixture.input(MOBILE)]);
			expect(error).toBeUndefined();
			expect(items![0].json.status).toBe('accepted');
		});

		it('fails an item whose answer takes longer than the timeout, saying it may have been delivered', async () => {
			fault({ status: 200, body: '{}', delayMs: 3000 });
			const started = Date.now();
			const { error } = await run([fixture.input(MOBILE)], { options: { timeout: 1000 } });
			expect(Date.now() - started).toBeLessThan(2900);
			expect(error?.message).toBe(`${provider} did not answer within 1000 ms`);
			expect(error?.description).toContain('may still have been delivered');
		});

		it('reports a connection dropped after sending as possibly delivered, not as unreachable', async () => {
			fault({ dropConnection: true });
			const { error } = await run([fixture.input(MOBILE)]);
			expect(error?.message).toMatch(new RegExp(`^The connection to ${provider} at http://127\\.0\\.0\\.1:\\d+ broke`));
			expect(error?.description).toContain('may have been delivered');
		});

		it('refuses a credential address that is not http(s) before sending anything, naming the field', async () => {
			const ftp = handle.url().replace(/^http:/, 'ftp:');
			const { items } = await run([fixture.input(MOBILE), fixture.input('+447911123457')], {}, true, ftp);
			expect(handle.received()).toHaveLength(0);
			for (const item of items!) {
				expect(item.json.error).toMatch(new RegExp(`^The (Base|Endpoint) URL in the ${provider} credential must start with http:// or https://, got "ftp://127\\.0\\.0\\.1:\\d+"$`));
				expect(item.json.description).toMatch(/^Nothing was sent\./);
			}
		});

		it('reports an unreachable server, saying nothing was sent, without leaking the request', async () => {
			const { error } = await run([fixture.input(MOBILE)], {}, false, handle.deadUrl());
			expect(error?.message).toBe(`Could not reach ${provider} at ${handle.deadUrl()}`);
			expect(error?.description).toMatch(/^The connection failed \(ECONNREFUSED\), so nothing was sent/);
			expectNoSecrets(error);
		});

		it('with Continue On Fail, yields one result per item in order and sends only the valid ones', async () => {
			const { items, error } = await run(
				[fixture.input('not a number'), fixture.input(MOBILE, 'two'), fixture.input('+4930123456'), fixture.input(MOBILE, 'four')],
				{},
				true,
			);
			expect(error).toBeUndefined();
			expect(items!.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
			expect(items![0].json).toMatchObject({ error: expect.stringMatching(/item 0: "not a number" contains characters/), itemIndex: 0 });
			expect(items![1].json.status).toBe('accepted');
			expect(items![2].json.error).toMatch(/item 2: "\+4930123456" is a landline number/);
			expect(items![3].json.status).toBe('accepted');
			expect(handle.received()).toHaveLength(2);
			expectNoSecrets(items);
		});

		it('quotes only a short prefix of a huge value in its error', async () => {
			const { error } = await run([fixture.input('7'.repeat(10_000))]);
			expect(error?.message?.length).toBeLessThan(200);
			expect(error?.message).toContain('(10000 characters)');
			expect(handle.received()).toHaveLength(0);
		});

		it.each([
			['={{ 254 }}', 'a number ("254")'],
			['={{ { "code": "KE" } }}', 'an object'],
			['Kenya', 'the text "Kenya"'],
		])('refuses a Default Country of %p before sending, naming the field', async (country, got) => {
			const { error } = await run([fixture.input('0712345678')], fixture.withCountry(country));
			expect(error?.message).toMatch(/^Invalid "Default Country"( option)? in item 0: must be a two-letter country code/);
			expect(error?.message).toContain(`got ${got}`);
			expect(handle.received()).toHaveLength(0);
		});

		it.each([
			[-5, 'a number ("-5")'],
			[10_000_000_000, 'a number ("10000000000")'],
			['soon', 'the text "soon"'],
			[1.5, 'a number ("1.5")'],
		])('refuses a Timeout of %p before sending, naming the allowed range', async (timeout, got) => {
			const { error } = await run([fixture.input(MOBILE)], { options: { timeout } });
			expect(error?.message).toBe(
				`Invalid "Timeout" option in item 0: must be a whole number from 1000 to 300000 milliseconds, got ${got}`,
			);
			expect(handle.received()).toHaveLength(0);
		});
	});
}
