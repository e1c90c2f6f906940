/**
 * What happens when a workflow with the trigger is published: `webhookMethods` run with
 * n8n-core's HookContext. The providers have no registration API, so nothing is registered;
 * `create` refuses a setup that could accept no request.
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeParameters } from 'n8n-workflow';
import { SmsStatusTrigger } from '../../nodes/SmsStatusTrigger/SmsStatusTrigger.node';
import { hookContext } from '../integration/trigger/support/triggerServer';

const { checkExists, create, delete: remove } = new SmsStatusTrigger().webhookMethods.default;
const credentialTest = new SmsStatusTrigger().methods.credentialTest.smsStatusTriggerBasicAuthApiTest;

async function publish(parameters: INodeParameters, basicAuth?: { user: string; password: string }) {
	const context = hookContext({ parameters, basicAuth });
	const exists = await checkExists.call(context);
	return { exists, created: exists ? undefined : await create.call(context), deleted: await remove.call(context) };
}

describe('publishing', () => {
	test.each<[string, INodeParameters, { user: string; password: string } | undefined]>([
		['no authentication', { provider: 'betatel' }, undefined],
		['a query token', { provider: 'skycore', authentication: 'queryToken', token: 'long-random-secret' }, undefined],
		['a header token', { provider: 'skycore', authentication: 'headerToken', token: 'secret', headerName: 'X-Secret' }, undefined],
		['Basic Auth', { provider: 'betatel', authentication: 'basicAuth' }, { user: 'betatel', password: 'secret' }],
	])('with %s: nothing to look up, creating succeeds, deleting succeeds', async (_name, parameters, basicAuth) => {
		expect(await publish(parameters, basicAuth)).toEqual({ exists: false, created: true, deleted: true });
	});

	test.each<[string, INodeParameters, { user: string; password: string } | undefined, string]>([
		[
			'an empty token',
			{ authentication: 'queryToken', token: '  ' },
			undefined,
			'Invalid "Token": is empty, so no request could prove it comes from the provider',
		],
		[
			'a header name with a space',
			{ authentication: 'headerToken', token: 'secret', headerName: 'X Secret' },
			undefined,
			'Invalid "Header Name": must be an HTTP header name: letters, digits and dashes, such as "x-webhook-token"',
		],
		[
			'a Basic Auth credential without a password',
			{ authentication: 'basicAuth' },
			{ user: 'betatel', password: '' },
			'The Basic Auth credential has no user or no password',
		],
		[
			'a provider the node does not know (a hand-edited workflow file)',
			{ provider: 'twilio' },
			undefined,
			'Invalid "Provider": must be one of "betatel", "skycore", got the text "twilio"',
		],
	])('with %s: refused with a sentence', async (_name, parameters, basicAuth, message) => {
		await expect(create.call(hookContext({ parameters, basicAuth }))).rejects.toThrow(message);
	});

	test('Basic Auth without a credential is refused', async () => {
		await expect(create.call(hookContext({ parameters: { authentication: 'basicAuth' } }))).rejects.toThrow(
			/credentials/i,
		);
	});
});

describe('the Basic Auth credential test (checks the fields; nothing is called)', () => {
	const test_ = (data: object) =>
		credentialTest.call({} as ICredentialTestFunctions, { data } as unknown as ICredentialsDecrypted);

	test('a user and a password are OK', async () => {
		expect(await test_({ user: 'skycore', password: 'x' })).toMatchObject({ status: 'OK' });
	});

	test.each([
		[{ user: '', password: 'x' }, 'Enter a user name'],
		[{ user: 'a:b', password: 'x' }, 'A Basic Auth user name cannot contain a colon (":")'],
		[{ user: 'a', password: '' }, 'Enter a password'],
	])('%o: %s', async (data, message) => {
		expect(await test_(data)).toEqual({ status: 'Error', message });
	});
});
