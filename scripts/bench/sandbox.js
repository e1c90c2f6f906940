// The provider sandbox as a process of its own (sandbox/cli.js --quiet), so that its work
// and memory are not counted as the node's, and a client for its control API.
'use strict';

const path = require('path');
const { spawn } = require('child_process');

const CLI = path.resolve(__dirname, '..', '..', 'sandbox', 'cli.js');
const READY_TIMEOUT_MS = 20000;

/** Starts `node sandbox/cli.js --quiet --port 0 --latency <ms>`; resolves { url, control, stop }. */
function startSandbox({ latencyMs }) {
	const child = spawn(process.execPath, [CLI, '--quiet', '--port', '0', '--latency', String(latencyMs)], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		let output = '';
		const timer = setTimeout(() => {
			child.kill('SIGTERM');
			reject(new Error(`the sandbox did not start within ${READY_TIMEOUT_MS} ms:\n${output}`));
		}, READY_TIMEOUT_MS);
		child.on('error', reject);
		child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before it was ready:\n${output}`)));
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const ready = /SANDBOX_READY (\S+)/.exec(output);
			if (!ready) return;
			clearTimeout(timer);
			child.removeAllListeners('exit');
			child.stdout.removeAllListeners('data');
			child.stdout.resume();
			const url = ready[1];
			resolve({ url, pid: child.pid, control: controlClient(url), stop: () => stopChild(child) });
		});
	});
}

function stopChild(child) {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		child.once('exit', () => resolve());
		child.kill('SIGTERM');
	});
}

function controlClient(url) {
	const call = async (method, route, body) => {
		const response = await fetch(`${url}/__sandbox/${route}`, {
			method,
			headers: body ? { 'content-type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined,
		});
		if (!response.ok) throw new Error(`sandbox ${method} ${route}: HTTP ${response.status}`);
		return await response.json();
	};
	return {
		reset: () => call('POST', 'reset'),
		configure: (config) => call('POST', 'config', config),
		health: () => call('GET', 'health'),
	};
}

module.exports = { startSandbox };
