'use strict';

// Sandbox core: the accounting view of accepted messages (`sandbox.accepted`, /__sandbox/accepted).

const { createSandbox } = require('../../sandbox/server');
const {
	useSandbox,
	call,
	postJson,
	sendBetatelSms,
	sendWhatsApp,
	sendSkycore,
	gatewayV2Send,
	SMS_PATH,
	GATEWAY,
	ISO_TIME,
	UUID_V1,
	UUID_V4,
	ULID,
	SMS_BODY,
	WHATSAPP_BODY,
	SKYCORE_BODY,
	GATEWAY_KEY_HEADER,
} = require('./helpers');

const env = useSandbox();
let sandbox;
beforeAll(() => ({ sandbox } = env));

describe('accepted messages', () => {
	it('lists one entry per accepted message of every provider, one per recipient for the gateway', async () => {
		const sms = (await sendBetatelSms()).json;
		const whatsApp = (await sendWhatsApp()).json;
		const sky = (await sendSkycore()).json;
		const gateway = (await gatewayV2Send({ numbers: '0701234567, +254712345678', message_body: 'Code 1' })).json;
		const [first, second] = gateway.data.recipients;
		expect(sandbox.accepted).toEqual([
			{
				provider: 'betatel',
				channel: 'sms',
				messageId: sms.messageId,
				to: SMS_BODY.to,
				from: SMS_BODY.from,
				text: SMS_BODY.text,
				time: expect.stringMatching(ISO_TIME),
				requestSeq: 1,
			},
			expect.objectContaining({ provider: 'betatel', channel: 'whatsapp', messageId: whatsApp.uuid, from: null }),
			expect.objectContaining({
				provider: 'skycore',
				channel: 'sms',
				messageId: sky['tracking-id'],
				to: SKYCORE_BODY.to,
				from: SKYCORE_BODY.from,
				text: SKYCORE_BODY['message-text'],
				requestSeq: 3,
			}),
			expect.objectContaining({ provider: 'gateway', messageId: first.message_id, to: '0701234567', text: 'Code 1' }),
			expect.objectContaining({ provider: 'gateway', messageId: second.message_id, to: '+254712345678', requestSeq: 4 }),
		]);
		expect(sandbox.accepted[0].messageId).toMatch(UUID_V1);
		expect(sandbox.accepted[1]).toMatchObject({ messageId: expect.stringMatching(ULID), text: WHATSAPP_BODY.text });
		expect(sandbox.accepted[3].messageId).toMatch(UUID_V4);
	});

	it('lists nothing for refused or faulted requests', async () => {
		await sendBetatelSms(SMS_BODY, { 'x-api-key': 'wrong' });
		await sendBetatelSms({ ...SMS_BODY, to: '+38161444555' });
		await sendSkycore({ ...SKYCORE_BODY, from: 'Dunder' });
		await gatewayV2Send({ numbers: '0701234567,abc', message_body: 'Hi' });
		await call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER });
		sandbox.configure({ betatelBalance: 0 });
		expect((await sendWhatsApp()).status).toBe(402);
		sandbox.injectFault({ path: SMS_PATH, status: 503 });
		sandbox.configure({ betatelBalance: 5 });
		expect((await sendBetatelSms()).status).toBe(503);
		expect(sandbox.accepted).toEqual([]);
	});

	it('waitForAccepted resolves once enough messages were accepted and rejects on timeout', async () => {
		const waiting = sandbox.waitForAccepted(3, 2000);
		await gatewayV2Send({ numbers: '0701234567,0712345678,0713345678', message_body: 'Hi' });
		await expect(waiting).resolves.toBe(3);
		await expect(sandbox.waitForAccepted(4, 50)).rejects.toThrow(
			'timed out after 50 ms waiting for 4 accepted messages (got 3)',
		);
	});

	it('is listed and cleared over HTTP, and emptied by reset', async () => {
		await sendBetatelSms();
		const listed = await call('GET', '/__sandbox/accepted');
		expect(listed.status).toBe(200);
		expect(listed.json).toEqual([expect.objectContaining({ provider: 'betatel', to: SMS_BODY.to })]);
		expect((await call('DELETE', '/__sandbox/accepted')).json).toEqual({ cleared: 1 });
		expect(sandbox.accepted).toHaveLength(0);
		await sendBetatelSms();
		await postJson('/__sandbox/reset', {});
		expect((await call('GET', '/__sandbox/accepted')).json).toEqual([]);
	});

	it('keeps at most maxAcceptedMessages, dropping the oldest', async () => {
		const small = createSandbox({ maxAcceptedMessages: 10 });
		const { url } = await small.start(0);
		try {
			const numbers = Array.from({ length: 12 }, (_, i) => `07123456${String(i).padStart(2, '0')}`);
			const response = await postJson(
				`${GATEWAY}/v2/sms/send`,
				{ numbers: numbers.join(','), message_body: 'Hi' },
				GATEWAY_KEY_HEADER,
				url,
			);
			expect(response.status).toBe(200);
			expect(small.accepted.length).toBeLessThanOrEqual(10);
			expect(small.accepted.at(-1).to).toBe(numbers.at(-1));
			expect(small.accepted.map((entry) => entry.to)).toEqual(numbers.slice(-small.accepted.length));
			await expect(small.waitForAccepted(12, 10)).resolves.toBe(12); // counted, even when dropped
			expect(small.acceptedCount).toBe(12);
			const health = await call('GET', '/__sandbox/health', { base: url });
			expect(health.json).toMatchObject({ requests: 1, accepted: 12 });
		} finally {
			await small.stop();
		}
	});
});
