// n8n's AI Agent (version 3.1) calls this package's nodes as tools, driven by the sandbox's
// stand-in OpenAI model through n8n's OpenAI Chat Model node (version 1.3), once on the
// Responses API (its default) and once on Chat Completions. The model's script sends an SMS
// through each provider's node, generates a code and sends it by WhatsApp, and verifies it;
// the sandbox's accepted messages, n8n's run data and the recorded model requests show that
// each tool ran once with the model's arguments ($fromAI) and that the model got its result.
//
// Seen failing: with the stand-in sending `{}` as every call's arguments, the tools fail on
// empty fields and the agent stops at the script's {{otp.0.code}}; with the stand-in reading
// the tool results from a wrong field, the run fails with "Sandbox model script: {{otp.0.code}}:
// the result of call call_1_0 is not JSON"; with the OTP node's operations not shown for its
// hidden resource, the model reads "generate code in OTP" and "verify code in OTP" (and, with
// no resource at all, the node's description for every OTP tool).
'use strict';

const { majorVersion } = require('../../scripts/n8n/env');
const instance = require('../../scripts/n8n/instance');
const { SANDBOX_CREDENTIALS } = require('../../sandbox/server');
const { EXAMPLE_PHONE } = require('../../sandbox/providers/openaiModelExample');
const { readState, startServer, sandboxClient, secretsIn } = require('./support/e2e');
const { prepareOtpInstance, request } = require('./support/otp');
const { EXAMPLE_ID, FROM_AI, agentWorkflow, saveWorkflow, runManually, toolRuns, agentOutput, modelRequests } = require('./support/agent');

const ENDPOINTS = [
	{ api: 'Responses API', workflowId: 'SmsOtpE2eAgentRs', responsesApi: true, path: '/v1/responses', n: 3 },
	{ api: 'Chat Completions', workflowId: 'SmsOtpE2eAgentCc', responsesApi: false, path: '/v1/chat/completions', n: 4 },
];
// Numbers of one run: n keeps the two runs' recipients apart (and the OTP node's 60 s rule).
const numbersOf = (n) => ({
	betatel: `+3876144450${n}`,
	blocked: `+3876144459${n}`,
	skycore: `+1774319910${n}`,
	gateway: `+25471234560${n}`,
	verified: `+25471234569${n}`,
});
const BETATEL_ALLOW_LIST = ENDPOINTS.map(({ n }) => numbersOf(n).betatel);

/** What the model does: every tool once, two Betatel calls at once (one to a number not allowed). */
function scriptFor(n) {
	const to = numbersOf(n);
	return {
		turns: [
			{
				calls: [
					{ id: 'betatel', tool: 'Betatel', arguments: { to: to.betatel, text: `Hello from the agent via Betatel (${n})` } },
					{ id: 'blocked', tool: 'Betatel', arguments: { to: to.blocked, text: 'This one must not leave' } },
					{ id: 'skycore', tool: 'Skycore', arguments: { to: to.skycore, text: `Hello from the agent via Skycore (${n})` } },
					{ id: 'gateway', tool: 'SMS_Gateway', arguments: { numbers: to.gateway, message: `Hello from the agent via the gateway (${n})` } },
				],
			},
			{ calls: [{ id: 'otp', tool: '^Generate_code$', arguments: { to: to.verified } }] },
			{
				calls: [
					{
						id: 'whatsapp',
						tool: 'WhatsApp',
						arguments: { to: to.verified, text: 'Your verification code is {{otp.0.code}}. It expires in 10 minutes.' },
					},
				],
			},
			{ calls: [{ id: 'check', tool: '^Verify_code$', arguments: { token: '{{otp.0.token}}', code: '{{otp.0.code}}' } }] },
			{
				text: 'Betatel {{betatel.0.messageId}}, Skycore {{skycore.0.messageId}}, gateway {{gateway.0.messageId}}, WhatsApp {{whatsapp.0.messageId}}, check {{check.0.reason}}',
			},
		],
	};
}

/** A tool's argument schema as n8n builds it from the node's $fromAI() calls. */
function schemaOf(...fromAiArguments) {
	return {
		type: 'object',
		properties: Object.fromEntries(fromAiArguments.map(([key, description]) => [key, { type: 'string', description }])),
		required: fromAiArguments.map(([key]) => key),
		additionalProperties: false,
		$schema: 'http://json-schema.org/draft-07/schema#',
	};
}

// What the model reads about each tool: the node's name, "<operation action> in <node>", and
// the $fromAI() arguments of its fields.
const TOOLS_OFFERED = [
	{ name: 'Generate_code', description: 'Generate a verification code for a phone number in OTP' },
	{ name: 'Send_code_by_WhatsApp', description: 'Send an OTP to a phone number in Betatel' },
	{ name: 'Send_SMS_with_Betatel', description: 'Send an SMS in Betatel', parameters: schemaOf(FROM_AI.to, FROM_AI.text) },
	{ name: 'Send_SMS_with_Skycore', description: 'Send an SMS in Skycore', parameters: schemaOf(FROM_AI.to, FROM_AI.text) },
	{ name: 'Send_SMS_with_SMS_Gateway', description: 'Send an SMS in SMS Gateway', parameters: schemaOf(FROM_AI.numbers, FROM_AI.message) },
	{ name: 'Verify_code', description: 'Verify a code against its token in OTP', parameters: schemaOf(FROM_AI.token, FROM_AI.code) },
];

const TOOL_NODES = [
	'Send SMS with Betatel',
	'Send SMS with Skycore',
	'Send SMS with SMS Gateway',
	'Generate code',
	'Send code by WhatsApp',
	'Verify code',
];

// n8n 1.x has neither the OTP node's data tables nor this AI Agent version.
const describeOnN8n2 = majorVersion() >= 2 ? describe : describe.skip;

describeOnN8n2("n8n's AI Agent uses the package's nodes as tools (OpenAI Chat Model on the sandbox's stand-in model)", () => {
	let state;
	let sandbox;
	let n8n;
	let cookie;

	beforeAll(async () => {
		state = readState();
		sandbox = sandboxClient(state);
		n8n = await startServer(state, 'ai-agent');
		({ cookie } = await instance.setupOwner(n8n.baseUrl));
		for (const { workflowId, responsesApi } of ENDPOINTS) {
			await saveWorkflow(n8n.baseUrl, cookie, agentWorkflow({ id: workflowId, responsesApi, betatelAllowList: BETATEL_ALLOW_LIST }));
		}
		// The OTP tools keep their attempts in a data table reached through n8n's public API.
		await prepareOtpInstance(n8n.baseUrl, cookie, []);
	});

	afterAll(async () => {
		if (sandbox) await sandbox.reset();
		if (n8n) await n8n.stop();
	});

	test('the OpenAI credential pointed at the stand-in passes its test: the bearer key reaches it', async () => {
		const answer = await request('POST', `${n8n.baseUrl}/rest/credentials/test`, {
			headers: { cookie },
			body: {
				credentials: {
					id: 'SmsOtpOpenAiModl',
					name: 'OpenAI e2e',
					type: 'openAiApi',
					data: { apiKey: SANDBOX_CREDENTIALS.openAi.apiKey, url: `${state.sandboxUrl}/v1`, header: false },
				},
			},
		});
		expect(answer.json.data).toMatchObject({ status: 'OK' });
	});

	test.each(ENDPOINTS)('through $api: each tool runs once with the model arguments, and the model gets its result', async (endpoint) => {
		const to = numbersOf(endpoint.n);
		await sandbox.reset();
		await sandbox.configure({ modelScript: scriptFor(endpoint.n) });

		const execution = await runManually(n8n.baseUrl, cookie, endpoint.workflowId);
		const failure = execution.data.resultData.error;
		expect(failure && `${failure.message}: ${failure.description}`).toBeUndefined();
		expect(execution.status).toBe('success');

		// n8n's run data: one run per call, given exactly the model's arguments. Two calls in
		// one turn are two runs of the node with one item each: Max Per Second, which spaces the
		// messages of one run, cannot space them (docs/ai-agent-tools.md).
		const runCounts = Object.fromEntries(TOOL_NODES.map((name) => [name, toolRuns(execution, name).length]));
		expect(runCounts).toEqual({ ...Object.fromEntries(TOOL_NODES.map((name) => [name, 1])), 'Send SMS with Betatel': 2 });
		const betatelRuns = toolRuns(execution, 'Send SMS with Betatel');
		const betatel = betatelRuns.find((run) => run.args.to === to.betatel);
		const blocked = betatelRuns.find((run) => run.args.to === to.blocked);
		expect(betatel).toEqual({
			args: { to: to.betatel, text: `Hello from the agent via Betatel (${endpoint.n})` },
			output: [expect.objectContaining({ provider: 'betatel', channel: 'sms', status: 'accepted', to: to.betatel.slice(1) })],
			error: null,
		});
		// A tool's failure is recorded as the run's error and given to the model as its output;
		// the agent goes on.
		expect(blocked).toEqual({
			args: { to: to.blocked, text: 'This one must not leave' },
			output: [{ error: expect.stringContaining(`"${to.blocked} is not on the allow-list"`) }],
			error: blocked.output[0].error,
		});
		const [skycore] = toolRuns(execution, 'Send SMS with Skycore');
		expect(skycore.args).toEqual({ to: to.skycore, text: `Hello from the agent via Skycore (${endpoint.n})` });
		const [gateway] = toolRuns(execution, 'Send SMS with SMS Gateway');
		expect(gateway.args).toEqual({ numbers: to.gateway, message: `Hello from the agent via the gateway (${endpoint.n})` });
		const [generated] = toolRuns(execution, 'Generate code');
		expect(generated.args).toEqual({ to: to.verified });
		const { code, token } = generated.output[0];
		const [whatsApp] = toolRuns(execution, 'Send code by WhatsApp');
		expect(whatsApp.args).toEqual({ to: to.verified, text: `Your verification code is ${code}. It expires in 10 minutes.` });
		const [verified] = toolRuns(execution, 'Verify code');
		expect(verified.args).toEqual({ token, code });
		expect(verified.output).toEqual([expect.objectContaining({ valid: true, reason: 'approved', attempts: 1 })]);
		for (const run of [skycore, gateway, generated, whatsApp, verified]) expect(run.error).toBeNull();

		// The providers: exactly these four messages left, none to the number not allowed.
		const accepted = (await sandbox.accepted()).map(({ provider, channel, to: recipient, text }) => ({ provider, channel, to: recipient, text }));
		expect(accepted.sort((a, b) => a.to.localeCompare(b.to))).toEqual(
			[
				{ provider: 'skycore', channel: 'sms', to: to.skycore.slice(1), text: skycore.args.text },
				{ provider: 'betatel', channel: 'whatsapp', to: to.verified.slice(1), text: whatsApp.args.text },
				{ provider: 'gateway', channel: 'sms', to: `0${to.gateway.slice(4)}`, text: gateway.args.message },
				{ provider: 'betatel', channel: 'sms', to: to.betatel.slice(1), text: betatel.args.text },
			].sort((a, b) => a.to.localeCompare(b.to)),
		);

		// The model: five turns on this endpoint only, offered the six tools as described, and
		// given back each tool's output (the failed call's error too).
		const requests = modelRequests(await sandbox.requests());
		expect(requests.map((request) => request.path)).toEqual(Array(5).fill(endpoint.path));
		expect(requests.every((request) => request.authorization === `Bearer ${SANDBOX_CREDENTIALS.openAi.apiKey}`)).toBe(true);
		const offered = [...requests[0].tools].sort((a, b) => a.name.localeCompare(b.name));
		expect(offered).toEqual(TOOLS_OFFERED.map((tool) => (tool.parameters ? tool : { ...tool, parameters: expect.any(Object) })));
		const results = new Map(requests.at(-1).results.map(({ callId, output }) => [callId, output]));
		expect(results.size).toBe(7);
		expect(JSON.parse(results.get('call_0_0'))).toEqual(betatel.output);
		expect(JSON.parse(results.get('call_0_1'))).toEqual(blocked.output);
		expect(JSON.parse(results.get('call_1_0'))).toEqual(generated.output);

		const [{ output }] = agentOutput(execution);
		expect(output).toBe(
			`Betatel ${betatel.output[0].messageId}, Skycore ${skycore.output[0].messageId}, gateway ${gateway.output[0].messageId}, ` +
				`WhatsApp ${whatsApp.output[0].messageId}, check approved`,
		);
	});

	test('the example "AI agent sends a verification code" runs as shipped, with the stand-in playing its model', async () => {
		await sandbox.reset(); // the example's script is the stand-in's default
		const execution = await runManually(n8n.baseUrl, cookie, EXAMPLE_ID);
		expect(execution.status).toBe('success');
		const [generated] = toolRuns(execution, 'Generate code');
		const [sent] = toolRuns(execution, 'Send code by WhatsApp');
		expect(generated.args).toEqual({ to: EXAMPLE_PHONE });
		const accepted = await sandbox.accepted();
		expect(accepted.map(({ channel, to, text }) => ({ channel, to, text }))).toEqual([
			{ channel: 'whatsapp', to: EXAMPLE_PHONE.slice(1), text: `Your verification code is ${generated.output[0].code}. It expires in 10 minutes.` },
		]);
		expect(agentOutput(execution)).toEqual([
			{
				output: `I sent a verification code to ${EXAMPLE_PHONE} by WhatsApp (message ${sent.output[0].messageId}). It expires at ${generated.output[0].expiresAt}.`,
			},
		]);
		// The example's tools offer the model what the docs say they do.
		const [first] = modelRequests(await sandbox.requests());
		expect(first.tools.map(({ name, parameters }) => [name, parameters.required])).toEqual([
			['Send_code_by_WhatsApp', ['to', 'text']],
			['Generate_code', ['to']],
		]);
	});

	test("no secret reaches n8n's log", () => {
		expect(secretsIn(n8n.logs())).toEqual([]);
	});
});
