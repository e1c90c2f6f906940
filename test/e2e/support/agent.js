// n8n's AI Agent with this package's nodes as tools: the workflows the e2e test runs (built
// from the shipped example examples/workflows/ai-agent-verification-code.json), a manual run
// over the REST API as the editor's "Execute workflow" starts it, and readers of the run data
// and of the model requests the sandbox recorded.
'use strict';

const instance = require('../../../scripts/n8n/instance');
const { parseFlatted } = require('./executions');

const EXAMPLE_ID = 'SmsOtpExAiAgent1';
const PACKAGE = instance.PACKAGE_NAME;
const POLL_MS = 200;
const RUN_TIMEOUT_MS = 60000;
// n8n leaves an execution in these states while it is queued or running.
const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);

/** `={{ $fromAI(...) }}` as the editor writes it; the description is what the model reads. */
const fromAI = (key, description, type = 'string') => `$fromAI('${key}', \`${description}\`, '${type}')`;
const expression = (code) => `={{ ${code} }}`;

const FROM_AI = {
	to: ['to', 'Mobile number of the recipient, in international format with + and country code, e.g. +254712345678'],
	text: ['text', 'The text of the SMS, at most 160 characters'],
	numbers: ['numbers', 'One or more mobile numbers in international format with + and country code, separated by commas'],
	message: ['message', 'The text of the SMS, at most 160 characters'],
	token: ['token', 'The token the Generate code tool returned, exactly as it was returned'],
	code: ['code', 'The code the person typed'],
};

/**
 * The allow-list pattern of docs/ai-agent-tools.md: a number the list does not hold becomes a
 * text the node refuses as a phone number, so the call fails, nothing is sent, and the model
 * reads why.
 */
function allowListed(allowed, [key, description]) {
	const value = fromAI(key, description);
	return expression(`${JSON.stringify(allowed)}.includes(${value}) ? ${value} : ${value} + ' is not on the allow-list'`);
}

function toolNode(name, type, position, parameters, credentials) {
	return {
		parameters,
		id: `3c1f6a2e-8d4b-4e0a-9f71-0000000e${String(position).padStart(4, '0')}`,
		name,
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [140 + 200 * position, 480],
		credentials,
	};
}

/** The tools the e2e workflow adds to the example's two: an SMS through each provider, and Verify. */
function extraTools(betatelAllowList) {
	return [
		toolNode(
			'Send SMS with Betatel',
			'betatelTool',
			0,
			{
				resource: 'sms',
				operation: 'send',
				from: 'SmsOtpDemo',
				to: allowListed(betatelAllowList, FROM_AI.to),
				text: expression(fromAI(...FROM_AI.text)),
				options: {},
			},
			{ betatelSmsApi: { id: 'SmsOtpBetatelSms', name: 'Betatel SMS (sandbox)' } },
		),
		toolNode(
			'Send SMS with Skycore',
			'skycoreTool',
			1,
			{ resource: 'sms', operation: 'send', from: '60856', to: expression(fromAI(...FROM_AI.to)), text: expression(fromAI(...FROM_AI.text)), options: {} },
			{ skycoreApi: { id: 'SmsOtpSkycoreApi', name: 'Skycore (sandbox)' } },
		),
		toolNode(
			'Send SMS with SMS Gateway',
			'smsGatewayTool',
			2,
			{
				resource: 'sms',
				operation: 'send',
				numbers: expression(fromAI(...FROM_AI.numbers)),
				message: expression(fromAI(...FROM_AI.message)),
				defaultCountry: 'KE',
				numberFormat: 'national',
				apiVersion: 'v1',
				options: {},
			},
			{ smsGatewayApi: { id: 'SmsOtpSmsGateway', name: 'SMS Gateway (sandbox)' } },
		),
		toolNode(
			'Verify code',
			'otpTool',
			3,
			{
				operation: 'verify',
				token: expression(fromAI(...FROM_AI.token)),
				code: expression(fromAI(...FROM_AI.code)),
				tracking: 'dataTable',
				dataTable: { __rl: true, mode: 'name', value: 'otp-verification' },
				maxAttempts: 5,
				options: {},
			},
			{
				otpSecretApi: { id: 'SmsOtpOtpSecret1', name: 'OTP Secret (example only, replace it)' },
				otpDataTableApi: { id: 'SmsOtpOtpDataTbl', name: "OTP Data Table (this n8n's API)" },
			},
		),
	];
}

function exampleWorkflow() {
	const workflow = instance.exampleData().workflows.find((candidate) => candidate.id === EXAMPLE_ID);
	if (!workflow) throw new Error(`examples/workflows has no workflow ${EXAMPLE_ID}`);
	return structuredClone(workflow);
}

/**
 * The example with all six tools, its model on the Responses API or on Chat Completions
 * (the OpenAI Chat Model's "Use Responses API" switch).
 */
function agentWorkflow({ id, responsesApi, betatelAllowList }) {
	const workflow = exampleWorkflow();
	workflow.id = id;
	workflow.name = `e2e: AI Agent with every node of the package as a tool (${responsesApi ? 'Responses API' : 'Chat Completions'})`;
	workflow.nodes.find((node) => node.type.endsWith('.lmChatOpenAi')).parameters.responsesApiEnabled = responsesApi;
	const agentName = workflow.nodes.find((node) => node.type.endsWith('.agent')).name;
	for (const tool of extraTools(betatelAllowList)) {
		workflow.nodes.push(tool);
		workflow.connections[tool.name] = { ai_tool: [[{ node: agentName, type: 'ai_tool', index: 0 }]] };
	}
	return workflow;
}

/** n8n's REST API as the editor calls it, logged in with `cookie`; resolves the answer's data. */
function editorApi(baseUrl, cookie) {
	return async (method, route, body) => {
		const response = await fetch(`${baseUrl}/rest${route}`, {
			method,
			headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${route}: HTTP ${response.status} ${text.slice(0, 2000)}`);
		return JSON.parse(text).data;
	};
}

/** Saves a workflow (its id kept) in a running n8n, as pasting and saving it in the editor does. */
async function saveWorkflow(baseUrl, cookie, workflow) {
	return editorApi(baseUrl, cookie)('POST', '/workflows', { ...workflow, active: false });
}

/** Runs a saved workflow from its manual trigger, as the editor does; resolves the finished execution. */
async function runManually(baseUrl, cookie, workflowId) {
	const rest = editorApi(baseUrl, cookie);
	const workflow = await rest('GET', `/workflows/${workflowId}`);
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	const { executionId } = await rest('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger.name } });
	const deadline = Date.now() + RUN_TIMEOUT_MS;
	for (;;) {
		const execution = await rest('GET', `/executions/${executionId}`);
		if (execution.stoppedAt && !UNFINISHED.has(execution.status)) {
			return { ...execution, data: typeof execution.data === 'string' ? parseFlatted(execution.data) : execution.data };
		}
		if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${execution.status} after ${RUN_TIMEOUT_MS / 1000} s`);
		await instance.sleep(POLL_MS);
	}
}

/**
 * Each run of a tool node: the arguments the engine gave it (the model's, shown as its input),
 * its output items, and its error message if it failed.
 */
function toolRuns(execution, nodeName) {
	return (execution.data.resultData.runData[nodeName] || []).map((run) => ({
		args: run.inputOverride?.ai_tool?.[0]?.[0]?.json,
		output: (run.data?.ai_tool?.[0] || []).map((item) => item.json),
		error: run.error?.message ?? null,
	}));
}

function agentOutput(execution, agentName = 'AI Agent') {
	const [run] = execution.data.resultData.runData[agentName];
	return run.data.main[0].map((item) => item.json);
}

/**
 * The model requests the sandbox recorded, reduced to what both APIs carry: the endpoint, the
 * tools offered ({ name, description, parameters }) and the tool results ({ callId, output }).
 */
function modelRequests(requests) {
	return requests
		.filter((request) => request.provider === 'openai-model' && request.method === 'POST')
		.map((request) => {
			const chat = request.path === '/v1/chat/completions';
			const tools = (request.body.tools || []).map((tool) => {
				const { name, description, parameters } = chat ? tool.function : tool;
				return { name, description, parameters };
			});
			const results = chat
				? request.body.messages.filter((message) => message.role === 'tool').map((m) => ({ callId: m.tool_call_id, output: m.content }))
				: request.body.input.filter((item) => item.type === 'function_call_output').map((i) => ({ callId: i.call_id, output: i.output }));
			return { path: request.path, authorization: request.headers.authorization, tools, results };
		});
}

module.exports = { EXAMPLE_ID, FROM_AI, agentWorkflow, saveWorkflow, runManually, toolRuns, agentOutput, modelRequests };
