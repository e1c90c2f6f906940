/**
 * One typed reader per kind of parameter. An expression can hand a node any value (a
 * number, an object, null), and a hand-typed option can be out of range, so every value is
 * checked here, before anything is sent, and a wrong one becomes a sentence naming the
 * field and the item instead of a crash deep inside a request.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { isCountryCode } from '../phone/countries';
import type { NormalizedPhoneNumber } from '../phone/phoneNumber';
import { EMPTY_NUMBER as EMPTY, normalizePhoneNumber } from '../phone/phoneNumber';
import { senderIdProblem } from '../sms/senderId';
import { describeValue } from './values';

/** A node parameter as users see it. `name` may be a path such as `options.timeout`. */
export interface Field {
	name: string;
	/** The field's display name, e.g. "To". */
	label: string;
}

/** The error for a value the user (or an expression) gave a field, naming both and the item. */
export function invalidField(
	context: IExecuteFunctions,
	itemIndex: number,
	field: Field,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Invalid ${fieldName(field)} in item ${itemIndex}: ${problem}`, {
		itemIndex,
		...(description ? { description } : {}),
	});
}

export function emptyField(context: IExecuteFunctions, itemIndex: number, field: Field): NodeOperationError {
	return new NodeOperationError(context.getNode(), `"${field.label}" is empty in item ${itemIndex}`, {
		itemIndex,
		description: `Enter a value for "${field.label}", or map one from the input.`,
	});
}

function fieldName(field: Field): string {
	return field.name.startsWith('options.') ? `"${field.label}" option` : `"${field.label}"`;
}

function readRaw(context: IExecuteFunctions, itemIndex: number, field: Field, fallback: unknown): unknown {
	return context.getNodeParameter(field.name, itemIndex, fallback) as unknown;
}

/** Text as typed or mapped; a number from an expression is taken as its digits. */
export function readText(
	context: IExecuteFunctions,
	itemIndex: number,
	field: Field,
	{ required = true }: { required?: boolean } = {},
): string {
	const value = readRaw(context, itemIndex, field, '');
	const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	const empty = text === undefined || text === null || (typeof text === 'string' && text.trim() === '');
	if (empty) {
		if (!required) return '';
		throw emptyField(context, itemIndex, field);
	}
	if (typeof text !== 'string') {
		throw invalidField(context, itemIndex, field, `must be text, got ${describeValue(value)}`);
	}
	return text;
}

/**
 * The text of a message. Besides being non-empty text, it must be encodable: a lone UTF-16
 * surrogate (half an emoji, usually from a string cut in the wrong place) cannot be sent in
 * any SMS encoding, and a NUL character is never meant to reach a phone.
 */
export function readMessageText(context: IExecuteFunctions, itemIndex: number, field: Field): string {
	const text = readText(context, itemIndex, field);
	const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
	if (lone) {
		throw invalidField(
			context,
			itemIndex,
			field,
			`has a broken character at position ${lone.index + 1} (half of an emoji or symbol), which no SMS encoding can carry`,
			'The text was probably cut in the middle of an emoji; fix or remove that character.',
		);
	}
	const nul = text.indexOf('\u0000');
	if (nul !== -1) {
		throw invalidField(context, itemIndex, field, `contains a NUL character at position ${nul + 1}`);
	}
	return text;
}

export interface IntegerBounds {
	min: number;
	max: number;
	/** What the number counts, for the message: "milliseconds", "days". */
	unit?: string;
}

/** A whole number within bounds; a numeric text from an expression ("30") is accepted. */
export function readInteger(
	context: IExecuteFunctions,
	itemIndex: number,
	field: Field,
	bounds: IntegerBounds,
	fallback: number,
): number {
	const value = readRaw(context, itemIndex, field, fallback);
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < bounds.min || number > bounds.max) {
		const unit = bounds.unit ? ` ${bounds.unit}` : '';
		throw invalidField(
			context,
			itemIndex,
			field,
			`must be a whole number from ${bounds.min} to ${bounds.max}${unit}, got ${describeValue(value)}`,
		);
	}
	return number;
}

/** A true/false switch; the texts "true" and "false" from an expression count as such. */
export function readBoolean(context: IExecuteFunctions, itemIndex: number, field: Field, fallback: boolean): boolean {
	const value = readRaw(context, itemIndex, field, fallback);
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw invalidField(context, itemIndex, field, `must be true or false, got ${describeValue(value)}`);
}

/** One of a fixed list of values, as a dropdown offers them; a typed value is checked too. */
export function readChoice<T extends string>(
	context: IExecuteFunctions,
	itemIndex: number,
	field: Field,
	choices: readonly T[],
	fallback: T,
): T {
	const value = readRaw(context, itemIndex, field, fallback);
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
	throw invalidField(
		context,
		itemIndex,
		field,
		`must be one of ${choices.map((choice) => `"${choice}"`).join(', ')}, got ${describeValue(value)}`,
	);
}

/** An ISO 3166 country code such as "KE", or '' for none; case and spaces do not matter. */
export function readCountry(context: IExecuteFunctions, itemIndex: number, field: Field): string {
	const value = readRaw(context, itemIndex, field, '');
	if (value === undefined || value === null || value === '') return '';
	const code = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
	if (code === '') return '';
	if (code === undefined || !isCountryCode(code)) {
		throw invalidField(
			context,
			itemIndex,
			field,
			`must be a two-letter country code such as "KE" or "US", got ${describeValue(value)}`,
		);
	}
	return code;
}

export const PHONE_FORMAT_HINT =
	'Use international format (+254701234567 or 254701234567), or a national number with the Default Country option set.';

/** A recipient number, validated and normalized before anything is sent. */
export function readPhoneNumber(
	context: IExecuteFunctions,
	itemIndex: number,
	field: Field,
	defaultCountry: string,
): NormalizedPhoneNumber {
	const checked = normalizePhoneNumber(readRaw(context, itemIndex, field, ''), defaultCountry);
	if (!checked.valid && checked.reason === EMPTY) throw emptyField(context, itemIndex, field);
	if (!checked.valid) throw invalidField(context, itemIndex, field, checked.reason, PHONE_FORMAT_HINT);
	// Returned as is: copying it without `valid` would format the national form (a getter) now.
	return checked;
}

/** Splits a list of numbers as people paste them: commas, semicolons, new lines, or a list value. */
export function splitNumberList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.flatMap((entry) => (typeof entry === 'string' ? splitNumberList(entry) : [entry]));
	if (typeof value !== 'string') return value === undefined || value === null ? [] : [value];
	return value
		.split(/[,;\n\r]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** Several recipient numbers in one field; one bad number fails the item, naming it. */
export function readPhoneNumberList(
	context: IExecuteFunctions,
	itemIndex: number,
	field: Field,
	defaultCountry: string,
): NormalizedPhoneNumber[] {
	const value = readRaw(context, itemIndex, field, '');
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		throw invalidField(context, itemIndex, field, `must be numbers separated by commas, got ${describeValue(value)}`);
	}
	const entries = splitNumberList(value);
	if (entries.length === 0) {
		throw new NodeOperationError(context.getNode(), `"${field.label}" is empty in item ${itemIndex}`, {
			itemIndex,
			description: `Enter one or more numbers separated by commas, or map them from the input.`,
		});
	}
	return entries.map((entry, position) => {
		const checked = normalizePhoneNumber(entry, defaultCountry);
		if (checked.valid) return checked;
		const which = entries.length > 1 ? `number ${position + 1} of ${entries.length} ` : '';
		throw invalidField(context, itemIndex, field, `${which}${checked.reason}`, PHONE_FORMAT_HINT);
	});
}

/** A sender ID (alphanumeric name or number) that carriers will carry unchanged. */
export function readSenderId(context: IExecuteFunctions, itemIndex: number, field: Field): string {
	const sender = readText(context, itemIndex, field).trim();
	const problem = senderIdProblem(sender);
	if (problem) throw invalidField(context, itemIndex, field, problem);
	return sender;
}
