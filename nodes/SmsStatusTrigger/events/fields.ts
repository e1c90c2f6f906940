/**
 * Reading the fields of one status event. The providers do not document their webhook bodies
 * field by field, and their documents name the same thing differently (`messageId`, `uuid`,
 * `tracking-id`, the v1 XML's `TRACKINGID`, which n8n's XML parser lowercases): a field is found
 * by its name with case, dashes and underscores ignored, under any of its known names.
 */
import type { IDataObject } from 'n8n-workflow';

/** `tracking-id`, `TRACKINGID` and `tracking_id` all become `trackingid`. */
export function fieldKey(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** An event's fields by their normalized names; the first of two spellings wins. */
export type EventFields = ReadonlyMap<string, unknown>;

export function eventFields(event: IDataObject): EventFields {
	const fields = new Map<string, unknown>();
	for (const [name, value] of Object.entries(event)) {
		const key = fieldKey(name);
		if (!fields.has(key)) fields.set(key, value);
	}
	return fields;
}

/**
 * A field's value as text, or null when absent or empty. Numbers count (a JSON body may carry
 * `"to": 17743199144`); an XML element with attributes arrives as `{ _: text, $: {...} }`.
 */
export function textOf(value: unknown): string | null {
	if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		return textOf((value as IDataObject)._);
	}
	return null;
}

/** The text of the first of `names` the event has. */
export function firstText(fields: EventFields, names: readonly string[]): string | null {
	for (const name of names) {
		const text = textOf(fields.get(name));
		if (text !== null) return text;
	}
	return null;
}

/** A nested object field, e.g. Betatel's `error: { errorCode, errorMessage }`. */
export function objectField(fields: EventFields, name: string): EventFields | null {
	const value = fields.get(name);
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
	return eventFields(value as IDataObject);
}

/** The message ID under any name the providers' documents use for it. */
export const MESSAGE_ID_FIELDS = ['messageid', 'uuid', 'trackingid'] as const;
