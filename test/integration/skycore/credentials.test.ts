/** The Skycore credential dialog's "Test" button, called the way n8n's credentials tester calls it. */
import type { IDataObject } from 'n8n-workflow';
import { nodeType } from '../../harness/workflowRunner';
import { SANDBOX_CREDENTIALS, useSandbox } from '../support/sandbox';

const handle = useSandbox();
const test = (data: IDataObject) =>
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	(nodeType('skycore') as any).methods.credentialTest.skycoreApiTest.call({}, { id: '1', name: 'c', type: 'skycoreApi', data });
const endpoint = () => `${handle.url()}/skycore/api/v2`;

it('accepts a valid key without sending a message', async () => {
	await expect(test({ ...SANDBOX_CREDENTIALS.skycore, endpointUrl: endpoint() })).resolves.toEqual({
		status: 'OK',
		message: 'Skycore accepted the credentials.',
	});
	const [request] = handle.received();
	expect(request.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.skycore.apiKey);
	expect(JSON.parse(request.rawBody)).toEqual({ action: 'sendsms' });
	expect(handle.sandbox.callbacks).toHaveLength(0);
});

it('reports a wrong key with the code Skycore gave', async () => {
	await expect(test({ apiKey: 'nope', endpointUrl: endpoint() })).resolves.toEqual({
		status: 'Error',
		message: 'Skycore rejected the credentials (E103). Check the API key and the endpoint URL.',
	});
});

it('explains a missing, wrong or unreachable endpoint', async () => {
	await expect(test({ apiKey: 'x', endpointUrl: '' })).resolves.toEqual({
		status: 'Error',
		message: 'Enter the Endpoint URL of your Skycore account.',
	});
	await expect(test({ ...SANDBOX_CREDENTIALS.skycore, endpointUrl: `${handle.url()}/nothing` })).resolves.toMatchObject({
		status: 'Error',
		message: expect.stringContaining('No Skycore API was found'),
	});
	await expect(test({ ...SANDBOX_CREDENTIALS.skycore, endpointUrl: 'ftp://api.skycore.com/API/wrapper.php' })).resolves.toEqual({
		status: 'Error',
		message: 'The Endpoint URL must start with http:// or https://, got "ftp://api.skycore.com".',
	});
	await expect(test({ ...SANDBOX_CREDENTIALS.skycore, endpointUrl: handle.deadUrl() })).resolves.toEqual({
		status: 'Error',
		message: `Could not reach Skycore at ${handle.deadUrl()} (ECONNREFUSED). Check the Endpoint URL.`,
	});
});
