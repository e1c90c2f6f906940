/**
 * The SMS Status Trigger's webhook, called over HTTP with real request and response objects,
 * bodies parsed as n8n 2.41.1 parses them, and n8n-core's own WebhookContext.
 */
import type { INodeParameters } from 'n8n-workflow';
import type { TriggerServer, TriggerServerOptions } from '../integration/trigger/support/triggerServer';
import { startTriggerServer } from '../integration/trigger/support/triggerServer';
import {
	BETATEL_STATUSES,
	basicAuthorization,
	betatelEvent,
	post,
	SKYCORE_POSTBACKS,
	skycoreJson,
	skycoreXml,
} from '../integration/trigger/support/statusBodies';

const TOKEN = 'tok-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const BASIC = { user: 'skycore', password: 'p4ss-W0rd-long-enough' };

let server: TriggerServer | undefined;

async function trigger(parameters: INodeParameters, options: Omit<TriggerServerOptions, 'parameters'> = {}) {
	await server?.close();
	server = await startTriggerServer({ parameters, ...options });
	return server;
}

afterEach(async () => {
	await server?.close();
	server = undefined;
});

describe('every status of both providers starts one execution with one normalized item', () => {
	test.each(Object.entries(BETATEL_STATUSES))('Betatel %s', async (providerStatus, status) => {
		const { url, executions } = await trigger({ provider: 'betatel' });
		const answer = await post(url, betatelEvent(providerStatus));
		expect(answer).toMatchObject({ status: 200, json: { message: 'Workflow was started' } });
		expect(executions).toEqual([[expect.objectContaining({ provider: 'betatel', status, providerStatus })]]);
	});

	test.each(SKYCORE_POSTBACKS.map((postback) => [postback.code, postback.v1Status, postback]))(
		'Skycore %s (%s), JSON and XML',
		async (code, _text, postback) => {
			const { url, executions } = await trigger({ provider: 'skycore' });
			expect((await post(url, skycoreJson(postback, 'json-id'))).status).toBe(200);
			expect((await post(url, skycoreXml(postback, 'xml-id'), { contentType: 'application/xml' })).status).toBe(200);
			expect(executions).toEqual([
				[expect.objectContaining({ messageId: 'json-id', status: postback.normalized, providerStatus: code })],
				[expect.objectContaining({ messageId: 'xml-id', status: postback.normalized, providerStatus: code })],
			]);
		},
	);

	test('an XML postback keeps every field, as n8n parsed it, in raw', async () => {
		const { url, executions } = await trigger({ provider: 'skycore' });
		await post(url, skycoreXml(SKYCORE_POSTBACKS[1]), { contentType: 'text/xml; charset=utf-8' });
		expect(executions[0][0]).toEqual({
			provider: 'skycore',
			channel: 'sms',
			messageId: '3f1c0a9b2d4e',
			status: 'delivered',
			providerStatus: 'N202',
			to: '17743199144',
			from: '60856',
			timestamp: '2026-01-01T10:41:08.000Z',
			raw: {
				origin: 'SMS_MT',
				code: 'N202',
				status: 'Message Sent/Delivered',
				from: '60856',
				from_mask: 'Dunder Miff',
				to: '17743199144',
				trackingid: '3f1c0a9b2d4e',
				spid: '0009999',
				timestamp: '2026-01-01T05:41:08-05:00',
				aggregatorid: 'sandbox-agg',
			},
		});
	});
});

describe('batches', () => {
	test('a JSON list starts one execution with one item per event', async () => {
		const { url, executions } = await trigger({ provider: 'betatel' });
		await post(url, [betatelEvent('SENT'), betatelEvent('DELIVERED'), betatelEvent('READ')]);
		expect(executions).toHaveLength(1);
		expect(executions[0].map((item) => item.status)).toEqual(['sent', 'delivered', 'read']);
	});

	test('several XML postbacks in one body', async () => {
		const { url, executions } = await trigger({ provider: 'skycore' });
		const xml =
			'<POSTBACKS><POSTBACK><CODE>N201</CODE><TRACKINGID>a</TRACKINGID></POSTBACK>' +
			'<POSTBACK><CODE>N202</CODE><TRACKINGID>a</TRACKINGID></POSTBACK></POSTBACKS>';
		await post(url, xml, { contentType: 'application/xml' });
		expect(executions[0].map((item) => [item.messageId, item.status])).toEqual([
			['a', 'sent'],
			['a', 'delivered'],
		]);
	});
});

describe('the statuses filter', () => {
	test('events outside it are answered 200 and start nothing', async () => {
		const { url, executions, calls } = await trigger({ provider: 'betatel', statuses: ['failed', 'expired'] });
		const answer = await post(url, betatelEvent('DELIVERED'));
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			message: "Received; none of the events has one of the trigger's statuses, so no workflow was started",
		});
		expect(executions).toEqual([]);
		expect(calls).toEqual([{ status: 200 }]);
	});

	test('of a batch, only the events inside it go on', async () => {
		const { url, executions } = await trigger({ provider: 'betatel', statuses: ['failed', 'expired'] });
		await post(url, [betatelEvent('SENT'), betatelEvent('FAILED'), betatelEvent('EXPIRED', { uuid: 'b' })]);
		expect(executions[0].map((item) => item.status)).toEqual(['failed', 'expired']);
	});

	test('an empty selection means every status', async () => {
		const { url, executions } = await trigger({ provider: 'betatel', statuses: [] });
		await post(url, betatelEvent('READ'));
		expect(executions).toHaveLength(1);
	});

	test('an invalid value from an expression fails with a sentence naming the field', async () => {
		const { url, calls } = await trigger({ provider: 'betatel', statuses: '={{ ["delivered", "bounced"] }}' });
		expect((await post(url, betatelEvent('READ'))).status).toBe(500);
		expect(calls[0].error?.message).toBe(
			'Invalid "Statuses": must hold only "queued", "sent", "delivered", "read", "failed", "expired", "unknown", got the text "bounced"',
		);
	});
});

describe('authentication', () => {
	const cases: Array<[string, INodeParameters, TriggerServerOptions['basicAuth'], Parameters<typeof post>[2], Parameters<typeof post>[2]]> = [
		['queryToken', { authentication: 'queryToken', token: TOKEN }, undefined, { query: { token: TOKEN } }, { query: { token: `${TOKEN}x` } }],
		[
			'headerToken',
			{ authentication: 'headerToken', token: TOKEN },
			undefined,
			{ headers: { 'X-Webhook-Token': TOKEN } },
			{ headers: { 'x-webhook-token': TOKEN.slice(1) } },
		],
		[
			'headerToken with its own header',
			{ authentication: 'headerToken', token: TOKEN, headerName: 'X-Status-Secret' },
			undefined,
			{ headers: { 'x-status-secret': TOKEN } },
			{ headers: { 'x-webhook-token': TOKEN } },
		],
		[
			'basicAuth',
			{ authentication: 'basicAuth' },
			BASIC,
			{ headers: { authorization: basicAuthorization(BASIC.user, BASIC.password) } },
			{ headers: { authorization: basicAuthorization(BASIC.user, 'Zq-not-it') } },
		],
	];

	test.each(cases)('%s: the right secret starts the workflow', async (_mode, parameters, basicAuth, right) => {
		const { url, executions } = await trigger({ provider: 'betatel', ...parameters }, { basicAuth });
		expect((await post(url, betatelEvent('DELIVERED'), right)).status).toBe(200);
		expect(executions).toHaveLength(1);
	});

	test.each(cases)('%s: a wrong or missing secret is answered 401 and starts nothing', async (_mode, parameters, basicAuth, _right, wrong) => {
		const { url, executions, calls, logLines } = await trigger({ provider: 'betatel', ...parameters }, { basicAuth });
		const answers = [await post(url, betatelEvent('DELIVERED'), wrong), await post(url, betatelEvent('DELIVERED'))];
		for (const answer of answers) {
			expect(answer.status).toBe(401);
			expect(answer.json).toEqual({ message: expect.stringMatching(/^Unauthorized: (no|wrong) /) });
			expect(answer.text).not.toContain(TOKEN.slice(1, 20));
		}
		expect(answers[0].headers.get('www-authenticate')).toBe(parameters.authentication === 'basicAuth' ? 'Basic realm="SMS Status Trigger"' : null);
		expect(executions).toEqual([]);
		expect(calls.map((call) => call.status)).toEqual([401, 401]);
		// Logged: the status and reason only, no token, password or body.
		expect(logLines).toHaveLength(2);
		for (const line of logLines) {
			expect(line).not.toMatch(/9f8e7d6c|p4ss|Zq-not-it|01JV5V54|38761444555/);
		}
	});

	test('the token is checked before the body: a bad body without the token is still 401', async () => {
		const { url } = await trigger({ provider: 'betatel', authentication: 'queryToken', token: TOKEN });
		expect((await post(url, 'not json', { contentType: 'text/plain' })).status).toBe(401);
	});

	test('a token given twice in the query is refused', async () => {
		const { url, executions } = await trigger({ provider: 'betatel', authentication: 'queryToken', token: TOKEN });
		const answer = await post(`${url}?token=${TOKEN}&token=${TOKEN}`, betatelEvent('READ'));
		expect(answer.status).toBe(401);
		expect(executions).toEqual([]);
	});

	test('a token that is empty (from an expression) is a setup error: 500, and n8n records it', async () => {
		const { url, calls } = await trigger({ provider: 'betatel', authentication: 'queryToken', token: '={{ "" }}' });
		expect((await post(url, betatelEvent('READ'), { query: { token: '' } })).status).toBe(500);
		expect(calls[0].error?.message).toBe('Invalid "Token": is empty, so no request could prove it comes from the provider');
	});

	test('a Basic Auth credential without a password is a setup error', async () => {
		const { url, calls } = await trigger({ provider: 'betatel', authentication: 'basicAuth' }, { basicAuth: { user: 'a', password: '' } });
		const answer = await post(url, betatelEvent('READ'), { headers: { authorization: basicAuthorization('a', '') } });
		expect(answer.status).toBe(500);
		expect(calls[0].error?.message).toBe('The Basic Auth credential has no user or no password');
	});
});

describe('bad bodies are answered 400 with a short reason and start nothing', () => {
	test.each([
		['empty', '', 'application/json', 'the body is empty'],
		['plain text', 'DELIVERED', 'text/plain', 'the body is not JSON or XML'],
		['a form', 'status=DELIVERED&uuid=1', 'application/x-www-form-urlencoded', 'the body is form data, not JSON or XML'],
		['binary', '\u0000\u0001', 'application/octet-stream', 'the body is not JSON or XML'],
		['no status event', '{"hello":"world"}', 'application/json', 'the body holds no Betatel status event (no message ID or status field)'],
		['JSON null', 'null', 'application/json', 'the body holds no status event'],
		['over 1 MB', JSON.stringify({ ...betatelEvent('READ'), pad: 'x'.repeat(1024 * 1024) }), 'application/json', 'the body is larger than 1 MB'],
	])('%s', async (_name, body, contentType, reason) => {
		const { url, executions, logLines } = await trigger({ provider: 'betatel' });
		const answer = await post(url, body, { contentType });
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({ message: `Bad request: ${reason}` });
		expect(executions).toEqual([]);
		expect(logLines.join('\n')).not.toMatch(/DELIVERED|hello|xxxx|01JV5V54/);
	});

	test('JSON without a content type is still read', async () => {
		const { url, executions } = await trigger({ provider: 'betatel' });
		expect((await post(url, betatelEvent('READ'), { contentType: null })).status).toBe(200);
		expect(executions).toHaveLength(1);
	});

	test('malformed XML or JSON never reaches the node: n8n answers 422', async () => {
		const { url, calls } = await trigger({ provider: 'skycore' });
		expect((await post(url, '<POSTBACK><CODE>N201</POSTBACK>', { contentType: 'application/xml' })).status).toBe(422);
		expect((await post(url, '{"code":', { contentType: 'application/json' })).status).toBe(422);
		expect(calls).toEqual([{ status: 422 }, { status: 422 }]);
	});

	test('an unknown status is passed on, not refused', async () => {
		const { url, executions } = await trigger({ provider: 'betatel' });
		await post(url, betatelEvent('SCHEDULED'));
		expect(executions[0][0]).toMatchObject({ status: 'unknown', providerStatus: 'SCHEDULED' });
	});
});

describe('ignoring duplicates', () => {
	test('a retried event starts nothing; static data carries what was seen between calls', async () => {
		const { url, executions, calls } = await trigger({ provider: 'skycore', options: { ignoreDuplicates: true } });
		const delivered = skycoreJson(SKYCORE_POSTBACKS[1], 'retried');
		expect((await post(url, delivered)).status).toBe(200);
		const retry = await post(url, delivered);
		expect(retry).toMatchObject({ status: 200, json: { message: 'Received; every event was a repeat, so no workflow was started' } });
		// The same postback as XML (Skycore's older API) is the same event.
		expect((await post(url, skycoreXml(SKYCORE_POSTBACKS[1], 'retried'), { contentType: 'application/xml' })).status).toBe(200);
		await post(url, skycoreJson(SKYCORE_POSTBACKS[0], 'retried'));
		expect(executions.map((items) => items.map((item) => item.status))).toEqual([['delivered'], ['sent']]);
		expect(calls.map((call) => call.status)).toEqual([200, 200, 200, 200]);
	});

	test('off by default: every copy starts the workflow', async () => {
		const { url, executions } = await trigger({ provider: 'betatel' });
		await post(url, betatelEvent('READ'));
		await post(url, betatelEvent('READ'));
		expect(executions).toHaveLength(2);
	});

	test('filtered events are not remembered', async () => {
		const { url, staticData } = await trigger({
			provider: 'betatel',
			statuses: ['read'],
			options: { ignoreDuplicates: true },
		});
		await post(url, betatelEvent('DELIVERED'));
		expect(staticData).toEqual({});
	});
});
