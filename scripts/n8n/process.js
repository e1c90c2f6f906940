// Long-running n8n processes (`n8n start`, `worker`, `webhook`): spawn with captured
// log, readiness polling, and a clean stop of the process and everything it spawned.
'use strict';

const fs = require('fs');
const { spawn } = require('child_process');
const { n8nPaths, n8nVersion } = require('./install');
const { baseProcessEnv } = require('./env');

// n8n 1.x answers readiness seconds before its REST API exists, so both are checked.
const MAIN_READINESS_ROUTES = ['/healthz/readiness', '/rest/settings'];
const READINESS_REQUEST_TIMEOUT_MS = 5000;
const READINESS_TIMEOUT_MS = 180000;
const READINESS_POLL_MS = 500;
const STOP_TIMEOUT_MS = 20000;
const MAX_LOG_CHARS = 2000000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `promise` settles within `ms`; leaves no timer behind either way. */
function settlesWithin(promise, ms) {
	let timer;
	const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(false), ms)));
	return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch (error) {
		if (error.code !== 'ESRCH') throw error;
	}
}

/** Whether every URL answers 2xx. */
async function allOk(urls) {
	for (const url of urls) {
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(READINESS_REQUEST_TIMEOUT_MS) });
			if (!response.ok) return false;
		} catch {
			return false;
		}
	}
	return true;
}

/**
 * Spawns `n8n <args>` in its own process group, so stop() also ends the task runner it
 * spawns, and nothing else. Its output is kept (the last MAX_LOG_CHARS) and optionally
 * appended to `logFile` and echoed. Returns { name, pid, logs(), hasExited(), stop(),
 * kill(), exited }; `exited` resolves { code, signal }.
 */
function spawnN8n(args, env, { version = n8nVersion(), logFile, echo = false, name = args[0] } = {}) {
	const { nodeBin, n8nBin } = n8nPaths(version);
	const child = spawn(nodeBin, [n8nBin, ...args], {
		env: { ...baseProcessEnv(), ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	const collect = (chunk) => {
		output = (output + chunk).slice(-MAX_LOG_CHARS);
		if (logStream) logStream.write(chunk);
		if (echo && process.stdout.writable) process.stdout.write(chunk);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	let hasExited = false;
	exited.then(() => (hasExited = true));

	async function stop() {
		if (!hasExited) {
			signalGroup(child.pid, 'SIGTERM');
			if (!(await settlesWithin(exited, STOP_TIMEOUT_MS))) {
				signalGroup(child.pid, 'SIGKILL');
				await exited;
			}
		}
		// The task runner may outlive the n8n process by a moment.
		signalGroup(child.pid, 'SIGKILL');
		if (logStream && !logStream.closed) await new Promise((resolve) => logStream.end(resolve));
	}

	// Synchronous last resort for a parent's 'exit' handler, where nothing async can run.
	const kill = () => signalGroup(child.pid, 'SIGKILL');
	return { name, pid: child.pid, logFile, logs: () => output, hasExited: () => hasExited, stop, kill, exited };
}

/**
 * Polls until every URL in `urls` answers 2xx. Stops the process and throws if it exits
 * first or is not ready within `timeoutMs`.
 */
async function waitUntilReady(handle, urls, { timeoutMs = READINESS_TIMEOUT_MS } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (!(await allOk(urls))) {
		if (handle.hasExited()) throw new Error(`n8n ${handle.name} exited before it was ready:\n${handle.logs().slice(-5000)}`);
		if (Date.now() > deadline) {
			await handle.stop();
			throw new Error(`n8n ${handle.name} was not ready after ${timeoutMs / 1000} s:\n${handle.logs().slice(-5000)}`);
		}
		await sleep(READINESS_POLL_MS);
	}
	return handle;
}

/**
 * Starts `n8n start` and waits until it answers readiness.
 * Returns { baseUrl, port, pid, logs(), stop(), kill(), exited, ... }.
 */
async function startN8n(env, options = {}) {
	const port = Number(env.N8N_PORT);
	const baseUrl = `http://localhost:${port}`;
	const handle = { ...spawnN8n(['start'], env, { name: 'main', ...options }), baseUrl, port };
	return waitUntilReady(
		handle,
		MAIN_READINESS_ROUTES.map((route) => `${baseUrl}${route}`),
		options,
	);
}

module.exports = { spawnN8n, waitUntilReady, startN8n, settlesWithin, sleep };
