/**
 * The columns the OTP node keeps in its data table, one row per code it generated. The
 * recipient is stored as a keyed hash, never as a phone number; times are Unix
 * milliseconds, so that the comparisons the node filters with are plain number comparisons.
 */
export const OTP_COLUMNS = [
	{ name: 'codeId', type: 'string' },
	{ name: 'recipient', type: 'string' },
	{ name: 'attempts', type: 'number' },
	{ name: 'used', type: 'boolean' },
	{ name: 'issuedAt', type: 'number' },
	{ name: 'expiresAt', type: 'number' },
] as const;

/**
 * The two more the Fraud Guard needs in the same table: the range of the number a code went
 * to (e.g. "+44 79111", not personal) and a keyed hash of the Requester Key.
 */
export const GUARD_COLUMNS = [
	{ name: 'prefix', type: 'string' },
	{ name: 'requester', type: 'string' },
] as const;
