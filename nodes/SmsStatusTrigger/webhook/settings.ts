/**
 * The trigger's parameters, read through the typed trigger readers. How a request must
 * authenticate is read apart from the rest, so an unauthenticated request is turned away
 * before anything else about it is looked at.
 */
import type { TriggerContext } from '../../shared/params/webhookReaders';
import {
	invalidTriggerField,
	readTriggerBoolean,
	readTriggerChoice,
	readTriggerChoices,
	readTriggerText,
} from '../../shared/params/webhookReaders';
import type { NormalizedStatus, ProviderName } from '../events/statusEvent';
import { NORMALIZED_STATUSES, PROVIDERS } from '../events/statusEvent';

export const AUTHENTICATION_MODES = ['none', 'queryToken', 'headerToken', 'basicAuth'] as const;
export type AuthenticationMode = (typeof AUTHENTICATION_MODES)[number];

export const DEFAULT_HEADER_NAME = 'x-webhook-token';
export const TOKEN_QUERY_PARAMETER = 'token';
export const BASIC_AUTH_CREDENTIAL = 'smsStatusTriggerBasicAuthApi';

const FIELDS = {
	provider: { name: 'provider', label: 'Provider' },
	authentication: { name: 'authentication', label: 'Authentication' },
	token: { name: 'token', label: 'Token' },
	headerName: { name: 'headerName', label: 'Header Name' },
	statuses: { name: 'statuses', label: 'Statuses' },
	ignoreDuplicates: { name: 'options.ignoreDuplicates', label: 'Ignore Duplicates' },
} as const;

// RFC 9110 token characters: what a header name may consist of.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export type AuthenticationSettings =
	| { mode: 'none' }
	| { mode: 'basicAuth' }
	| { mode: 'queryToken'; token: string }
	| { mode: 'headerToken'; token: string; headerName: string };

export interface EventSettings {
	provider: ProviderName;
	statuses: NormalizedStatus[];
	ignoreDuplicates: boolean;
}

function readToken(context: TriggerContext): string {
	const token = readTriggerText(context, FIELDS.token);
	if (token.trim() === '') {
		throw invalidTriggerField(
			context,
			FIELDS.token,
			'is empty, so no request could prove it comes from the provider',
			'Enter a long random secret, or choose another Authentication.',
		);
	}
	return token;
}

function readHeaderName(context: TriggerContext): string {
	const name = readTriggerText(context, FIELDS.headerName, DEFAULT_HEADER_NAME).trim();
	if (!HEADER_NAME.test(name)) {
		throw invalidTriggerField(
			context,
			FIELDS.headerName,
			'must be an HTTP header name: letters, digits and dashes, such as "x-webhook-token"',
		);
	}
	// Node.js hands over header names in lower case.
	return name.toLowerCase();
}

export function readAuthenticationSettings(context: TriggerContext): AuthenticationSettings {
	const mode = readTriggerChoice(context, FIELDS.authentication, AUTHENTICATION_MODES, 'none');
	switch (mode) {
		case 'queryToken':
			return { mode, token: readToken(context) };
		case 'headerToken':
			return { mode, token: readToken(context), headerName: readHeaderName(context) };
		default:
			return { mode };
	}
}

/** Which events start the workflow. An empty Statuses selection means every status. */
export function readEventSettings(context: TriggerContext): EventSettings {
	return {
		provider: readTriggerChoice(context, FIELDS.provider, PROVIDERS, 'betatel'),
		statuses: readTriggerChoices(context, FIELDS.statuses, NORMALIZED_STATUSES, NORMALIZED_STATUSES),
		ignoreDuplicates: readTriggerBoolean(context, FIELDS.ignoreDuplicates, false),
	};
}
