/**
 * The provider kit is enough for a new provider: Example SMS (test/providerKit/exampleSms/),
 * made of a profile, its fields, a credential and a sandbox fixture and nothing else, keeps the
 * same send contract as the shipped providers, and its Send in Bulk works from the same kit.
 */
import type { IDataObject } from 'n8n-workflow';
import { registerTestTypes, runNode } from '../harness/workflowRunner';
import { ExampleSms } from '../providerKit/exampleSms/ExampleSms.node';
import { ExampleSmsApi } from '../providerKit/exampleSms/ExampleSmsApi.credentials';
import type { SendFixture } from './support/providerContract';
import { runSendContract } from './support/providerContract';
import { useSandbox } from './support/sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const exampleSandbox = require('../providerKit/exampleSms/sandboxProvider');

registerTestTypes([new ExampleSms()], [new ExampleSmsApi()]);
const handle = useSandbox({ extraProviders: [exampleSandbox] });
const API_KEY = exampleSandbox.credentials.exampleSms.apiKey as string;

const exampleSmsFixture: SendFixture = {
	provider: 'Example SMS',
	nodeType: 'test.exampleSms',
	credentialType: 'exampleSmsApi',
	parameters: { resource: 'sms', operation: 'send', from: 'Sender', to: '={{ $json.to }}', text: '={{ $json.text }}', options: {} },
	input: (to, text = 'Your code is 555345') => ({ to, text }),
	credentials: (baseUrl) => ({ apiKey: API_KEY, baseUrl: `${baseUrl}/example-sms` }),
	wrongCredentials: (baseUrl) => ({ apiKey: 'wrong-key', baseUrl: `${baseUrl}/example-sms` }),
	path: '/example-sms/v1/messages',
	credentialHint: 'the API key',
	messageIdField: 'id',
	answerWithoutId: { status: 'queued' },
	exhaustBalance: ({ sandbox }) => {
		sandbox.configure({ exampleSmsBalance: 0 });
		return 'The Example SMS account balance is too low to send this message (HTTP 402)';
	},
	sentTo: '447911123456',
	recipientOf: (request) => request.body?.to,
	withCountry: (value) => ({ options: { defaultCountry: value } }),
};

describe('Example SMS, a provider made with the kit alone', () => {
	runSendContract(exampleSmsFixture, handle);

	it('sends in bulk: one request per number, one output item per number, repeats sent once', async () => {
		const node = {
			type: 'test.exampleSms',
			credentials: { exampleSmsApi: { id: '1', name: 'Example SMS' } },
			parameters: { resource: 'sms', operation: 'sendBulk', from: 'Sender', recipients: '={{ $json.to }}', text: 'Hello', options: {} } as IDataObject,
		};
		const inputs = [{ to: '+447911123456, +447911123457' }, { to: '+447911123458' }, { to: '+447911123456' }];
		const { items, error } = await runNode(node, inputs, { exampleSmsApi: exampleSmsFixture.credentials(handle.url()) });
		expect(error).toBeUndefined();
		expect(handle.received().map((request) => request.body?.to).sort()).toEqual(['447911123456', '447911123457', '447911123458']);
		expect(items!.map((item) => [item.json.to, item.json.status])).toEqual([
			['447911123456', 'accepted'],
			['447911123457', 'accepted'],
			['447911123458', 'accepted'],
			['447911123456', 'duplicate'],
		]);
	});
});
