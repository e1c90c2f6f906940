/**
 * What makes two messages "the same" in a campaign: the recipient (E.164) and a hash of what
 * is sent, i.e. the request the node builds without its recipient. The node builds a request
 * without secrets (the credential's `authenticate` adds them on the way out), so neither the
 * hash nor a dry run's request can hold one.
 */
import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

/** Stands for the recipient in a request built only to be hashed (Bulk Send's messages). */
export const RECIPIENT_PLACEHOLDER = '{recipient}';
const HASH_LENGTH = 32;

export interface RequestShape {
	/** The credential type that signs the request: tells providers and channels apart. */
	credentialType: string;
	method: string;
	body?: IDataObject | URLSearchParams;
}

/** A request body as plain fields: JSON as it is, form fields as an object of strings. */
export function bodyFields(body: IDataObject | URLSearchParams | undefined): IDataObject {
	if (body === undefined) return {};
	if (body instanceof URLSearchParams) return Object.fromEntries(body.entries());
	return body;
}

/** JSON with object keys sorted, so that equal content gives equal text. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as IDataObject)
			.filter(([, entry]) => entry !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * The content hash of a request: its fields but the one holding the recipient (the field
 * whose value is `recipient`, as the request writes it), with the credential type and
 * method. 128 bits of SHA-256, hex.
 */
export function contentHash(request: RequestShape, recipient: string): string {
	const fields = Object.entries(bodyFields(request.body)).filter(([, value]) => value !== recipient);
	const text = canonical({ credentialType: request.credentialType, method: request.method, body: Object.fromEntries(fields) });
	return createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
}

/** The journal's key of one message in a campaign (the campaign itself is a column of its own). */
export function messageKey(e164: string, hash: string): string {
	return `${e164}\u0000${hash}`;
}
