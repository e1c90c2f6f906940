#!/usr/bin/env node
'use strict';

/**
 * Rough throughput check of the sandbox: starts `cli.js --quiet` as its own process (so client
 * and server do not share a thread), sends successful sends of every provider round-robin over
 * keep-alive connections, and prints requests per second and latency percentiles. It ends by
 * checking the accounting view: every answered send must be accepted exactly once.
 *   node sandbox/bench.js [--requests 20000] [--concurrency 64] [--latency 0]
 */

const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { SANDBOX_CREDENTIALS } = require('./server');

const { betatelSms, betatelWhatsApp, skycore, smsGateway } = SANDBOX_CREDENTIALS;
const send = (urlPath, headers, body) => ({
	urlPath,
	headers: { ...headers, 'content-type': 'application/json' },
	payload: JSON.stringify(body),
});
const SENDS = [
	send(
		'/api/v1/connect-hub/sms',
		{ 'x-api-key': betatelSms.apiKey, 'x-user-id': betatelSms.userId },
		{ from: 'Bench', to: '38161444555', text: 'Code 1234' },
	),
	send(
		'/api/v1/connect-hub/whatsapp/otp',
		{ 'x-api-key': betatelWhatsApp.apiKey, 'x-account-id': betatelWhatsApp.accountId },
		{ to: '38761444555', text: '1234' },
	),
	send(
		'/skycore/api/v2',
		{ 'x-api-key': skycore.apiKey },
		{ action: 'sendsms', 'message-text': 'Code 1234', to: '17743199144', from: '00000' },
	),
	send(
		'/gateway/api/v2/sms/send',
		{ 'x-api-key': smsGateway.apiKey },
		{ numbers: '0701234567', message_body: 'Code 1234' },
	),
];

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : Number(process.argv[index + 1]);
}

function startSandbox(latency) {
	const args = [path.join(__dirname, 'cli.js'), '--port', '0', '--quiet', '--latency', String(latency)];
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		let output = '';
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const ready = output.match(/SANDBOX_READY (\S+)/);
			if (ready) resolve({ child, url: ready[1] });
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
	});
}

function request(agent, url, method, urlPath, headers = {}, payload = '') {
	return new Promise((resolve, reject) => {
		const req = http.request(`${url}${urlPath}`, { method, agent, headers }, (res) => {
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
		});
		req.on('error', reject);
		req.end(payload);
	});
}

async function main() {
	const total = option('requests', 20000);
	const concurrency = option('concurrency', 64);
	const latency = option('latency', 0);
	const { child, url } = await startSandbox(latency);
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	// Room for every send in the gateway's balance and per-minute limit.
	const config = JSON.stringify({ gatewayRateLimit: total, gatewayBalance: total });
	await request(agent, url, 'POST', '/__sandbox/config', { 'content-type': 'application/json' }, config);

	const durations = [];
	let next = 0;
	let failures = 0;
	const started = process.hrtime.bigint();
	const worker = async () => {
		while (next < total) {
			const { urlPath, headers, payload } = SENDS[next++ % SENDS.length];
			const sentAt = process.hrtime.bigint();
			const { status } = await request(agent, url, 'POST', urlPath, headers, payload);
			durations.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
			if (status !== 200) failures++;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;

	const health = JSON.parse((await request(agent, url, 'GET', '/__sandbox/health')).body);
	durations.sort((a, b) => a - b);
	const percentile = (p) => durations[Math.min(durations.length - 1, Math.floor((p / 100) * durations.length))];
	const rate = Math.round(total / seconds);
	console.log(`${total} requests, concurrency ${concurrency}, latency ${latency} ms: ${rate} req/s`);
	const ms = (p) => percentile(p).toFixed(1);
	console.log(`answer time ms p50 ${ms(50)} p99 ${ms(99)} max ${ms(100)}; non-200: ${failures}`);
	const answered = total - failures;
	const verdict = health.accepted === answered ? 'ok' : 'MISMATCH';
	console.log(`recorded ${health.requests}, accepted ${health.accepted} of ${answered} answered sends: ${verdict}`);
	if (verdict !== 'ok') process.exitCode = 1;
	agent.destroy();
	child.kill('SIGTERM');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
