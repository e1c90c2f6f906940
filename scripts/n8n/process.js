// Long-running processes (`n8n start`, `worker`, `webhook`, and the queue suite's
// services): spawn with captured log, readiness polling, and a clean stop of the process
// and everything it spawned.
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
 * Spawns `command args` in its own process group, so stop() also ends whatever it spawns
 * (n8n's task runner, PostgreSQL's backends), and nothing else. Its output is kept (the
 * last MAX_LOG_CHARS) and optionally appended to `logFile` and echoed (`echo` may be a
 * function that returns what of a chunk to echo). `stopSignal` is
 * what stop() sends the group first (SIGKILL after STOP_TIMEOUT_MS); `uid`/`gid` run it as
 * another account, `cwd` in another folder. Returns { name, pid, logFile, logs(),
 * hasExited(), stop(), kill(), exited }; `exited` resolves { code, signal }.
 */
function spawnProcess(command, args, options = {}) {
	const { env, cwd, logFile, echo = false, name = command, stopSignal = 'SIGTERM', uid, gid } = options;
	const child = spawn(command, args, {
		env: env || process.env,
		cwd,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
		...(uid === undefined ? {} : { uid, gid }),
	});
	let output = '';
	const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	const collect = (chunk) => {
		output = (output + chunk).slice(-MAX_LOG_CHARS);
		if (logStream) logStream.write(chunk);
		if (echo && process.stdout.writable) process.stdout.write(typeof echo === 'function' ? echo(chunk.toString()) : chunk);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	let spawnError = null;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => resolve({ code, signal }));
		child.on('error', (error) => {
			spawnError = error;
			resolve({ code: null, signal: null, error });
		});
	});
	let hasExited = false;
	exited.then(() => (hasExited = true));

	async function stop() {
		if (!spawnError && !hasExited) {
			signalGroup(child.pid, stopSignal);
			if (!(await settlesWithin(exited, STOP_TIMEOUT_MS))) {
				signalGroup(child.pid, 'SIGKILL');
				await exited;
			}
		}
		// Children (a task runner) may outlive the group leader by a moment.
		if (child.pid) signalGroup(child.pid, 'SIGKILL');
		if (logStream && !logStream.closed) await new Promise((resolve) => logStream.end(resolve));
	}

	// Synchronous last resort for a parent's 'exit' handler, where nothing async can run.
	const kill = () => child.pid && signalGroup(child.pid, 'SIGKILL');
	return { name, pid: child.pid, logFile, logs: () => output, hasExited: () => hasExited, stop, kill, exited };
}

/** `n8n <args>` as a spawnProcess, with the environment every n8n process gets. */
function spawnN8n(args, env, { version = n8nVersion(), name = `n8n ${args[0]}`, ...options } = {}) {
	const { nodeBin, n8nBin } = n8nPaths(version);
	return spawnProcess(nodeBin, [n8nBin, ...args], { ...options, name, env: { ...baseProcessEnv(), ...env } });
}

/**
 * Polls until every URL in `urls` answers 2xx. Stops the process and throws if it exits
 * first or is not ready within `timeoutMs`.
 */
async function waitUntilReady(handle, urls, { timeoutMs = READINESS_TIMEOUT_MS } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (!(await allOk(urls))) {
		if (handle.hasExited()) throw new Error(`${handle.name} exited before it was ready:\n${handle.logs().slice(-5000)}`);
		if (Date.now() > deadline) {
			await handle.stop();
			throw new Error(`${handle.name} was not ready after ${timeoutMs / 1000} s:\n${handle.logs().slice(-5000)}`);
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
	const handle = { ...spawnN8n(['start'], env, { name: 'n8n main', ...options }), baseUrl, port };
	return waitUntilReady(
		handle,
		MAIN_READINESS_ROUTES.map((route) => `${baseUrl}${route}`),
		options,
	);
}

module.exports = { spawnProcess, spawnN8n, signalGroup, waitUntilReady, startN8n, settlesWithin, sleep };
