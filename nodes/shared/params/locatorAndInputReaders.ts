/**
 * Readers for the two kinds of parameter readers.ts does not cover: a resource locator
 * (the "From list / By ID / By name" field), and a value from the outside world that the
 * operation judges itself, as a result rather than a node error.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { Field } from './readers';
import { invalidField } from './readers';
import { describeValue } from './values';

export interface LocatorValue<Mode extends string> {
	mode: Mode;
	value: string;
}

/** The mode and value of a resource locator; an expression may also give a plain value (an ID). */
export function readResourceLocator<Mode extends string>(
	context: IExecuteFunctions,
	itemIndex: number,
	field: Field,
	modes: readonly Mode[],
	plainValueMode: Mode,
): LocatorValue<Mode> {
	const raw = context.getNodeParameter(field.name, itemIndex, undefined) as unknown;
	const locator =
		raw !== null && typeof raw === 'object' && !Array.isArray(raw)
			? (raw as { mode?: unknown; value?: unknown })
			: { mode: plainValueMode, value: raw };
	const value = typeof locator.value === 'number' ? String(locator.value) : locator.value;
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalidField(context, itemIndex, field, `choose one, got ${describeValue(locator.value)}`);
	}
	if (typeof locator.mode !== 'string' || !(modes as readonly string[]).includes(locator.mode)) {
		throw invalidField(context, itemIndex, field, `has an unknown mode ${describeValue(locator.mode)}`);
	}
	return { mode: locator.mode as Mode, value: value.trim() };
}

/**
 * A value as it came, of any type: for fields such as a code a person typed, where a
 * wrong value is an answer the workflow branches on, not an error that stops it.
 */
export function readInputValue(context: IExecuteFunctions, itemIndex: number, field: Field): unknown {
	return context.getNodeParameter(field.name, itemIndex, '') as unknown;
}
