import type { IDataObject } from 'n8n-workflow';
import type { ProviderAnswer } from '../../shared/http/answers';
import { isJsonObject } from '../../shared/http/answers';
import type { Interpretation, ProviderProfile } from '../../shared/http/profile';
import { interpretHttpStatus } from '../../shared/http/profile';
import type { CallSpec } from '../../shared/http/request';
import { credentialUrl } from '../../shared/http/url';
import { explainSkycoreCode, skycoreCodeKind } from './errorCodes';

/**
 * Skycore answers HTTP 200 for failures too and puts the verdict in the body:
 * `"status": "Success"` or `"Failure"` with `error-code` / `error-info`. A Failure is the
 * documented "not accepted" answer, so nothing was queued. Any other 2xx is success: the
 * request went in, and reading it as a failure could make the user send it twice.
 */
function interpretSkycore(answer: ProviderAnswer): Interpretation {
	const { statusCode, body } = answer;
	if (statusCode < 200 || statusCode >= 300 || !isJsonObject(body)) return interpretHttpStatus(answer);
	const status = typeof body.status === 'string' ? body.status.toLowerCase() : '';
	if (status === 'failure') {
		const code = typeof body['error-code'] === 'string' ? body['error-code'].toUpperCase() : undefined;
		const info = typeof body['error-info'] === 'string' ? body['error-info'] : undefined;
		return { ok: false, kind: code ? skycoreCodeKind(code) : 'unexpected', code, detail: info, notAccepted: true };
	}
	return { ok: true, body };
}

export const skycoreProfile: ProviderProfile = {
	name: 'Skycore',
	urlField: 'Endpoint URL',
	credentialHint: () => 'the API key and the endpoint URL',
	interpret: interpretSkycore,
	explainCode: explainSkycoreCode,
};

/** The account's endpoint URL from the credential; every action is POSTed to it. */
export function skycoreEndpoint(credentials: IDataObject): string {
	return credentialUrl(credentials.endpointUrl);
}

/** One action POSTed to the account's endpoint, for the send engine. */
export function skycoreCall(request: { body: IDataObject; timeout: number }): CallSpec {
	return {
		profile: skycoreProfile,
		credentialType: 'skycoreApi',
		method: 'POST',
		url: skycoreEndpoint,
		body: request.body,
		timeout: request.timeout,
	};
}
