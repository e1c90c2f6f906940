'use strict';

/**
 * The stand-in model's script (config option `modelScript`): what it answers on each turn of a
 * conversation, so that a test decides which tools an agent calls and with which arguments.
 *
 *   { turns: [
 *       { calls: [{ id: 'otp', tool: 'generate', arguments: { to: '+254712345678' } }] },
 *       { calls: [{ tool: 'whatsapp', arguments: { to: '+254712345678', text: 'Your code is {{otp.0.code}}' } }] },
 *       { text: 'Sent, message {{...}}' },
 *   ] }
 *
 * A call's `tool` is a regular expression (case-insensitive) that must match exactly one of the
 * tool names the request offers. Strings in `arguments` and `text` may hold `{{<id>.<path>}}`:
 * the tool result of the call with that `id`, parsed as JSON, then the dot path (numbers index
 * arrays; n8n answers a tool call with the list of the node's output items, so `0.code` is the
 * first item's code). A string that is one placeholder only keeps the value's JSON type.
 *
 * Stateless: the turn to answer is found from the tool results the request carries (a turn's
 * calls all have to be answered before the next turn), and call ids are `call_<turn>_<index>`,
 * so a retried request gets the same answer and two conversations do not disturb each other.
 */

const { isPlainObject, isNonEmptyString } = require('../core/values');

const CALL_ID_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = new RegExp(`^${PLACEHOLDER.source}$`);

/** A request the script cannot answer; the model route answers it as an OpenAI 400. */
class ScriptError extends Error {}

function checkPattern(where, pattern) {
	if (!isNonEmptyString(pattern)) throw new Error(`${where}.tool must be a non-empty string (a regular expression)`);
	try {
		new RegExp(pattern, 'i');
	} catch (error) {
		throw new Error(`${where}.tool is not a regular expression: ${error.message}`);
	}
}

function checkCall(where, call, ids) {
	if (!isPlainObject(call)) throw new Error(`${where} must be an object`);
	checkPattern(where, call.tool);
	if (call.arguments !== undefined && !isPlainObject(call.arguments)) throw new Error(`${where}.arguments must be an object`);
	if (call.id === undefined) return;
	if (typeof call.id !== 'string' || !CALL_ID_NAME.test(call.id)) {
		throw new Error(`${where}.id must be letters, digits and _ (starting with a letter)`);
	}
	if (ids.has(call.id)) throw new Error(`${where}.id "${call.id}" is used twice`);
	ids.add(call.id);
}

/** Config validator: null (no script) or { turns: [{ calls } | { text }, ...] }. */
function normalizeModelScript(name, value) {
	if (value === null) return null;
	if (!isPlainObject(value) || !Array.isArray(value.turns) || value.turns.length === 0) {
		throw new Error(`${name} must be null or { turns: [...] } with at least one turn`);
	}
	const ids = new Set();
	value.turns.forEach((turn, turnIndex) => {
		const where = `${name}.turns[${turnIndex}]`;
		if (!isPlainObject(turn) || ('calls' in turn) === ('text' in turn)) {
			throw new Error(`${where} must have either "calls" or "text"`);
		}
		if ('text' in turn && typeof turn.text !== 'string') throw new Error(`${where}.text must be a string`);
		if ('calls' in turn) {
			if (!Array.isArray(turn.calls) || turn.calls.length === 0) throw new Error(`${where}.calls must be a non-empty array`);
			turn.calls.forEach((call, callIndex) => checkCall(`${where}.calls[${callIndex}]`, call, ids));
		}
	});
	return structuredClone(value);
}

/**
 * The turn that answers a conversation holding `resultCount` tool results: the one before
 * which exactly that many calls were made.
 */
function currentTurn(script, resultCount) {
	if (!script) throw new ScriptError('no script is set (POST /__sandbox/config {"modelScript": {...}})');
	let calls = 0;
	for (let index = 0; index < script.turns.length; index++) {
		if (calls === resultCount) return { index, turn: script.turns[index] };
		if (calls > resultCount) break;
		calls += script.turns[index].calls ? script.turns[index].calls.length : 0;
	}
	throw new ScriptError(
		`the conversation carries ${resultCount} tool results, which ends no turn of the script (${script.turns.length} turns)`,
	);
}

const callId = (turnIndex, callIndex) => `call_${turnIndex}_${callIndex}`;

/** The call id each script `id` was given. */
function callIdsByName(script) {
	const ids = new Map();
	script.turns.forEach((turn, turnIndex) =>
		(turn.calls || []).forEach((call, callIndex) => call.id && ids.set(call.id, callId(turnIndex, callIndex))),
	);
	return ids;
}

function lookUp(name, path, { ids, results }) {
	const id = ids.get(name);
	if (!id) throw new ScriptError(`{{${name}${path}}}: no call of the script has the id "${name}"`);
	if (!results.has(id)) throw new ScriptError(`{{${name}${path}}}: the conversation has no result for call ${id}`);
	let value;
	try {
		value = JSON.parse(results.get(id));
	} catch {
		throw new ScriptError(`{{${name}${path}}}: the result of call ${id} is not JSON`);
	}
	for (const key of path.split('.').slice(1)) {
		if (value === null || typeof value !== 'object' || !(key in value)) {
			throw new ScriptError(`{{${name}${path}}}: the result of call ${id} has nothing at "${path.slice(1)}": ${results.get(id)}`);
		}
		value = value[key];
	}
	return value;
}

/** Replaces the placeholders in a string, an array or an object's values. */
function resolve(value, lookup) {
	if (typeof value === 'string') {
		const whole = WHOLE_PLACEHOLDER.exec(value);
		if (whole) return lookUp(whole[1], whole[2], lookup);
		return value.replace(PLACEHOLDER, (_match, name, path) => {
			const found = lookUp(name, path, lookup);
			return typeof found === 'string' ? found : JSON.stringify(found);
		});
	}
	if (Array.isArray(value)) return value.map((entry) => resolve(entry, lookup));
	if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolve(entry, lookup)]));
	return value;
}

function matchTool(pattern, toolNames) {
	const regex = new RegExp(pattern, 'i');
	const matches = toolNames.filter((name) => regex.test(name));
	if (matches.length !== 1) {
		const offered = toolNames.length > 0 ? toolNames.join(', ') : 'none';
		throw new ScriptError(`tool /${pattern}/ matches ${matches.length} of the tools offered (${offered}); it must match one`);
	}
	return matches[0];
}

/**
 * What the model answers to a conversation: `{ turn, calls: [{ id, name, arguments }] }` or
 * `{ turn, text }`. `conversation` is `{ toolNames, results: Map(call id → result text) }`.
 */
function answerFor(script, conversation) {
	const { index, turn } = currentTurn(script, conversation.results.size);
	const lookup = { ids: callIdsByName(script), results: conversation.results };
	if (turn.text !== undefined) return { turn: index, text: resolve(turn.text, lookup) };
	return {
		turn: index,
		calls: turn.calls.map((call, callIndex) => ({
			id: callId(index, callIndex),
			name: matchTool(call.tool, conversation.toolNames),
			arguments: resolve(call.arguments || {}, lookup),
		})),
	};
}

module.exports = { ScriptError, normalizeModelScript, answerFor };
