'use strict';

// The stand-in OpenAI model: authentication, the Responses and Chat Completions shapes n8n's
// OpenAI Chat Model node reads, and the script (turns, tool matching, placeholders).

const { useSandbox, call, postJson, SANDBOX_CREDENTIALS } = require('./helpers');
const { EXAMPLE_SCRIPT } = require('../../sandbox/providers/openaiModelExample');

const env = useSandbox();
let sandbox;
beforeAll(() => ({ sandbox } = env));

const MODEL = 'sandbox-scripted-model';
const AUTH = { authorization: `Bearer ${SANDBOX_CREDENTIALS.openAi.apiKey}` };
const TOOL_NAMES = ['Send_SMS_with_Betatel', 'Generate_code', 'Send_code_by_WhatsApp'];
const responsesTools = TOOL_NAMES.map((name) => ({ type: 'function', name, description: name, parameters: {} }));
const chatTools = TOOL_NAMES.map((name) => ({ type: 'function', function: { name, description: name, parameters: {} } }));

const SCRIPT = {
	turns: [
		{
			calls: [
				{ id: 'sms', tool: 'betatel', arguments: { to: '+38761444555', text: 'Hello' } },
				{ id: 'otp', tool: '^generate', arguments: { to: '+254712345678' } },
			],
		},
		{ calls: [{ tool: 'whatsapp', arguments: { to: '+254712345678', text: 'Code {{otp.0.code}}', length: '{{otp.0.length}}' } }] },
		{ text: 'Sent {{sms.0.messageId}}' },
	],
};
const SMS_RESULT = JSON.stringify([{ messageId: 'm-1', status: 'accepted' }]);
const OTP_RESULT = JSON.stringify([{ code: '482910', length: 6 }]);

const responses = (input, extra = {}, headers = AUTH) =>
	postJson('/v1/responses', { model: MODEL, input, tools: responsesTools, stream: false, ...extra }, headers);
const chat = (messages, extra = {}, headers = AUTH) =>
	postJson('/v1/chat/completions', { model: MODEL, messages, tools: chatTools, stream: false, ...extra }, headers);

const USER = { type: 'message', role: 'user', content: 'Send the messages' };
const functionOutput = (callId, output) => ({ type: 'function_call_output', call_id: callId, output });
const toolMessage = (callId, content) => ({ role: 'tool', tool_call_id: callId, content });

describe('authentication, as the OpenAI API does it', () => {
	it.each([
		['no Authorization header', {}, null],
		['a header that is not Bearer', { authorization: 'Basic abc' }, null],
		['a wrong key', { authorization: 'Bearer sk-wrong' }, 'invalid_api_key'],
	])('answers 401 for %s, without echoing the key', async (_name, headers, code) => {
		for (const answer of [await call('GET', '/v1/models', { headers }), await responses([USER], {}, headers)]) {
			expect(answer.status).toBe(401);
			expect(answer.json.error).toMatchObject({ type: 'invalid_request_error', code });
			expect(answer.text).not.toContain('sk-wrong');
		}
	});

	it('lists its one model for the credential test and the model list', async () => {
		const answer = await call('GET', '/v1/models', { headers: AUTH });
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({ object: 'list', data: [{ id: MODEL, object: 'model', created: expect.any(Number), owned_by: 'sandbox' }] });
	});
});

describe('requests it refuses the way OpenAI does', () => {
	beforeEach(() => sandbox.configure({ modelScript: SCRIPT }));

	it.each([
		['an unknown model', { model: 'gpt-nothing' }, 404, 'model_not_found'],
		['no model', { model: '' }, 400, null],
		['streaming', { stream: true }, 400, null],
	])('answers %s', async (_name, extra, status, code) => {
		for (const answer of [await responses([USER], extra), await chat([{ role: 'user', content: 'hi' }], extra)]) {
			expect(answer.status).toBe(status);
			expect(answer.json.error).toMatchObject({ type: 'invalid_request_error', code });
		}
	});

	it('answers 400 without input or messages', async () => {
		expect((await responses([])).json.error.param).toBe('input');
		expect((await chat([])).json.error.param).toBe('messages');
	});
});

describe('Responses API (POST /v1/responses)', () => {
	beforeEach(() => sandbox.configure({ modelScript: SCRIPT }));

	it('answers the first turn with function calls, named as the tools offered, ids call_<turn>_<index>', async () => {
		const answer = await responses([USER]);
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({ object: 'response', status: 'completed', model: MODEL, error: null });
		expect(answer.json.output).toEqual([
			expect.objectContaining({ type: 'function_call', call_id: 'call_0_0', name: 'Send_SMS_with_Betatel', status: 'completed' }),
			expect.objectContaining({ type: 'function_call', call_id: 'call_0_1', name: 'Generate_code' }),
		]);
		expect(JSON.parse(answer.json.output[0].arguments)).toEqual({ to: '+38761444555', text: 'Hello' });
		expect(answer.json.output[0].id).toMatch(/^fc_[0-9a-f]{24}$/);
		expect(answer.json.usage).toEqual(expect.objectContaining({ input_tokens: expect.any(Number), total_tokens: expect.any(Number) }));
	});

	it('takes the next turn once every call of the last one has its result, filling placeholders from them', async () => {
		const answer = await responses([USER, functionOutput('call_0_0', SMS_RESULT), functionOutput('call_0_1', OTP_RESULT)]);
		expect(answer.json.output).toHaveLength(1);
		expect(answer.json.output[0]).toMatchObject({ call_id: 'call_1_0', name: 'Send_code_by_WhatsApp' });
		// Embedded placeholders become text; a string that is one placeholder keeps the JSON type.
		expect(JSON.parse(answer.json.output[0].arguments)).toEqual({ to: '+254712345678', text: 'Code 482910', length: 6 });
	});

	it('answers a text turn with an assistant message', async () => {
		const input = [USER, functionOutput('call_0_0', SMS_RESULT), functionOutput('call_0_1', OTP_RESULT), functionOutput('call_1_0', '[]')];
		const answer = await responses(input);
		expect(answer.json.output).toEqual([
			{
				type: 'message',
				id: expect.stringMatching(/^msg_/),
				status: 'completed',
				role: 'assistant',
				content: [{ type: 'output_text', text: 'Sent m-1', annotations: [] }],
			},
		]);
	});

	it('answers a retried request the same way: it keeps no state between requests', async () => {
		const first = await responses([USER]);
		const again = await responses([USER]);
		const calls = (answer) => answer.json.output.map(({ call_id: id, name, arguments: args }) => ({ id, name, args }));
		expect(calls(again)).toEqual(calls(first));
	});

	it('records each request with the tools n8n offered, for tests to read', async () => {
		sandbox.clearRequests();
		await responses([USER]);
		expect(sandbox.requests).toEqual([expect.objectContaining({ provider: 'openai-model', path: '/v1/responses', responseStatus: 200 })]);
		expect(sandbox.requests[0].body.tools.map((tool) => tool.name)).toEqual(TOOL_NAMES);
	});
});

describe('Chat Completions API (POST /v1/chat/completions)', () => {
	beforeEach(() => sandbox.configure({ modelScript: SCRIPT }));

	it('answers tool calls with finish_reason tool_calls, then the text with stop', async () => {
		const first = await chat([{ role: 'user', content: 'Send the messages' }]);
		expect(first.status).toBe(200);
		expect(first.json).toMatchObject({ object: 'chat.completion', model: MODEL });
		expect(first.json.choices).toEqual([
			expect.objectContaining({
				index: 0,
				finish_reason: 'tool_calls',
				message: expect.objectContaining({
					role: 'assistant',
					content: null,
					tool_calls: [
						{ id: 'call_0_0', type: 'function', function: { name: 'Send_SMS_with_Betatel', arguments: '{"to":"+38761444555","text":"Hello"}' } },
						{ id: 'call_0_1', type: 'function', function: { name: 'Generate_code', arguments: '{"to":"+254712345678"}' } },
					],
				}),
			}),
		]);

		const history = [
			{ role: 'user', content: 'Send the messages' },
			{ role: 'assistant', content: '', tool_calls: first.json.choices[0].message.tool_calls },
			toolMessage('call_0_0', SMS_RESULT),
			toolMessage('call_0_1', OTP_RESULT),
			toolMessage('call_1_0', '[]'),
		];
		const last = await chat(history);
		expect(last.json.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'Sent m-1' } });
		expect(last.json.usage).toEqual({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) });
	});
});

describe('script problems answer 400 with the reason, so the agent fails saying why', () => {
	beforeEach(() => sandbox.configure({ modelScript: SCRIPT }));

	const scriptError = async (answer) => {
		expect(answer.status).toBe(400);
		return answer.json.error.message;
	};

	it('a tool pattern that matches none or several of the tools offered', async () => {
		sandbox.configure({ modelScript: { turns: [{ calls: [{ tool: 'skycore' }] }] } });
		expect(await scriptError(await responses([USER]))).toBe(
			`Sandbox model script: tool /skycore/ matches 0 of the tools offered (${TOOL_NAMES.join(', ')}); it must match one`,
		);
		sandbox.configure({ modelScript: { turns: [{ calls: [{ tool: 'send' }] }] } });
		expect(await scriptError(await chat([{ role: 'user', content: 'hi' }]))).toMatch(/tool \/send\/ matches 2 of the tools offered/);
	});

	it('results that end no turn: only one of two parallel calls answered, or more results than calls', async () => {
		expect(await scriptError(await responses([USER, functionOutput('call_0_0', SMS_RESULT)]))).toMatch(
			/carries 1 tool results, which ends no turn/,
		);
		const tooMany = [USER, ...['a', 'b', 'c', 'd'].map((id) => functionOutput(id, '[]'))];
		expect(await scriptError(await responses(tooMany))).toMatch(/carries 4 tool results/);
	});

	it('a placeholder whose result is missing or has no such field', async () => {
		const wrongIds = [USER, functionOutput('x', SMS_RESULT), functionOutput('y', OTP_RESULT)];
		expect(await scriptError(await responses(wrongIds))).toMatch(/\{\{otp\.0\.code\}\}: the conversation has no result for call call_0_1/);
		const noCode = [USER, functionOutput('call_0_0', SMS_RESULT), functionOutput('call_0_1', '[{"error":"too soon"}]')];
		expect(await scriptError(await responses(noCode))).toMatch(/has nothing at "0\.code": \[\{"error":"too soon"\}\]/);
	});

	it('no script at all', async () => {
		sandbox.configure({ modelScript: null });
		expect(await scriptError(await responses([USER]))).toMatch(/no script is set/);
	});
});

describe('the modelScript option', () => {
	it.each([
		[{ turns: [] }, 'at least one turn'],
		[{ turns: [{ text: 'a', calls: [] }] }, 'either "calls" or "text"'],
		[{ turns: [{ calls: [] }] }, 'calls must be a non-empty array'],
		[{ turns: [{ calls: [{ tool: '(' }] }] }, 'is not a regular expression'],
		[{ turns: [{ calls: [{ tool: 'a', arguments: [] }] }] }, 'arguments must be an object'],
		[{ turns: [{ calls: [{ tool: 'a', id: '1x' }] }] }, 'id must be letters'],
		[{ turns: [{ calls: [{ tool: 'a', id: 'x' }, { tool: 'b', id: 'x' }] }] }, 'id "x" is used twice'],
	])('refuses %j', (script, message) => {
		expect(() => sandbox.configure({ modelScript: script })).toThrow(message);
	});

	it('is set over the control API and put back to the example script by reset', async () => {
		expect((await postJson('/__sandbox/config', { modelScript: SCRIPT })).json.modelScript).toEqual(SCRIPT);
		sandbox.reset();
		expect(sandbox.getConfig().modelScript).toEqual(EXAMPLE_SCRIPT);
	});

	it('by default plays the model of the example workflow "AI agent sends a verification code"', async () => {
		const offered = ['Generate_code', 'Send_code_by_WhatsApp'].map((name) => ({ type: 'function', name, parameters: {} }));
		const first = await responses([USER], { tools: offered });
		expect(first.json.output).toEqual([expect.objectContaining({ name: 'Generate_code', arguments: '{"to":"+254712345678"}' })]);
		const generated = JSON.stringify([{ code: '123456', expiresAt: '2026-12-04T10:10:00.000Z' }]);
		const second = await responses([USER, functionOutput('call_0_0', generated)], { tools: offered });
		expect(JSON.parse(second.json.output[0].arguments)).toEqual({
			to: '+254712345678',
			text: 'Your verification code is 123456. It expires in 10 minutes.',
		});
		const third = await responses([USER, functionOutput('call_0_0', generated), functionOutput('call_1_0', '[{"messageId":"01ABC"}]')], {
			tools: offered,
		});
		expect(third.json.output[0].content[0].text).toBe(
			'I sent a verification code to +254712345678 by WhatsApp (message 01ABC). It expires at 2026-12-04T10:10:00.000Z.',
		);
	});
});
