/**
 * "Ignore Duplicates": providers retry (Skycore every 5 minutes, 5 times, when not answered
 * 200 within 10 s), so the same event can arrive again. The (message, status) pairs seen
 * recently are kept in the workflow's static data, which n8n loads before each production
 * webhook call and saves whole after it (last writer wins; never for test URLs). That
 * catches spaced retries, not two copies arriving in the same instant.
 */
import type { IDataObject } from 'n8n-workflow';
import type { StatusEvent } from '../events/statusEvent';

/** At most this many pairs are remembered, the oldest forgotten first. */
export const MAX_REMEMBERED_EVENTS = 2000;
/** A pair is forgotten after a day: retries come within minutes or hours. */
export const REMEMBER_FOR_MS = 24 * 60 * 60 * 1000;
export const STATIC_DATA_KEY = 'recentStatusEvents';

function eventKey(event: StatusEvent): string {
	return [event.provider, event.messageId, event.status, event.providerStatus ?? ''].join('|');
}

function storedPairs(staticData: IDataObject): [string, unknown][] {
	const stored = staticData[STATIC_DATA_KEY];
	return stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? Object.entries(stored) : [];
}

/**
 * The events not seen recently, in order; a repeat within the same body counts too. Events
 * without a message ID cannot be told apart and always pass. Static data is written only
 * when it changes, since n8n saves it to the database after every call that changes it.
 */
export function dropRecentRepeats(staticData: IDataObject, events: StatusEvent[], now: number): StatusEvent[] {
	const stored = storedPairs(staticData);
	// Key → time first seen, oldest first; expired or malformed entries are dropped.
	const pairs = new Map<string, number>();
	for (const [key, seenAt] of stored) {
		if (typeof seenAt === 'number' && now - seenAt < REMEMBER_FOR_MS) pairs.set(key, seenAt);
	}
	let changed = pairs.size !== stored.length;
	const fresh = events.filter((event) => {
		if (event.messageId === null) return true;
		const key = eventKey(event);
		if (pairs.has(key)) return false;
		pairs.set(key, now);
		changed = true;
		return true;
	});
	if (changed) staticData[STATIC_DATA_KEY] = Object.fromEntries([...pairs].slice(-MAX_REMEMBERED_EVENTS));
	return fresh;
}
