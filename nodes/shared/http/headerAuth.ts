import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * A credential's `authenticate`: copies credential fields into request headers. A function
 * rather than a generic block of `={{$credentials.x}}` expressions, which n8n evaluates for
 * every request: measured in docs/send-engine.md, it made Send cost about twice as much.
 *
 * Betatel's and Skycore's credentials declare it as a field (`authenticate = async (...) =>
 * ...`): n8n lists a credential's `authenticate` only when it is an own property (n8n-core's
 * DirectoryLoader serializes own properties), and a listed one gives the node n8n's "Custom
 * API Call" option, for the provider's other endpoints. The OTP Data Table credential
 * declares it as a method, so that the OTP node, which has no provider, gets no such option.
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
