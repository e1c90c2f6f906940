/**
 * Message IDs out of a success answer, whatever its shape. A provider's document gives its
 * own field; where a document shows no success body (the SMS gateway), servers built on it
 * answer in different shapes, so the plausible ones are read: a list per recipient under
 * `data.recipients`, `recipients` or `data`, or one ID at the top level (or under `data`).
 * A listed ID belongs to a number only if the entry names that number (compared as
 * international digits: a number sent nationally may come back internationally). A number
 * without an ID is still accepted: the message went out, only its ID is missing.
 */
import type { IDataObject } from 'n8n-workflow';
import { isJsonObject } from '../http/answers';
import { normalizePhoneNumber } from '../phone/phoneNumber';

/** What an accepted message carries: its ID, or null and a note saying the answer gave none. */
export interface AcceptedId {
	messageId: string | null;
	note?: string;
}

export interface MatchedMessage {
	messageId: string | null;
	/** The provider's status for this number, when its entry gives one (e.g. "queued"). */
	providerStatus?: string;
}

const ID_KEYS = ['message_id', 'messageId', 'id', 'uuid'];
const NUMBER_KEYS = ['number', 'to', 'phone', 'msisdn', 'recipient'];

export interface IdReading {
	/** The field the provider's document gives for the message ID, tried first. */
	documentedField?: string;
	/** The country of numbers written nationally (the item's Default Country). */
	country: string;
}

/** One entry per number sent (`sent` in international digits), in the same order. */
export function matchMessageIds(body: IDataObject, sent: readonly string[], reading: IdReading): MatchedMessage[] {
	const listed = listedRecipients(body);
	if (listed) {
		const byNumber = new Map<string, MatchedMessage>();
		for (const entry of listed) {
			const number = textIn(entry, NUMBER_KEYS);
			const matched = { messageId: textIn(entry, idKeys(reading)) ?? null, ...statusOf(entry) };
			if (number !== undefined) {
				const digits = digitsOf(number, reading.country);
				if (!byNumber.has(digits)) byNumber.set(digits, matched);
			} else if (listed.length === 1 && sent.length === 1) {
				// One entry for one number: it can only be that number's.
				return [matched];
			}
		}
		return sent.map((digits) => byNumber.get(digits) ?? { messageId: null });
	}
	if (sent.length !== 1) return sent.map(() => ({ messageId: null }));
	const messageId = textIn(body, idKeys(reading)) ?? (isJsonObject(body.data) ? textIn(body.data, idKeys(reading)) : undefined);
	return [{ messageId: messageId ?? null }];
}

/** The sentence an output carries when the answer gave no ID for `which` (numbers, or "this number"). */
export function noIdNote(provider: string, which: string): string {
	return `${provider} accepted the message, but its answer gave no message ID for ${which}. It went out: do not send it again.`;
}

/** The ID as an output carries it: a missing one comes with its note. */
export function acceptedId(provider: string, messageId: string | null, which = 'this number'): AcceptedId {
	return messageId === null ? { messageId, note: noIdNote(provider, which) } : { messageId };
}

function listedRecipients(body: IDataObject): IDataObject[] | undefined {
	const { data } = body;
	const list = isJsonObject(data) && Array.isArray(data.recipients) ? data.recipients : Array.isArray(body.recipients) ? body.recipients : data;
	return Array.isArray(list) ? list.filter(isJsonObject) : undefined;
}

function idKeys(reading: IdReading): string[] {
	return reading.documentedField ? [reading.documentedField, ...ID_KEYS] : ID_KEYS;
}

function textIn(entry: IDataObject, keys: readonly string[]): string | undefined {
	for (const key of keys) {
		const value = entry[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	}
	return undefined;
}

function statusOf(entry: IDataObject): { providerStatus?: string } {
	return typeof entry.status === 'string' ? { providerStatus: entry.status } : {};
}

/** A number as international digits; one that does not parse is compared by its digits alone. */
function digitsOf(number: string, country: string): string {
	const checked = normalizePhoneNumber(number, country);
	return checked.valid ? checked.digits : number.replace(/\D/g, '');
}
