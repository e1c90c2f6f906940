/**
 * The trigger's own protection, since neither provider signs its webhooks. Secrets are
 * compared in constant time: both sides are hashed first, so the comparison takes the same
 * time whatever the given value's length and wherever it first differs.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { AuthenticationSettings } from './settings';
import { BASIC_AUTH_CREDENTIAL, TOKEN_QUERY_PARAMETER } from './settings';

export type HeaderValue = string | string[] | undefined;

/** Why a request was turned away, in words safe to answer with (never the secret itself). */
export type AuthenticationVerdict = { accepted: true } | { accepted: false; reason: string };

const ACCEPTED: AuthenticationVerdict = { accepted: true };

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** Whether `given` equals `expected`, in time that does not depend on either. */
export function sameSecret(given: string, expected: string): boolean {
	return timingSafeEqual(digest(given), digest(expected));
}

/** `user:password` from a `Basic` Authorization header, or null when there is none. */
export function parseBasicAuthorization(header: HeaderValue): { user: string; password: string } | null {
	if (typeof header !== 'string') return null;
	const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
	if (!match) return null;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon === -1) return null;
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The Basic Auth credential's user and password; an incomplete one is a setup error. */
export function basicAuthSecrets(
	context: Pick<IWebhookFunctions, 'getNode'>,
	credential: ICredentialDataDecryptedObject,
): { user: string; password: string } {
	const { user, password } = credential;
	if (typeof user !== 'string' || user === '' || typeof password !== 'string' || password === '') {
		throw new NodeOperationError(context.getNode(), 'The Basic Auth credential has no user or no password', {
			description: 'Fill in both fields of the SMS Status Trigger Basic Auth credential.',
		});
	}
	return { user, password };
}

function checkToken(given: unknown, expected: string, where: string): AuthenticationVerdict {
	if (typeof given !== 'string' || given === '') return { accepted: false, reason: `no token in the ${where}` };
	return sameSecret(given, expected) ? ACCEPTED : { accepted: false, reason: `wrong token in the ${where}` };
}

export async function checkAuthentication(
	context: IWebhookFunctions,
	headers: Record<string, HeaderValue>,
	settings: AuthenticationSettings,
): Promise<AuthenticationVerdict> {
	switch (settings.mode) {
		case 'none':
			return ACCEPTED;
		case 'queryToken': {
			const query = context.getQueryData() as Record<string, unknown>;
			return checkToken(query[TOKEN_QUERY_PARAMETER], settings.token, 'query');
		}
		case 'headerToken':
			return checkToken(headers[settings.headerName], settings.token, `${settings.headerName} header`);
		case 'basicAuth': {
			const expected = basicAuthSecrets(context, await context.getCredentials(BASIC_AUTH_CREDENTIAL));
			const given = parseBasicAuthorization(headers.authorization);
			if (!given) return { accepted: false, reason: 'no Basic Auth user and password' };
			// Both compared every time, so the time taken does not tell whether the user was right.
			const userMatches = sameSecret(given.user, expected.user);
			const passwordMatches = sameSecret(given.password, expected.password);
			return userMatches && passwordMatches ? ACCEPTED : { accepted: false, reason: 'wrong Basic Auth user or password' };
		}
	}
}
