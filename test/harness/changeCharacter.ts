/**
 * `text` with the character at `at` replaced by another one (`A`, or `B` where it was `A`),
 * so the result always differs: tests that tamper with tokens and seals use it. `at` counts
 * from the end when negative.
 */
export function changeCharacterAt(text: string, at: number): string {
	const position = at < 0 ? text.length + at : at;
	return `${text.slice(0, position)}${text[position] === 'A' ? 'B' : 'A'}${text.slice(position + 1)}`;
}
