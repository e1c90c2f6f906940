import type { CodeExplanation, FailureKind } from '../../shared/http/profile';

interface SkycoreCode extends CodeExplanation {
	kind: FailureKind;
}

const AUTHENTICATION: SkycoreCode = {
	kind: 'auth',
	message: 'Skycore rejected the API key',
	description: 'Check the API key and the endpoint URL in the credential. The key is case-sensitive.',
};

/** The error codes of Skycore's documents, with what each asks of the user. */
const CODES: Record<string, SkycoreCode> = {
	E100: {
		kind: 'invalidInput',
		message: 'Skycore refused the request as invalid',
		description: 'Check the node fields against the provider rules.',
	},
	E103: AUTHENTICATION,
	E104: AUTHENTICATION,
	E105: AUTHENTICATION,
	E109: AUTHENTICATION,
	E106: {
		kind: 'rateLimit',
		message: 'Skycore says the API is called too often',
		description: 'Wait a moment, or send fewer messages per second.',
	},
	E110: {
		kind: 'invalidInput',
		message: 'Skycore refused the recipient number (Invalid Receiver)',
		description: '"To" must be a mobile number that Skycore can reach, with its country code.',
	},
	E111: {
		kind: 'invalidInput',
		message: 'Skycore refused the sender (Invalid Sender)',
		description: '"From" must be a shortcode, toll-free or 10DLC number of your Skycore account, with its country code.',
	},
	E112: {
		kind: 'auth',
		message: "Skycore does not accept requests from this n8n server's IP address",
		description: "Allow the server's public IP address in the API settings of the Skycore account.",
	},
	E113: {
		kind: 'rateLimit',
		message: "The Skycore account's throughput limit was exceeded",
		description: 'Send fewer messages per second, or ask Skycore to raise the limit.',
	},
	E114: {
		kind: 'invalidInput',
		message: 'Skycore refused the recipient: the number is blacklisted',
		description: 'The recipient opted out or is blocked; do not retry this number.',
	},
	E120: {
		kind: 'rateLimit',
		message: "The Skycore account's request limit was reached",
		description: 'Wait for the limit period to pass, or ask Skycore to raise the limit.',
	},
	E713: {
		kind: 'balance',
		message: 'Skycore could not bill the account',
		description: 'Check the billing status and balance of the Skycore account.',
	},
	E714: {
		kind: 'invalidInput',
		message: 'Skycore refused the campaign',
		description:
			'Check the Campaign Reference option: with "Enforce Campaign Check" on, the recipient must be subscribed to that campaign.',
	},
	E715: {
		kind: 'invalidInput',
		message: 'Skycore refused the campaign',
		description:
			'Check the Campaign Reference option: with "Enforce Campaign Check" on, the recipient must be subscribed to that campaign.',
	},
};

export function skycoreCodeKind(code: string): FailureKind {
	return CODES[code]?.kind ?? 'unexpected';
}

export function explainSkycoreCode(code: string): CodeExplanation | undefined {
	const known = CODES[code];
	return known ? { message: `${known.message} (${code})`, description: known.description } : undefined;
}
