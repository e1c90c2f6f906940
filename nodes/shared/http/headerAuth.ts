import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * A credential's `authenticate`: copies credential fields into request headers. A function
 * rather than a generic block of `={{$credentials.x}}` expressions, which n8n would evaluate
 * in its expression sandbox for every request (about half a millisecond each in n8n 2.x).
 *
 * Only for a node with one credential type: with two function-signed credential types told
 * apart by resource (Betatel SMS and WhatsApp), n8n 2.41.1's editor hides Resource behind one
 * "Credential" list, picks the WhatsApp credential and turns a new "Send an SMS" node into
 * Send OTP (seen twice in test/e2e/editor.e2e.test.js), so Betatel keeps generic blocks.
 *
 * @param headers header name → credential field
 */
export function signWithHeaders(
	headers: Record<string, string>,
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const signed = { ...requestOptions.headers };
	for (const [header, field] of Object.entries(headers)) signed[header] = String(credentials[field] ?? '');
	return { ...requestOptions, headers: signed };
}
