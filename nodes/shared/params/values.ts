/** How many characters of a user's value an error message repeats. */
const QUOTE_LIMIT = 40;

/**
 * A value as an error message shows it: quoted, and cut to a short prefix with its length
 * when long, so a 10,000-character number never fills the error panel (or a log line).
 */
export function quote(value: unknown): string {
	const text = typeof value === 'string' ? value : String(value);
	const characters = Array.from(text);
	if (characters.length <= QUOTE_LIMIT) return `"${text}"`;
	return `"${characters.slice(0, QUOTE_LIMIT).join('')}…" (${characters.length} characters)`;
}

/** What an expression produced, in words: "a number (254)", "an object", "a list", "empty". */
export function describeValue(value: unknown): string {
	if (value === undefined || value === null) return 'nothing (null)';
	if (typeof value === 'string') return value === '' ? 'an empty text' : `the text ${quote(value)}`;
	if (typeof value === 'number') return `a number (${quote(value)})`;
	if (typeof value === 'boolean') return `true/false (${String(value)})`;
	if (Array.isArray(value)) return `a list of ${value.length} values`;
	return 'an object';
}
