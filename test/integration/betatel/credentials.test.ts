/** The Betatel credential dialog's "Test" button, called the way n8n's credentials tester calls it. */
import type { IDataObject } from 'n8n-workflow';
import { nodeType } from '../../harness/workflowRunner';
import { SANDBOX_CREDENTIALS, useSandbox } from '../support/sandbox';

const handle = useSandbox();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const tests = (nodeType('betatel') as any).methods.credentialTest;
const testSms = (data: IDataObject) =>
	tests.betatelSmsApiTest.call({}, { id: '1', name: 'c', type: 'betatelSmsApi', data });
const testWhatsApp = (data: IDataObject) =>
	tests.betatelWhatsAppApiTest.call({}, { id: '2', name: 'c', type: 'betatelWhatsAppApi', data });

it('accepts valid SMS credentials without sending a message', async () => {
	await expect(testSms({ ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: handle.url() })).resolves.toEqual({
		status: 'OK',
		message: 'Betatel accepted the credentials.',
	});
	const [request] = handle.received();
	expect(request.path).toBe('/api/v1/connect-hub/sms');
	expect(request.headers['x-api-key']).toBe(SANDBOX_CREDENTIALS.betatelSms.apiKey);
	expect(request.headers['x-user-id']).toBe(SANDBOX_CREDENTIALS.betatelSms.userId);
	expect(JSON.parse(request.rawBody)).toEqual({});
	expect(request.responseStatus).toBe(400);
	expect(handle.sandbox.callbacks).toHaveLength(0);
});

it('reports a wrong SMS key as rejected', async () => {
	await expect(testSms({ apiKey: 'nope', userId: 'sandbox-user-id', baseUrl: handle.url() })).resolves.toEqual({
		status: 'Error',
		message: 'Betatel rejected the credentials (HTTP 401). Check the API key and user ID.',
	});
});

it('accepts valid WhatsApp credentials and rejects a wrong account id', async () => {
	await expect(testWhatsApp({ ...SANDBOX_CREDENTIALS.betatelWhatsApp, baseUrl: handle.url() })).resolves.toMatchObject({
		status: 'OK',
	});
	expect(handle.received()[0].path).toBe('/api/v1/connect-hub/whatsapp/otp');
	expect(handle.received()[0].headers['x-account-id']).toBe(SANDBOX_CREDENTIALS.betatelWhatsApp.accountId);
	await expect(
		testWhatsApp({ ...SANDBOX_CREDENTIALS.betatelWhatsApp, accountId: 'other', baseUrl: handle.url() }),
	).resolves.toEqual({
		status: 'Error',
		message: 'Betatel rejected the credentials (HTTP 401). Check the API key and account ID.',
	});
});

it('explains a base URL that is not Betatel, and one that does not answer', async () => {
	await expect(
		testSms({ ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: `${handle.url()}/nothing-here` }),
	).resolves.toMatchObject({ status: 'Error', message: expect.stringContaining('No Betatel API was found') });
	await expect(testSms({ ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: handle.deadUrl() })).resolves.toEqual({
		status: 'Error',
		message: `Could not reach Betatel at ${handle.deadUrl()} (ECONNREFUSED). Check the Base URL.`,
	});
});

it('refuses a base URL that is not http(s) without sending anything, naming the field', async () => {
	await expect(testSms({ ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: 'ftp://api.betatel.com' })).resolves.toEqual({
		status: 'Error',
		message: 'The Base URL must start with http:// or https://, got "ftp://api.betatel.com".',
	});
	await expect(testSms({ ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: 'api.betatel.com' })).resolves.toMatchObject({
		message: 'The Base URL must start with http:// or https://, got "api.betatel.com".',
	});
	expect(handle.received()).toHaveLength(0);
});

it('reports a base URL that redirects, without following it', async () => {
	const target = `${handle.url()}/api/v1/connect-hub/sms`;
	handle.sandbox.injectFault({ path: '/api/v1/connect-hub/sms', status: 301, body: '', headers: { location: target } });
	await expect(testSms({ ...SANDBOX_CREDENTIALS.betatelSms, baseUrl: handle.url() })).resolves.toEqual({
		status: 'Error',
		message: `Betatel at ${handle.url()} answered with a redirect (HTTP 301 to ${target}), which the nodes do not follow. Check the Base URL.`,
	});
	expect(handle.received()).toHaveLength(1);
});
