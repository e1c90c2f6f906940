import type { ICredentialsDecrypted, IExecuteFunctions } from 'n8n-workflow';

/**
 * A node's credential, decrypted once and handed on to the request kernel, so that n8n's
 * authenticated request helper does not fetch and decrypt it a second time per request.
 */
export async function fetchCredentials(
	context: IExecuteFunctions,
	credentialType: string,
	itemIndex: number,
): Promise<ICredentialsDecrypted> {
	const data = await context.getCredentials(credentialType, itemIndex);
	return { id: '', name: credentialType, type: credentialType, data };
}
