'use strict';

// Sandbox core: dropped connections before and after acceptance, and seeded random faults (chaos).

const {
	useSandbox,
	call,
	postJson,
	sendBetatelSms,
	sendWhatsApp,
	sendSkycore,
	gatewayV2Send,
	startReceiver,
	SMS_PATH,
	WHATSAPP_PATH,
	GATEWAY,
	GATEWAY_KEY_HEADER,
} = require('./helpers');

const env = useSandbox();
let sandbox;
beforeAll(() => ({ sandbox } = env));

const balance = () => call('GET', `${GATEWAY}/v2/account/balance`, { headers: GATEWAY_KEY_HEADER });
const statusOrDropped = (request) => request.then((response) => response.status).catch(() => 'dropped');

describe('dropped connections', () => {
	it('dropConnection: the provider never sees the request, nothing is accepted or charged', async () => {
		sandbox.injectFault({ path: SMS_PATH, dropConnection: true });
		await expect(sendBetatelSms()).rejects.toThrow();
		expect(sandbox.accepted).toHaveLength(0);
		expect(sandbox.getConfig().betatelBalance).toBe(1000000);
	});

	it('dropAfterAccept: the message is accepted, charged and followed up, but the answer is lost', async () => {
		const receiver = await startReceiver();
		try {
			sandbox.configure({ betatelWebhookUrl: receiver.url });
			const fault = sandbox.injectFault({ path: WHATSAPP_PATH, dropAfterAccept: true });
			expect(fault).toMatchObject({ dropAfterAccept: true, dropConnection: false, times: 1 });
			await expect(sendWhatsApp()).rejects.toThrow();
			expect(sandbox.requests[0]).toMatchObject({ seq: 1, provider: 'betatel-whatsapp', responseStatus: null });
			expect(sandbox.accepted).toEqual([expect.objectContaining({ provider: 'betatel', requestSeq: 1 })]);
			expect(sandbox.getConfig().betatelBalance).toBe(999999);
			await sandbox.waitForCallbacks(4);
			expect(receiver.received[0].body).toMatchObject({ uuid: sandbox.accepted[0].messageId, status: 'PENDING' });
			expect((await sendWhatsApp()).status).toBe(200); // used up
		} finally {
			await receiver.close();
		}
	});

	it('dropAfterAccept over HTTP, and never together with dropConnection', async () => {
		const injected = await postJson('/__sandbox/faults', { path: `${GATEWAY}/v1/sms/send`, dropAfterAccept: true });
		expect(injected.status).toBe(201);
		const both = await postJson('/__sandbox/faults', { dropConnection: true, dropAfterAccept: true });
		expect(both.status).toBe(400);
		expect(both.json.error).toContain('either before (dropConnection) or after (dropAfterAccept)');
	});
});

describe('chaos', () => {
	it('answers 429 with retry-after; on gateway paths with the gateway rate-limit headers, using no budget', async () => {
		sandbox.configure({ chaos: { rate429: 1 } });
		const limited = await balance();
		expect(limited.status).toBe(429);
		expect(limited.json).toEqual({ message: 'Too Many Attempts.' });
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(limited.headers.get('x-ratelimit-limit')).toBe('60');
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
		expect(limited.headers.get('cache-control')).toBe('no-cache, private');

		const betatel = await sendBetatelSms();
		expect(betatel.status).toBe(429);
		expect(betatel.json).toEqual({ statusCode: 429, message: 'ThrottlerException: Too Many Requests' });
		expect(betatel.headers.get('retry-after')).toBe('1');
		const sky = await sendSkycore();
		expect(sky.status).toBe(429);
		expect(sky.json).toEqual({ error: 'Too Many Requests' });
		expect(sandbox.accepted).toHaveLength(0);

		sandbox.configure({ chaos: null });
		expect((await balance()).headers.get('x-ratelimit-remaining')).toBe('59');
	});

	it('answers 500 the way each provider does, and a chosen retry-after', async () => {
		sandbox.configure({ chaos: { rate500: 1 } });
		expect((await sendBetatelSms()).json).toEqual({ statusCode: 500, message: 'Internal server error' });
		const gateway = await gatewayV2Send({ numbers: '0701234567', message_body: 'Hi' });
		expect(gateway.status).toBe(500);
		expect(gateway.json).toEqual({ message: 'Server Error' });
		expect(sandbox.accepted).toHaveLength(0);
		sandbox.configure({ chaos: { rate429: 1, retryAfterSeconds: 3 } });
		expect((await sendSkycore()).headers.get('retry-after')).toBe('3');
	});

	it('drops the connection before or after acceptance', async () => {
		sandbox.configure({ chaos: { rateDrop: 1 } });
		await expect(sendBetatelSms()).rejects.toThrow();
		expect(sandbox.accepted).toHaveLength(0);
		sandbox.configure({ chaos: { rateDropAfterAccept: 1 } });
		await expect(gatewayV2Send({ numbers: '0701234567,0712345678', message_body: 'Hi' })).rejects.toThrow();
		expect(sandbox.accepted.map((entry) => entry.to)).toEqual(['0701234567', '0712345678']);
		expect(sandbox.requests.map((request) => request.responseStatus)).toEqual([null, null]);
	});

	it('slows answers down and still answers them', async () => {
		sandbox.configure({ chaos: { rateSlow: 1, slowMs: 150 } });
		const started = Date.now();
		expect((await sendBetatelSms()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('replays the same faults for the same seed', async () => {
		const run = async (seed) => {
			sandbox.reset();
			sandbox.configure({ chaos: { seed, rate429: 0.3, rate500: 0.2, rateDrop: 0.1 } });
			const outcomes = [];
			for (let i = 0; i < 40; i++) outcomes.push(await statusOrDropped(sendBetatelSms()));
			return outcomes;
		};
		const first = await run(42);
		expect(await run(42)).toEqual(first);
		expect(new Set(first)).toEqual(new Set([200, 429, 500, 'dropped']));
		expect(await run(7)).not.toEqual(first);
		expect(sandbox.accepted).toHaveLength((await run(42)).filter((outcome) => outcome === 200).length);
	});

	it('applies only to the given paths, never to the control API, and yields to injected faults', async () => {
		sandbox.configure({ chaos: { rate500: 1, paths: [`${GATEWAY}/`] } });
		expect((await sendBetatelSms()).status).toBe(200);
		expect((await balance()).status).toBe(500);
		expect((await call('GET', '/__sandbox/health')).status).toBe(200);
		expect((await call('GET', '/__sandbox/config')).json.chaos).toMatchObject({ rate500: 1, paths: [GATEWAY] });
		sandbox.injectFault({ path: `${GATEWAY}/v2/account/balance`, status: 418 });
		expect((await balance()).status).toBe(418);
	});

	it('shows the config with defaults filled in; reset turns chaos off', async () => {
		expect(sandbox.configure({ chaos: { rate429: 0.5 } }).chaos).toEqual({
			seed: 1,
			rate429: 0.5,
			rate500: 0,
			rateDrop: 0,
			rateDropAfterAccept: 0,
			rateSlow: 0,
			slowMs: 1000,
			retryAfterSeconds: 1,
			paths: null,
		});
		sandbox.reset();
		expect(sandbox.getConfig().chaos).toBeNull();
		expect((await sendBetatelSms()).status).toBe(200);
	});

	it.each([
		[{ rate429: 1.5 }, 'chaos.rate429 must be a number from 0 to 1'],
		[{ rate429: 0.6, rate500: 0.5 }, 'must not exceed 1'],
		[{ rateSlow: -0.1 }, 'chaos.rateSlow must be a number from 0 to 1'],
		[{ seed: 1.5 }, 'chaos.seed must be an integer'],
		[{ slowMs: -1 }, 'chaos.slowMs must be a non-negative number'],
		[{ retryAfterSeconds: 'soon' }, 'chaos.retryAfterSeconds must be a non-negative integer'],
		[{ paths: 'gateway' }, 'chaos.paths must be an array'],
		[{ rate503: 0.1 }, 'unknown chaos option "rate503"'],
		[[0.1], 'chaos must be an object or null'],
	])('refuses the chaos config %j over HTTP with a 400', async (chaos, message) => {
		const response = await postJson('/__sandbox/config', { chaos });
		expect(response.status).toBe(400);
		expect(response.json.error).toContain(message);
		expect(() => sandbox.configure({ chaos })).toThrow(message);
		expect(sandbox.getConfig().chaos).toBeNull();
	});
});
