/**
 * The whole round trip inside the test process: a send node (run by n8n-core's
 * WorkflowExecute) sends through the provider sandbox, the sandbox posts its status
 * callbacks or postbacks to the trigger's webhook, and the trigger starts one execution per
 * event, with the message ID the send answered.
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../../harness/workflowRunner';
import { betatelWhatsAppFixture, skycoreFixture } from '../support/fixtures';
import { useSandbox } from '../support/sandbox';
import type { TriggerServer } from './support/triggerServer';
import { startTriggerServer } from './support/triggerServer';

const handle = useSandbox({ statusIntervalMs: 20 });
const WAIT_MS = 10000;
const RECIPIENT = '+254712345678';

let server: TriggerServer | undefined;

afterEach(async () => {
	await server?.close();
	server = undefined;
});

/** Resolves once the sandbox has delivered `count` callbacks (after the first send). */
async function callbacksDelivered(count: number): Promise<IDataObject[]> {
	await handle.sandbox.waitForCallbacks(count, WAIT_MS);
	return handle.sandbox.callbacks as IDataObject[];
}

async function sendWith(fixture: typeof betatelWhatsAppFixture, credentialName: string): Promise<string> {
	const { items, error } = await runNode(
		{ type: fixture.nodeType, parameters: fixture.parameters, credentials: { [credentialName]: { id: '1', name: 'x' } } },
		[fixture.input(RECIPIENT, 'Your code is 482910')],
		{ [credentialName]: fixture.credentials(handle.url()) },
	);
	expect(error).toBeUndefined();
	return items![0].json.messageId as string;
}

const sendWhatsAppOtp = () => sendWith(betatelWhatsAppFixture, 'betatelWhatsAppApi');
const sendSkycoreSms = () => sendWith(skycoreFixture, 'skycoreApi');

const statusesOf = (executions: IDataObject[][]) => executions.map((items) => items.map((item) => item.status));

test('WhatsApp OTP sent with the Betatel node: DELIVERED and READ start one execution each', async () => {
	server = await startTriggerServer({ parameters: { provider: 'betatel', statuses: ['delivered', 'read'] } });
	handle.sandbox.configure({ betatelWebhookUrl: server.url });

	const messageId = await sendWhatsAppOtp();
	const callbacks = await callbacksDelivered(4);

	expect(callbacks.map((callback) => callback.responseStatus)).toEqual([200, 200, 200, 200]);
	expect(statusesOf(server.executions)).toEqual([['delivered'], ['read']]);
	for (const [item] of server.executions) {
		expect(item).toMatchObject({ provider: 'betatel', channel: 'whatsapp', messageId, to: '254712345678' });
	}
});

test('a WhatsApp OTP that expires: one execution, with the error Betatel gave', async () => {
	server = await startTriggerServer({ parameters: { provider: 'betatel', statuses: ['failed', 'expired'] } });
	handle.sandbox.configure({ betatelWebhookUrl: server.url, statusOutcomes: { [RECIPIENT]: 'EXPIRED' } });

	const messageId = await sendWhatsAppOtp();
	await callbacksDelivered(3);

	expect(server.executions).toEqual([
		[expect.objectContaining({ messageId, status: 'expired', providerStatus: 'EXPIRED', errorCode: 'EXPIRED' })],
	]);
});

test.each(['json', 'xml'])('Skycore %s postbacks for a sent SMS: N201 then N202', async (format) => {
	server = await startTriggerServer({ parameters: { provider: 'skycore' } });
	handle.sandbox.configure({ skycorePostbackUrl: server.url, skycorePostbackFormat: format });

	const trackingId = await sendSkycoreSms();
	await callbacksDelivered(2);

	expect(statusesOf(server.executions)).toEqual([['sent'], ['delivered']]);
	expect(server.executions.map(([item]) => [item.messageId, item.providerStatus])).toEqual([
		[trackingId, 'N201'],
		[trackingId, 'N202'],
	]);
});

test.each([
	['FAILED', 'failed'],
	['EXPIRED', 'expired'],
	['SUBMIT_FAILED', 'failed'],
])('Skycore outcome %s, XML postbacks: %s with the code and status text', async (outcome, status) => {
	server = await startTriggerServer({ parameters: { provider: 'skycore', statuses: ['failed', 'expired'] } });
	handle.sandbox.configure({
		skycorePostbackUrl: server.url,
		skycorePostbackFormat: 'xml',
		statusOutcomes: { [RECIPIENT]: outcome },
	});

	await sendSkycoreSms();
	await callbacksDelivered(outcome === 'SUBMIT_FAILED' ? 1 : 2);

	expect(server.executions).toEqual([
		[expect.objectContaining({ status, errorCode: outcome === 'SUBMIT_FAILED' ? 'E201' : 'E202' })],
	]);
	expect(server.executions[0][0].errorInfo).toMatch(/^Message (Failed|Sent\/Failed|Sent\/Expired)$/);
});

test('with a query token: the callback URL carries it, a callback without it is refused', async () => {
	server = await startTriggerServer({
		parameters: { provider: 'betatel', authentication: 'queryToken', token: 'sandbox-status-token' },
	});
	handle.sandbox.configure({ betatelWebhookUrl: `${server.url}?token=sandbox-status-token` });
	await sendWhatsAppOtp();
	await callbacksDelivered(4);
	expect(server.executions).toHaveLength(4);

	handle.sandbox.reset();
	handle.sandbox.configure({ statusIntervalMs: 20, betatelWebhookUrl: server.url });
	await sendWhatsAppOtp();
	const refused = await callbacksDelivered(4);
	expect(refused.map((callback) => callback.responseStatus)).toEqual([401, 401, 401, 401]);
	expect(server.executions).toHaveLength(4);
});
