'use strict';

/**
 * A stand-in for the OpenAI API, enough for n8n's OpenAI Chat Model node to drive an AI Agent:
 * `POST /v1/responses` (the Responses API, which the node's version 1.3 uses by default),
 * `POST /v1/chat/completions` (its "Use Responses API" switch off) and `GET /v1/models` (the
 * credential test and the node's model list). No streaming. It answers with the tool calls and
 * the text of a script (openaiModelScript.js), using the tool names the request offers; every
 * request is recorded, so tests read the tool descriptions and schemas n8n sent.
 *
 * There is no OpenAI document in ../shared/api-docs/: the shapes here are those the OpenAI SDK
 * and @langchain/openai (as n8n 2.41 ships them) send and read, and OpenAI's error body.
 */

const { isPlainObject, isNonEmptyString } = require('../core/values');
const { randomHex } = require('../core/ids');
const { ScriptError, normalizeModelScript, answerFor } = require('./openaiModelScript');
const { EXAMPLE_SCRIPT } = require('./openaiModelExample');

const PREFIX = '/v1';
const MODEL_ID = 'sandbox-scripted-model';
// A fixed creation time for the model list (the real list shows when each model was made).
const MODEL_CREATED = 1767225600;

const credentials = { openAi: { apiKey: 'sandbox-openai-api-key' } };

function openAiError(ctx, status, message, { type = 'invalid_request_error', code = null, param = null } = {}) {
	ctx.reply(status, { error: { message, type, param, code } });
}

/** Bearer authentication as OpenAI does it: 401 with `invalid_api_key`, never echoing the key. */
function authorized(ctx) {
	const header = ctx.headers.authorization;
	if (!isNonEmptyString(header) || !/^Bearer\s+\S/i.test(header)) {
		openAiError(
			ctx,
			401,
			"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
		);
		return false;
	}
	if (header.replace(/^Bearer\s+/i, '').trim() !== credentials.openAi.apiKey) {
		openAiError(ctx, 401, 'Incorrect API key provided.', { code: 'invalid_api_key' });
		return false;
	}
	return true;
}

/** The checks both generation routes share; answers and returns null when the request is refused. */
function generationRequest(ctx) {
	if (!authorized(ctx)) return null;
	const { body } = ctx;
	if (!isPlainObject(body)) {
		openAiError(ctx, 400, 'We could not parse the JSON body of your request.');
		return null;
	}
	if (!isNonEmptyString(body.model)) {
		openAiError(ctx, 400, 'you must provide a model parameter', { param: 'model' });
		return null;
	}
	if (body.model !== MODEL_ID) {
		openAiError(ctx, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`, {
			code: 'model_not_found',
		});
		return null;
	}
	if (body.stream === true) {
		openAiError(ctx, 400, 'The sandbox model does not stream: send "stream": false.', { param: 'stream' });
		return null;
	}
	return body;
}

/** Asks the script; a ScriptError answers 400, so the agent fails with the script's reason. */
function scriptedAnswer(ctx, sandbox, conversation) {
	try {
		return answerFor(sandbox.config.modelScript, conversation);
	} catch (error) {
		if (!(error instanceof ScriptError)) throw error;
		openAiError(ctx, 400, `Sandbox model script: ${error.message}`);
		return null;
	}
}

const nowSeconds = (sandbox) => Math.floor(sandbox.now() / 1000);
const textLength = (value) => JSON.stringify(value ?? '').length;
// Rough token counts (4 characters a token), only so the usage fields hold plausible numbers.
const tokens = (length) => Math.max(1, Math.ceil(length / 4));

// ---------------------------------------------------------------- Chat Completions

function chatConversation(body) {
	const tools = Array.isArray(body.tools) ? body.tools : [];
	const results = new Map();
	for (const message of body.messages) {
		if (isPlainObject(message) && message.role === 'tool') results.set(message.tool_call_id, message.content);
	}
	return { toolNames: tools.map((tool) => tool?.function?.name).filter(isNonEmptyString), results };
}

function chatCompletions(ctx, sandbox) {
	const body = generationRequest(ctx);
	if (!body) return;
	if (!Array.isArray(body.messages) || body.messages.length === 0) {
		return openAiError(ctx, 400, "Invalid 'messages': empty array. Expected an array with minimum length 1.", {
			param: 'messages',
		});
	}
	const answer = scriptedAnswer(ctx, sandbox, chatConversation(body));
	if (!answer) return;
	const message = answer.calls
		? {
				role: 'assistant',
				content: null,
				tool_calls: answer.calls.map((call) => ({
					id: call.id,
					type: 'function',
					function: { name: call.name, arguments: JSON.stringify(call.arguments) },
				})),
				refusal: null,
			}
		: { role: 'assistant', content: answer.text, refusal: null };
	const promptTokens = tokens(textLength(body.messages) + textLength(body.tools));
	const completionTokens = tokens(textLength(message.content ?? message.tool_calls));
	ctx.reply(200, {
		id: `chatcmpl-${randomHex(12)}`,
		object: 'chat.completion',
		created: nowSeconds(sandbox),
		model: MODEL_ID,
		choices: [{ index: 0, message, logprobs: null, finish_reason: answer.calls ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
	});
}

// ---------------------------------------------------------------- Responses

function responsesConversation(body) {
	const tools = Array.isArray(body.tools) ? body.tools : [];
	const input = Array.isArray(body.input) ? body.input : [];
	const results = new Map();
	for (const item of input) {
		if (isPlainObject(item) && item.type === 'function_call_output') results.set(item.call_id, item.output);
	}
	const toolNames = tools.filter((tool) => tool?.type === 'function').map((tool) => tool.name);
	return { toolNames: toolNames.filter(isNonEmptyString), results };
}

function responses(ctx, sandbox) {
	const body = generationRequest(ctx);
	if (!body) return;
	if (!(typeof body.input === 'string' || (Array.isArray(body.input) && body.input.length > 0))) {
		return openAiError(ctx, 400, "Missing required parameter: 'input'.", { param: 'input' });
	}
	const answer = scriptedAnswer(ctx, sandbox, responsesConversation(body));
	if (!answer) return;
	const output = answer.calls
		? answer.calls.map((call) => ({
				type: 'function_call',
				id: `fc_${randomHex(12)}`,
				call_id: call.id,
				name: call.name,
				arguments: JSON.stringify(call.arguments),
				status: 'completed',
			}))
		: [
				{
					type: 'message',
					id: `msg_${randomHex(12)}`,
					status: 'completed',
					role: 'assistant',
					content: [{ type: 'output_text', text: answer.text, annotations: [] }],
				},
			];
	const inputTokens = tokens(textLength(body.input) + textLength(body.tools));
	const outputTokens = tokens(textLength(output));
	ctx.reply(200, {
		id: `resp_${randomHex(12)}`,
		object: 'response',
		created_at: nowSeconds(sandbox),
		status: 'completed',
		error: null,
		incomplete_details: null,
		model: MODEL_ID,
		output,
		parallel_tool_calls: true,
		tool_choice: body.tool_choice ?? 'auto',
		tools: Array.isArray(body.tools) ? body.tools : [],
		usage: {
			input_tokens: inputTokens,
			input_tokens_details: { cached_tokens: 0 },
			output_tokens: outputTokens,
			output_tokens_details: { reasoning_tokens: 0 },
			total_tokens: inputTokens + outputTokens,
		},
	});
}

// ---------------------------------------------------------------- Models

function listModels(ctx) {
	if (!authorized(ctx)) return;
	ctx.reply(200, { object: 'list', data: [{ id: MODEL_ID, object: 'model', created: MODEL_CREATED, owned_by: 'sandbox' }] });
}

/** How OpenAI says a 429 or a 500, for chaos faults. */
function errorAnswer(status) {
	const body =
		status === 429
			? { message: 'Rate limit reached for requests.', type: 'requests', param: null, code: 'rate_limit_exceeded' }
			: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null };
	return { body: { error: body }, headers: {} };
}

module.exports = {
	name: 'openaiModel',
	MODEL_ID,
	credentials,
	baseUrls: { openAi: PREFIX },
	areas: [{ name: 'openai-model', path: PREFIX, subpaths: true }],
	config: { modelScript: { default: EXAMPLE_SCRIPT, validate: normalizeModelScript } },
	errorAnswer,
	routes: [
		{ method: 'POST', path: `${PREFIX}/responses`, handler: responses },
		{ method: 'POST', path: `${PREFIX}/chat/completions`, handler: chatCompletions },
		{ method: 'GET', path: `${PREFIX}/models`, handler: listModels },
	],
};
