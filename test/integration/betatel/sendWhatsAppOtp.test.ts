/** Betatel Send WhatsApp OTP: what only this operation does (shared cases: contract.test.ts). */
import { runNode } from '../../harness/workflowRunner';
import { betatelWhatsAppFixture as fixture } from '../support/fixtures';
import { expectNoSecrets, SANDBOX_CREDENTIALS, useSandbox } from '../support/sandbox';

const handle = useSandbox();
const node = (continueOnFail = false) => ({
	type: fixture.nodeType,
	credentials: { betatelWhatsAppApi: { id: '2', name: 'Betatel WhatsApp' } },
	parameters: fixture.parameters,
	continueOnFail,
});
const credentials = () => ({ betatelWhatsAppApi: fixture.credentials(handle.url()) });

it('sends exactly the documented request and outputs the normalized result', async () => {
	const { items, error } = await runNode(node(), [{ to: '+387 61 444 555', text: '482910' }], credentials());
	expect(error).toBeUndefined();
	const [request] = handle.received();
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
		node(true),
		[
			{ to: '+38761444555', text: 'a'.repeat(4096) },
			{ to: '+38761444555', text: 'a'.repeat(4097) },
		],
		credentials(),
	);
	expect(items![0].json.status).toBe('accepted');
	expect(items![1].json.error).toBe('Invalid "Text" in item 1: has 4097 characters; Betatel accepts at most 4096');
	expect(handle.received()).toHaveLength(1);
});

it('counts an emoji as one character against the limit', async () => {
	const { items } = await runNode(node(true), [{ to: '+38761444555', text: '😀'.repeat(4096) }], credentials());
	expect(items![0].json.status).toBe('accepted');
});
