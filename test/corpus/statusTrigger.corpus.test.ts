/**
 * The bad-input corpus of the SMS Status Trigger: webhook calls a provider, a proxy or an
 * attacker could make. Each is POSTed over HTTP to the trigger (bodies parsed as n8n parses
 * them) and must get the documented answer, start exactly the executions it should (none
 * for a refused call), and leave no secret or refused body in the node's log lines.
 */
import type { INodeParameters } from 'n8n-workflow';
import type { PostOptions } from '../integration/trigger/support/statusBodies';
import { basicAuthorization, betatelEvent, post, skycoreJson, SKYCORE_POSTBACKS, skycoreXml } from '../integration/trigger/support/statusBodies';
import type { TriggerServer } from '../integration/trigger/support/triggerServer';
import { startTriggerServer } from '../integration/trigger/support/triggerServer';

const TOKEN = 'corpus-token-0123456789abcdefghij';
const BASIC = { user: 'provider', password: 'corpus-password-long-enough' };

interface TriggerCase {
	name: string;
	parameters: INodeParameters;
	body: unknown;
	options?: PostOptions;
	/** Expected HTTP status of the answer. */
	status: number;
	/** Executions the call must start (0 for anything refused or filtered). */
	executions: number;
	/** What the answer's text must say, when it says something. */
	says?: RegExp;
	/** The statuses of the items of the one execution, when one starts. */
	statuses?: string[];
}

const betatel: INodeParameters = { provider: 'betatel' };
const skycore: INodeParameters = { provider: 'skycore' };
const queryToken: INodeParameters = { provider: 'betatel', authentication: 'queryToken', token: TOKEN };
const headerToken: INodeParameters = { provider: 'betatel', authentication: 'headerToken', token: TOKEN };
const basicAuth: INodeParameters = { provider: 'betatel', authentication: 'basicAuth' };
const delivered = betatelEvent('DELIVERED');
const n201 = SKYCORE_POSTBACKS[0];

const cases: TriggerCase[] = [
	// Bodies that are not a status event.
	{ name: 'an empty body', parameters: betatel, body: '', status: 400, executions: 0, says: /empty/i },
	{ name: 'truncated JSON', parameters: betatel, body: '{"messageId":"abc","status":"DELI', status: 422, executions: 0 },
	{ name: 'truncated XML', parameters: skycore, body: '<POSTBACK><CODE>N201</CODE><TRACKINGID>ab', options: { contentType: 'application/xml' }, status: 422, executions: 0 },
	{ name: 'JSON null', parameters: betatel, body: 'null', status: 400, executions: 0 },
	{ name: 'a JSON number', parameters: betatel, body: '42', status: 400, executions: 0 },
	{ name: 'a JSON string', parameters: betatel, body: '"DELIVERED"', status: 400, executions: 0 },
	{ name: 'an empty JSON list', parameters: betatel, body: [], status: 400, executions: 0 },
	{ name: 'an empty JSON object', parameters: betatel, body: {}, status: 400, executions: 0 },
	{ name: 'a form body', parameters: betatel, body: 'messageId=abc&status=DELIVERED', options: { contentType: 'application/x-www-form-urlencoded' }, status: 400, executions: 0 },
	{ name: 'plain text that is not JSON', parameters: betatel, body: 'hello', options: { contentType: 'text/plain' }, status: 400, executions: 0 },
	{ name: 'a body over 1 MB', parameters: betatel, body: { ...delivered, padding: 'x'.repeat(1_100_000) }, status: 400, executions: 0, says: /1 MB|too large/i },
	{ name: 'an event without a message ID', parameters: betatel, body: { status: 'DELIVERED', to: '38761444555' }, status: 400, executions: 0 },
	{ name: 'an event without a status', parameters: betatel, body: { messageId: 'abc', to: '38761444555' }, status: 400, executions: 0 },
	{ name: 'a status that is an object', parameters: betatel, body: { messageId: 'abc', status: { value: 'DELIVERED' } }, status: 400, executions: 0 },
	{ name: 'a batch with one event without an ID', parameters: betatel, body: [delivered, { status: 'READ' }], status: 400, executions: 0 },
	{ name: 'a Skycore postback without its tracking id', parameters: skycore, body: { code: 'N201', status: 'Sent' }, status: 400, executions: 0 },
	{ name: 'an XML document that is no postback', parameters: skycore, body: '<html><body>hi</body></html>', options: { contentType: 'application/xml' }, status: 400, executions: 0 },
	// Odd but acceptable events.
	{ name: 'an unknown Betatel status', parameters: betatel, body: betatelEvent('BOUNCED'), status: 200, executions: 1, statuses: ['unknown'] },
	{ name: 'an unknown Skycore code', parameters: skycore, body: { ...skycoreJson(n201), code: 'N999' }, status: 200, executions: 1, statuses: ['unknown'] },
	{ name: 'a status in lower case', parameters: betatel, body: betatelEvent('delivered'), status: 200, executions: 1, statuses: ['delivered'] },
	{ name: 'field names in other cases', parameters: betatel, body: { MessageId: 'abc', STATUS: 'READ' }, status: 200, executions: 1, statuses: ['read'] },
	{ name: 'JSON sent without a content type', parameters: betatel, body: delivered, options: { contentType: null }, status: 200, executions: 1, statuses: ['delivered'] },
	{ name: 'a Skycore v1 XML postback', parameters: skycore, body: skycoreXml(n201), options: { contentType: 'application/xml' }, status: 200, executions: 1, statuses: ['sent'] },
	{ name: 'a batch of three', parameters: betatel, body: ['SENT', 'DELIVERED', 'READ'].map((status) => betatelEvent(status)), status: 200, executions: 1, statuses: ['sent', 'delivered', 'read'] },
	{ name: 'an event outside the filter', parameters: { ...betatel, statuses: ['failed', 'expired'] }, body: delivered, status: 200, executions: 0 },
	// Protection.
	{ name: 'query token missing', parameters: queryToken, body: delivered, status: 401, executions: 0 },
	{ name: 'query token wrong', parameters: queryToken, body: delivered, options: { query: { token: 'guess' } }, status: 401, executions: 0 },
	{ name: 'query token one character short', parameters: queryToken, body: delivered, options: { query: { token: TOKEN.slice(0, -1) } }, status: 401, executions: 0 },
	{ name: 'query token with an injection', parameters: queryToken, body: delivered, options: { query: { token: `${TOKEN}' OR '1'='1` } }, status: 401, executions: 0 },
	{ name: 'query token right', parameters: queryToken, body: delivered, options: { query: { token: TOKEN } }, status: 200, executions: 1, statuses: ['delivered'] },
	{ name: 'header token missing', parameters: headerToken, body: delivered, status: 401, executions: 0 },
	{ name: 'header token in the query instead', parameters: headerToken, body: delivered, options: { query: { token: TOKEN } }, status: 401, executions: 0 },
	{ name: 'header token in upper case', parameters: headerToken, body: delivered, options: { headers: { 'x-webhook-token': TOKEN.toUpperCase() } }, status: 401, executions: 0 },
	{ name: 'header token right', parameters: headerToken, body: delivered, options: { headers: { 'x-webhook-token': TOKEN } }, status: 200, executions: 1, statuses: ['delivered'] },
	{ name: 'Basic Auth missing', parameters: basicAuth, body: delivered, status: 401, executions: 0 },
	{ name: 'Basic Auth wrong password', parameters: basicAuth, body: delivered, options: { headers: { authorization: basicAuthorization(BASIC.user, 'nope') } }, status: 401, executions: 0 },
	{ name: 'Basic Auth garbage header', parameters: basicAuth, body: delivered, options: { headers: { authorization: 'Basic !!!not-base64' } }, status: 401, executions: 0 },
	{ name: 'Basic Auth as a bearer token', parameters: basicAuth, body: delivered, options: { headers: { authorization: `Bearer ${TOKEN}` } }, status: 401, executions: 0 },
	{ name: 'Basic Auth right', parameters: basicAuth, body: delivered, options: { headers: { authorization: basicAuthorization(BASIC.user, BASIC.password) } }, status: 200, executions: 1, statuses: ['delivered'] },
];

let server: TriggerServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

it(`has a case for every kind of bad webhook call (${cases.length})`, () => {
	expect(cases.length).toBeGreaterThanOrEqual(35);
});

it.each(cases.map((triggerCase) => [triggerCase.name, triggerCase] as const))('%s', async (_name, triggerCase) => {
	server = await startTriggerServer({
		parameters: triggerCase.parameters,
		...(triggerCase.parameters.authentication === 'basicAuth' ? { basicAuth: BASIC } : {}),
	});
	const answer = await post(server.url, triggerCase.body, triggerCase.options);
	expect(answer.status).toBe(triggerCase.status);
	if (triggerCase.says) expect(answer.text).toMatch(triggerCase.says);
	expect(answer.text.length).toBeLessThan(500);
	expect(server.executions).toHaveLength(triggerCase.executions);
	if (triggerCase.statuses) {
		expect(server.executions[0].map((item) => item.status)).toEqual(triggerCase.statuses);
	}
	const logged = server.logLines.join('\n');
	for (const secret of [TOKEN, BASIC.password]) expect(logged).not.toContain(secret);
	if (triggerCase.status >= 400) expect(logged).not.toContain('padding');
});

it('a flood of 200 copies of one event with Ignore Duplicates starts one execution', async () => {
	server = await startTriggerServer({ parameters: { provider: 'betatel', options: { ignoreDuplicates: true } } });
	for (let copy = 0; copy < 200; copy++) {
		expect((await post(server.url, delivered)).status).toBe(200);
	}
	expect(server.executions).toHaveLength(1);
});
