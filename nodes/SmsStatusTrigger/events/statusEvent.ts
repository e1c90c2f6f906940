/**
 * The one item shape every provider's status events become, so a workflow reads `status`,
 * `messageId` and `to` the same way whichever provider sent them.
 */
import type { IDataObject } from 'n8n-workflow';
import type { EventFields } from './fields';

export const NORMALIZED_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed', 'expired', 'unknown'] as const;
export type NormalizedStatus = (typeof NORMALIZED_STATUSES)[number];

export const PROVIDERS = ['betatel', 'skycore'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface StatusEvent extends IDataObject {
	provider: ProviderName;
	/** `sms` or `whatsapp` where the provider says (Betatel), `sms` for Skycore. */
	channel: string | null;
	messageId: string | null;
	status: NormalizedStatus;
	/** The status as the provider wrote it: Betatel's `DELIVERED`, Skycore's `N202`. */
	providerStatus: string | null;
	to: string | null;
	from: string | null;
	/** ISO 8601 in UTC: the provider's time of the event, or the time it arrived when none is given. */
	timestamp: string;
	errorCode?: string;
	errorInfo?: string;
	/** The event exactly as received, every field included. */
	raw: IDataObject;
}

/** What a provider module reads from one event; the rest is common. */
export interface ProviderReading {
	channel: string | null;
	messageId: string | null;
	status: NormalizedStatus;
	providerStatus: string | null;
	to: string | null;
	from: string | null;
	timestamp: string | null;
	errorCode: string | null;
	errorInfo: string | null;
}

export interface ProviderEvents {
	provider: ProviderName;
	/** Normalized field names of which at least one makes an object a status event. */
	identifyingFields: readonly string[];
	read(fields: EventFields): ProviderReading;
}

const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
// Below this an epoch number counts as seconds (it would be before 1973 in milliseconds).
const EPOCH_SECONDS_LIMIT = 1e11;

/**
 * A provider's timestamp as ISO 8601 UTC. Offsets (`+00:00`) are applied; a date-time
 * without a zone is taken as UTC; epoch seconds or milliseconds are accepted. Anything
 * unreadable gives the time of arrival (the original stays in `raw`).
 */
export function isoTimestamp(text: string | null, receivedAt: Date): string {
	if (text === null) return receivedAt.toISOString();
	let milliseconds: number;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const number = Number(text);
		milliseconds = number < EPOCH_SECONDS_LIMIT ? number * 1000 : number;
	} else {
		milliseconds = Date.parse(ZONELESS_DATE_TIME.test(text) ? `${text.replace(' ', 'T')}Z` : text);
	}
	const date = new Date(milliseconds);
	return Number.isNaN(date.getTime()) ? receivedAt.toISOString() : date.toISOString();
}
