/** The SMS Gateway credential dialog's "Test" button: every secret checked, nothing sent. */
import type { IDataObject } from 'n8n-workflow';
import { nodeType } from '../../harness/workflowRunner';
import { SANDBOX_CREDENTIALS, useSandbox } from '../support/sandbox';

const handle = useSandbox();
const test = (data: IDataObject) =>
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	(nodeType('smsGateway') as any).methods.credentialTest.smsGatewayApiTest.call({}, { id: '1', name: 'c', type: 'smsGatewayApi', data });
const good = () => ({ ...SANDBOX_CREDENTIALS.smsGateway, baseUrl: `${handle.url()}/gateway/api` });

it('checks the API key (balance) and the login (a v1 send without numbers); nothing is sent', async () => {
	await expect(test(good())).resolves.toEqual({
		status: 'OK',
		message: 'SMS Gateway accepted the API key and the username and password.',
	});
	expect(handle.received().map((request) => [request.method, request.path, request.responseStatus])).toEqual([
		['GET', '/gateway/api/v2/account/balance', 200],
		['POST', '/gateway/api/v1/sms/send', 400],
	]);
	expect(handle.sandbox.getConfig().gatewayBalance).toBe(10000);
});

it('checks the login alone when there is no API key', async () => {
	await expect(test({ ...good(), apiKey: '' })).resolves.toEqual({
		status: 'OK',
		message: 'SMS Gateway accepted the username and password.',
	});
});

it('says which secret is wrong', async () => {
	await expect(test({ ...good(), password: 'nope' })).resolves.toMatchObject({
		status: 'Error',
		message: expect.stringMatching(/^Username and password: SMS Gateway rejected the credentials \(HTTP 401\)/),
	});
	await expect(test({ ...good(), apiKey: 'nope' })).resolves.toMatchObject({
		status: 'Error',
		message: expect.stringMatching(/^API key: SMS Gateway rejected the credentials \(HTTP 401\)/),
	});
});

it('asks for what is missing, and explains an unreachable gateway', async () => {
	await expect(test({ baseUrl: '', username: 'a' })).resolves.toEqual({ status: 'Error', message: 'Enter the Base URL of the gateway.' });
	await expect(test({ baseUrl: good().baseUrl })).resolves.toEqual({
		status: 'Error',
		message: 'Enter a username and password, or an API key.',
	});
	await expect(test({ ...good(), baseUrl: 'ftp://sms.example.com/api' })).resolves.toEqual({
		status: 'Error',
		message: 'The Base URL must start with http:// or https://, got "ftp://sms.example.com".',
	});
	expect(handle.received()).toHaveLength(0);
	await expect(test({ ...good(), baseUrl: handle.deadUrl() })).resolves.toMatchObject({
		status: 'Error',
		message: expect.stringContaining(`Could not reach SMS Gateway at ${handle.deadUrl()} (ECONNREFUSED)`),
	});
});
