/**
 * The typed readers of `readers.ts` for trigger nodes. A webhook or its activation hooks read
 * parameters once, not per input item, so these take no item index; like their siblings they
 * check every value (an expression can hand over anything) and turn a wrong one into a
 * sentence naming the field.
 */
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Field } from './readers';
import { describeValue } from './values';

/** What a trigger reads its parameters from: the webhook call or an activation hook. */
export type TriggerContext = Pick<IWebhookFunctions | IHookFunctions, 'getNodeParameter' | 'getNode'>;

function fieldName(field: Field): string {
	return field.name.startsWith('options.') ? `"${field.label}" option` : `"${field.label}"`;
}

/** The error for a trigger parameter holding a value the node cannot use. */
export function invalidTriggerField(
	context: TriggerContext,
	field: Field,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Invalid ${fieldName(field)}: ${problem}`, {
		...(description ? { description } : {}),
	});
}

function readRaw(context: TriggerContext, field: Field, fallback: unknown): unknown {
	return context.getNodeParameter(field.name, fallback) as unknown;
}

/** One of a fixed list of values, as a dropdown offers them; a typed value is checked too. */
export function readTriggerChoice<T extends string>(
	context: TriggerContext,
	field: Field,
	choices: readonly T[],
	fallback: T,
): T {
	const value = readRaw(context, field, fallback);
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
	throw invalidTriggerField(
		context,
		field,
		`must be one of ${choices.map((choice) => `"${choice}"`).join(', ')}, got ${describeValue(value)}`,
	);
}

/**
 * Several values of a fixed list (a multi-select). An expression may give a list or a text
 * of comma-separated values; an empty selection gives `fallback`.
 */
export function readTriggerChoices<T extends string>(
	context: TriggerContext,
	field: Field,
	choices: readonly T[],
	fallback: readonly T[],
): T[] {
	const value = readRaw(context, field, fallback);
	if (value === undefined || value === null || value === '') return [...fallback];
	const entries = typeof value === 'string' ? value.split(',').map((entry) => entry.trim()) : value;
	if (!Array.isArray(entries)) {
		throw invalidTriggerField(context, field, `must be a list of values, got ${describeValue(value)}`);
	}
	if (entries.length === 0) return [...fallback];
	const unknown = entries.find((entry) => typeof entry !== 'string' || !(choices as readonly string[]).includes(entry));
	if (unknown !== undefined) {
		throw invalidTriggerField(
			context,
			field,
			`must hold only ${choices.map((choice) => `"${choice}"`).join(', ')}, got ${describeValue(unknown)}`,
		);
	}
	return [...new Set(entries as T[])];
}

/** Text as typed or from an expression ('' when empty); a number is taken as its digits. */
export function readTriggerText(context: TriggerContext, field: Field, fallback = ''): string {
	const value = readRaw(context, field, fallback);
	if (value === undefined || value === null) return fallback;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') {
		throw invalidTriggerField(context, field, `must be text, got ${describeValue(value)}`);
	}
	return value;
}

/** A true/false switch; the texts "true" and "false" from an expression count as such. */
export function readTriggerBoolean(context: TriggerContext, field: Field, fallback: boolean): boolean {
	const value = readRaw(context, field, fallback);
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw invalidTriggerField(context, field, `must be true or false, got ${describeValue(value)}`);
}
