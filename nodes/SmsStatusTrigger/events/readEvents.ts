/**
 * From the body n8n hands over to the status events it holds. One body may hold one event
 * (an object), several (a list), or wrap them: n8n's XML parser turns `<POSTBACK>…</POSTBACK>`
 * into `{ postback: {…} }` and repeated elements into a list, so wrappers are looked through.
 */
import type { IDataObject } from 'n8n-workflow';
import { betatelEvents } from './betatel';
import { eventFields, textOf } from './fields';
import { skycoreEvents } from './skycore';
import type { ProviderEvents, ProviderName, StatusEvent } from './statusEvent';
import { isoTimestamp } from './statusEvent';

const PROVIDER_EVENTS: Readonly<Record<ProviderName, ProviderEvents>> = {
	betatel: betatelEvents,
	skycore: skycoreEvents,
};

// Deep enough for `{ postbacks: { postback: [ {…} ] } }`; a body nested deeper is no status report.
const MAX_DEPTH = 4;
// xml2js puts an element's attributes under `$`: they are never events.
const XML_ATTRIBUTES = '$';

function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isEvent(value: IDataObject, identifyingFields: readonly string[]): boolean {
	const fields = eventFields(value);
	return identifyingFields.some((name) => textOf(fields.get(name)) !== null);
}

function collectEvents(value: unknown, identifyingFields: readonly string[], depth: number, found: IDataObject[]): void {
	if (depth > MAX_DEPTH) return;
	if (Array.isArray(value)) {
		for (const entry of value) collectEvents(entry, identifyingFields, depth + 1, found);
		return;
	}
	if (!isPlainObject(value)) return;
	if (isEvent(value, identifyingFields)) {
		found.push(value);
		return;
	}
	for (const [key, child] of Object.entries(value)) {
		if (key !== XML_ATTRIBUTES) collectEvents(child, identifyingFields, depth + 1, found);
	}
}

/** Every status event in the body, normalized, in the order they appear. */
export function readStatusEvents(provider: ProviderName, body: unknown, receivedAt: Date): StatusEvent[] {
	const events = PROVIDER_EVENTS[provider];
	const found: IDataObject[] = [];
	collectEvents(body, events.identifyingFields, 0, found);
	return found.map((raw) => {
		const { timestamp, errorCode, errorInfo, ...reading } = events.read(eventFields(raw));
		return {
			provider,
			...reading,
			timestamp: isoTimestamp(timestamp, receivedAt),
			...(errorCode !== null ? { errorCode } : {}),
			...(errorInfo !== null ? { errorInfo } : {}),
			raw,
		};
	});
}
