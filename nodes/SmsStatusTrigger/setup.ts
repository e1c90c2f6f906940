/**
 * Checks made when the workflow is published or starts listening for a test event, so a
 * trigger that could never accept a request (an empty token, an incomplete Basic Auth
 * credential) fails to publish with a sentence saying why, instead of refusing every
 * provider call later. Also the Basic Auth credential's test, which can only check the
 * fields: the providers call n8n, n8n calls no one.
 */
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { basicAuthSecrets } from './webhook/authenticate';
import { BASIC_AUTH_CREDENTIAL, readAuthenticationSettings, readEventSettings } from './webhook/settings';

export async function checkTriggerSetup(context: IHookFunctions): Promise<void> {
	const authentication = readAuthenticationSettings(context);
	readEventSettings(context);
	if (authentication.mode === 'basicAuth') {
		basicAuthSecrets(context, await context.getCredentials(BASIC_AUTH_CREDENTIAL));
	}
}

export async function smsStatusTriggerBasicAuthApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const { user, password } = credential.data ?? {};
	if (typeof user !== 'string' || user.trim() === '') return { status: 'Error', message: 'Enter a user name' };
	// RFC 7617: the user name ends at the first colon, so a user with one could never match.
	if (user.includes(':')) return { status: 'Error', message: 'A Basic Auth user name cannot contain a colon (":")' };
	if (typeof password !== 'string' || password === '') return { status: 'Error', message: 'Enter a password' };
	return {
		status: 'OK',
		message: 'User and password are set (nothing was called: the providers send them to the trigger)',
	};
}
