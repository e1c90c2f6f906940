'use strict';

// Sandbox core: the control API over HTTP and the command line.

const path = require('path');
const { spawn } = require('child_process');
const {
	useSandbox,
	call,
	postJson,
	sendBetatelSms,
	sendWhatsApp,
	startReceiver,
	sleep,
	SMS_PATH,
	STATUS_INTERVAL_MS,
	SMS_BODY,
} = require('./helpers');

const env = useSandbox();
let sandbox;
let baseUrl;
beforeAll(() => ({ sandbox, baseUrl } = env));

// ---------------------------------------------------------------- control API over HTTP

describe('control API over HTTP', () => {
	it('reports health', async () => {
		const response = await call('GET', '/__sandbox/health');
		expect(response.json).toEqual({ status: 'ok', url: baseUrl, requests: 0, callbacks: 0, accepted: 0 });
	});

	it('lists and clears the recorded requests', async () => {
		await sendBetatelSms();
		const listed = await call('GET', '/__sandbox/requests');
		expect(listed.json).toHaveLength(1);
		expect(listed.json[0]).toMatchObject({ provider: 'betatel-sms', responseStatus: 200, body: SMS_BODY });
		expect((await call('DELETE', '/__sandbox/requests')).json).toEqual({ cleared: 1 });
		expect(sandbox.requests).toHaveLength(0);
		await expect(sandbox.waitForRequests(1, 50)).rejects.toThrow('got 0');
	});

	it('injects, lists and clears faults; -1 means until reset', async () => {
		const injected = await postJson('/__sandbox/faults', { path: SMS_PATH, status: 500, body: 'boom', times: -1 });
		expect(injected.status).toBe(201);
		expect(injected.json).toMatchObject({ path: SMS_PATH, status: 500, times: -1 });
		expect((await sendBetatelSms()).status).toBe(500);
		expect((await sendBetatelSms()).status).toBe(500);
		expect((await call('GET', '/__sandbox/faults')).json).toHaveLength(1);
		expect((await call('DELETE', '/__sandbox/faults')).json).toEqual({ cleared: 1 });
		expect((await sendBetatelSms()).status).toBe(200);
	});

	it('reads and changes the config, refusing bad input', async () => {
		const changed = await postJson('/__sandbox/config', { latencyMs: 5, gatewayRateLimit: 10 });
		expect(changed.status).toBe(200);
		expect(changed.json).toMatchObject({ latencyMs: 5, gatewayRateLimit: 10, statusIntervalMs: STATUS_INTERVAL_MS });
		expect((await call('GET', '/__sandbox/config')).json.latencyMs).toBe(5);
		const unknown = await postJson('/__sandbox/config', { speed: 1 });
		expect(unknown.status).toBe(400);
		expect(unknown.json).toEqual({ error: 'unknown config option "speed"' });
		expect((await postJson('/__sandbox/config', '{oops')).status).toBe(400);
	});

	it('resets everything', async () => {
		sandbox.configure({ latencyMs: 5, betatelBalance: 0 });
		await sendBetatelSms();
		const response = await call('POST', '/__sandbox/reset');
		expect(response.json).toEqual({ status: 'reset' });
		expect(sandbox.requests).toHaveLength(0);
		expect(sandbox.getConfig()).toMatchObject({ latencyMs: 0, betatelBalance: 1000000 });
	});

	it('lists the delivered callbacks', async () => {
		const receiver = await startReceiver();
		try {
			await postJson('/__sandbox/config', { betatelWebhookUrl: receiver.url });
			await sendWhatsApp();
			await sandbox.waitForCallbacks(4);
			const listed = await call('GET', '/__sandbox/callbacks');
			expect(listed.json.map((callback) => callback.body.status)).toEqual(['PENDING', 'SENT', 'DELIVERED', 'READ']);
			expect((await call('DELETE', '/__sandbox/callbacks')).json).toEqual({ cleared: 4 });
			expect(sandbox.callbacks).toHaveLength(0);
		} finally {
			await receiver.close();
		}
	});

	it('answers 404 for an unknown control route', async () => {
		expect((await call('GET', '/__sandbox/nothing')).status).toBe(404);
	});
});

// ---------------------------------------------------------------- CLI

describe('cli', () => {
	it('starts, logs without secrets, and stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, '../../sandbox/cli.js')], {
			env: { ...process.env, SANDBOX_PORT: '0' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

		const deadline = Date.now() + 10000;
		while (!/SANDBOX_READY (\S+)/.test(output)) {
			if (Date.now() > deadline) throw new Error(`CLI did not get ready:\n${output}`);
			await sleep(20);
		}
		const cliUrl = output.match(/SANDBOX_READY (\S+)/)[1];
		expect(output).toContain(`${cliUrl}/skycore/api/v2`);
		expect(output).toContain(`${cliUrl}/gateway/api`);

		const leaked = 'my-real-password-do-not-log';
		const response = await call('POST', `/gateway/api/v1/sms/send?username=sandbox&password=${leaked}`, {
			base: cliUrl,
			body: 'numbers=0701234567&message_body=Hi',
			headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': leaked },
		});
		expect(response.status).toBe(401);
		await sleep(50);
		expect(output).toContain('POST /gateway/api/v1/sms/send -> 401');

		child.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(output).not.toContain(leaked);
	});
});
