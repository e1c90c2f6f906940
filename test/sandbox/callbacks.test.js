'use strict';

// Sandbox core: status callbacks (Betatel webhooks, Skycore postbacks).

const {
	useSandbox,
	sendBetatelSms,
	sendWhatsApp,
	sendSkycore,
	startReceiver,
	unusedPort,
	sleep,
	STATUS_INTERVAL_MS,
	ISO_TIME,
	SKYCORE_BODY,
} = require('./helpers');

const env = useSandbox();
let sandbox;
let errorLines;
beforeAll(() => ({ sandbox, errorLines } = env));

// ---------------------------------------------------------------- status callbacks

describe('status callbacks', () => {
	let receiver;

	beforeEach(async () => {
		receiver = await startReceiver();
	});

	afterEach(() => receiver.close());

	it('posts Betatel SMS statuses PENDING, SENT, DELIVERED', async () => {
		sandbox.configure({ betatelWebhookUrl: `${receiver.url}/betatel` });
		const { messageId } = (await sendBetatelSms()).json;
		await sandbox.waitForCallbacks(3);
		expect(receiver.received.map((request) => request.body)).toEqual(
			['PENDING', 'SENT', 'DELIVERED'].map((status) => ({
				messageId,
				channel: 'sms',
				status,
				to: '38161444555',
				timestamp: expect.stringMatching(ISO_TIME),
			})),
		);
		expect(receiver.received[0].path).toBe('/betatel');
		expect(receiver.received[0].headers['content-type']).toBe('application/json');
		expect(sandbox.callbacks.map((callback) => callback.responseStatus)).toEqual([200, 200, 200]);
		expect(sandbox.callbacks[0]).toMatchObject({ url: `${receiver.url}/betatel`, body: { status: 'PENDING' } });
	});

	it('posts Betatel WhatsApp statuses PENDING, SENT, DELIVERED, READ', async () => {
		sandbox.configure({ betatelWebhookUrl: receiver.url });
		const { uuid } = (await sendWhatsApp()).json;
		await sandbox.waitForCallbacks(4);
		expect(receiver.received.map((request) => request.body)).toEqual(
			['PENDING', 'SENT', 'DELIVERED', 'READ'].map((status) => ({
				uuid,
				channel: 'whatsapp',
				status,
				to: '38761444555',
				timestamp: expect.stringMatching(ISO_TIME),
			})),
		);
	});

	it('posts Skycore N201 then N202 with the tracking id of the send', async () => {
		sandbox.configure({ skycorePostbackUrl: `${receiver.url}/skycore` });
		const sent = await sendSkycore({ ...SKYCORE_BODY, 'from-mask': 'Dunder Mifflin', 'campaign-ref': 'campaign2345' });
		await sandbox.waitForCallbacks(2);
		const expected = (code, status) => ({
			origin: 'SMS_MT',
			code,
			'sent-as': 'SMS',
			status,
			from: '00000',
			to: '17743199144',
			'tracking-id': sent.json['tracking-id'],
			'operator-id': expect.any(String),
			'operator-name': expect.any(String),
			'aggregator-id': expect.any(String),
			timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/),
			'campaign-ref': 'campaign2345',
			'from-mask': 'Dunder Miff', // cut to 11 characters, as the doc says
		});
		expect(receiver.received.map((request) => request.body)).toEqual([
			expected('N201', 'Sent'),
			expected('N202', 'Delivered'),
		]);
	});

	it('leaves out from-mask and campaign-ref when the send had none', async () => {
		sandbox.configure({ skycorePostbackUrl: receiver.url });
		await sendSkycore();
		await sandbox.waitForCallbacks(1);
		expect(receiver.received[0].body).not.toHaveProperty('from-mask');
		expect(receiver.received[0].body).not.toHaveProperty('campaign-ref');
	});

	it('sends nothing after a failed send or without a configured URL', async () => {
		sandbox.configure({ skycorePostbackUrl: receiver.url });
		await sendSkycore({ ...SKYCORE_BODY, to: '+17743199144' });
		await sendBetatelSms(); // no Betatel webhook configured
		await sleep(STATUS_INTERVAL_MS * 5);
		expect(receiver.received).toHaveLength(0);
		expect(sandbox.callbacks).toHaveLength(0);
	});

	it('cancels pending callbacks on reset', async () => {
		sandbox.configure({ betatelWebhookUrl: receiver.url, statusIntervalMs: 100 });
		await sendBetatelSms();
		sandbox.reset();
		await sleep(250);
		expect(receiver.received).toHaveLength(0);
	});

	it('records a receiver error and carries on', async () => {
		const failing = await startReceiver(500);
		try {
			sandbox.configure({ betatelWebhookUrl: failing.url });
			await sendBetatelSms();
			await sandbox.waitForCallbacks(3);
			expect(sandbox.callbacks.map((callback) => callback.responseStatus)).toEqual([500, 500, 500]);
			expect(errorLines[0]).toContain('answered HTTP 500');
		} finally {
			await failing.close();
		}
	});

	it('survives an unreachable receiver and keeps tokens out of the log', async () => {
		const port = await unusedPort();
		sandbox.configure({ skycorePostbackUrl: `http://127.0.0.1:${port}/postback?token=very-secret` });
		await sendSkycore();
		await sandbox.waitForCallbacks(2);
		expect(sandbox.callbacks[0]).toMatchObject({ responseStatus: null, error: expect.any(String) });
		expect(errorLines).toHaveLength(2);
		expect(errorLines[0]).toContain(`callback to http://127.0.0.1:${port}/postback failed`);
		expect(errorLines.join('\n')).not.toContain('very-secret');
		expect((await sendSkycore()).json.status).toBe('Success');
	});
});
