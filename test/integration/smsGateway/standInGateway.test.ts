/**
 * The SMS Gateway node against an independent stand-in of the gateway, not our sandbox: its
 * document shows no success body, and servers built on it answer in their own shapes. This
 * one answers `{ "status": "success", "recipients": [ { "number", "message_id" } ] }`, with
 * the numbers written internationally although they were sent nationally, in another order,
 * or without IDs. Every message went out, so every one must come out accepted, each with the
 * ID listed for its own number.
 *
 * Seen failing: with IDs taken by position instead of by number (matchMessageIds), the
 * "another order" and "another one" tests fail.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../../harness/workflowRunner';

type Answer = (numbers: string[]) => { status: number; body: unknown };

let server: http.Server;
let baseUrl = '';
let answer: Answer;
const received: Array<Record<string, string>> = [];

beforeAll(async () => {
	server = http.createServer((request, response) => {
		let raw = '';
		request.on('data', (chunk) => (raw += chunk));
		request.on('end', () => {
			const form = Object.fromEntries(new URLSearchParams(raw));
			received.push(form);
			const { status, body } = answer((form.numbers ?? '').split(','));
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	received.length = 0;
});

/** "0701234567" as the stand-in writes it back: "+254701234567". */
const international = (number: string) => (number.startsWith('0') ? `+254${number.slice(1)}` : `+${number}`);
const idOf = (number: string) => `id-${international(number).slice(-4)}`;

async function send(numbers: string, operation: 'send' | 'sendBulk' = 'send') {
	return await runNode(
		{
			type: 'n8n-nodes-sms-otp.smsGateway',
			credentials: { smsGatewayApi: { id: '1', name: 'Stand-in gateway' } },
			parameters:
				operation === 'send'
					? { resource: 'sms', operation, numbers: '={{ $json.to }}', message: 'Your code is 555345', options: {} }
					: { resource: 'sms', operation, recipients: '={{ $json.to }}', message: 'Your code is 555345', options: { batchSize: 3 } },
		},
		[{ to: numbers }],
		{ smsGatewayApi: { baseUrl, username: 'user', password: 'secret' } },
	);
}

it('reads the IDs of a top-level "recipients" list, matched by number although written internationally', async () => {
	answer = (numbers) => ({ status: 200, body: { status: 'success', recipients: numbers.map((number) => ({ number: international(number), message_id: idOf(number) })) } });
	const { items, error } = await send('0701234567, 0712345678');
	expect(error).toBeUndefined();
	expect(received[0].numbers).toBe('0701234567,0712345678');
	expect(items![0].json).toMatchObject({
		status: 'accepted',
		recipients: [
			{ to: '0701234567', messageId: 'id-4567' },
			{ to: '0712345678', messageId: 'id-5678' },
		],
	});
	expect(items![0].json.note).toBeUndefined();
});

it('gives each number its own ID when the answer lists them in another order', async () => {
	answer = (numbers) => ({
		status: 200,
		body: { status: 'success', recipients: [...numbers].reverse().map((number) => ({ number: international(number), message_id: idOf(number) })) },
	});
	const { items } = await send('0701234567, 0712345678, 0722000000', 'sendBulk');
	expect(items!.map((item) => [item.json.to, item.json.status, item.json.messageId])).toEqual([
		['254701234567', 'accepted', 'id-4567'],
		['254712345678', 'accepted', 'id-5678'],
		['254722000000', 'accepted', 'id-0000'],
	]);
});

it('accepts an answer without IDs: every message went out, each without an ID and with a note', async () => {
	answer = () => ({ status: 200, body: { status: 'success' } });
	const single = await send('0701234567');
	expect(single.error).toBeUndefined();
	expect(single.items![0].json).toMatchObject({ status: 'accepted', messageId: null });
	expect(single.items![0].json.note).toBe(
		'SMS Gateway accepted the message, but its answer gave no message ID for 0701234567. It went out: do not send it again.',
	);
	const bulk = await send('0701234567, 0712345678', 'sendBulk');
	expect(bulk.items!.map((item) => [item.json.status, item.json.messageId, item.json.note])).toEqual([
		['accepted', null, 'SMS Gateway accepted the message, but its answer gave no message ID for this number. It went out: do not send it again.'],
		['accepted', null, 'SMS Gateway accepted the message, but its answer gave no message ID for this number. It went out: do not send it again.'],
	]);
});

it('never gives a number the ID listed for another one', async () => {
	// The list names one number only: the other gets no ID, not the one next to it.
	answer = (numbers) => ({ status: 201, body: { recipients: [{ number: international(numbers[1]), message_id: 'only-this' }] } });
	const { items } = await send('0701234567, 0712345678');
	const recipients = items![0].json.recipients as IDataObject[];
	expect(recipients).toEqual([
		{ to: '0701234567', messageId: null },
		{ to: '0712345678', messageId: 'only-this' },
	]);
	expect(items![0].json.note).toBe('SMS Gateway accepted the message, but its answer gave no message ID for 0701234567. It went out: do not send it again.');
});
