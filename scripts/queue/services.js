// Redis and PostgreSQL for a queue-mode n8n, as plain child processes on free ports with
// their data in a folder the caller owns and deletes: no system service, no init system.
// Debian's packages provide the binaries (scripts/queue/install-services.sh).
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawnSync } = require('child_process');
const { spawnProcess, sleep } = require('../n8n/process');

const POSTGRES_ROOT = '/usr/lib/postgresql';
const POSTGRES_SUPERUSER = 'postgres';
const READY_TIMEOUT_MS = 30000;
const READY_POLL_MS = 200;
const INSTALL_HINT = 'run scripts/queue/install-services.sh (apt-get install postgresql redis-server)';

/** Debian's newest /usr/lib/postgresql/<version>/bin. */
function postgresBinDir() {
	const versions = fs.existsSync(POSTGRES_ROOT)
		? fs
				.readdirSync(POSTGRES_ROOT)
				.filter((version) => fs.existsSync(path.join(POSTGRES_ROOT, version, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) throw new Error(`PostgreSQL is not installed: ${INSTALL_HINT}`);
	return path.join(POSTGRES_ROOT, versions[0], 'bin');
}

function redisServerBin() {
	const found = (process.env.PATH || '')
		.split(path.delimiter)
		.concat('/usr/bin', '/usr/sbin')
		.map((dir) => path.join(dir, 'redis-server'))
		.find((file) => fs.existsSync(file));
	if (!found) throw new Error(`redis-server is not installed: ${INSTALL_HINT}`);
	return found;
}

/**
 * The account PostgreSQL runs as. initdb and postgres refuse to run as root, so as root
 * they run as Debian's `postgres` user (the package creates it); otherwise as the caller.
 */
function postgresAccount() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
	const id = (flag) => spawnSync('id', [flag, POSTGRES_SUPERUSER], { encoding: 'utf8' });
	const uid = id('-u');
	const gid = id('-g');
	if (uid.status !== 0 || gid.status !== 0) throw new Error(`running as root needs the "postgres" user: ${INSTALL_HINT}`);
	return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

function runSync(command, args, options, what) {
	const result = spawnSync(command, args, { encoding: 'utf8', ...options });
	if (result.status !== 0) {
		throw new Error(`${what} failed (${result.error?.message || `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
	}
	return result;
}

async function poll(what, handle, check) {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (!(await check())) {
		if (handle.hasExited()) throw new Error(`${what} exited before it was ready:\n${handle.logs().slice(-3000)}`);
		if (Date.now() > deadline) {
			throw new Error(`${what} was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${handle.logs().slice(-3000)}`);
		}
		await sleep(READY_POLL_MS);
	}
}

/** Sends one inline command to a Redis server; resolves its first reply line (or null). */
function redisCommand(port, command) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		const done = (value) => {
			socket.destroy();
			resolve(value);
		};
		socket.setTimeout(2000, () => done(null));
		socket.on('error', () => done(null));
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk;
			if (reply.includes('\r\n')) done(reply.split('\r\n')[0]);
		});
	});
}

/**
 * Starts redis-server on 127.0.0.1:`port`, nothing persisted (its working folder is
 * `dir`). Resolves { port, url, process } once it answers PING.
 */
async function startRedis({ dir, port, logFile }) {
	fs.mkdirSync(dir, { recursive: true });
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
	const handle = spawnProcess(redisServerBin(), args, { name: 'redis-server', logFile, cwd: dir });
	try {
		await poll('redis-server', handle, async () => (await redisCommand(port, 'PING')) === '+PONG');
	} catch (error) {
		await handle.stop();
		throw error;
	}
	return { port, url: `redis://127.0.0.1:${port}`, process: handle };
}

/**
 * Creates a PostgreSQL cluster in `dir` (data, socket; owned by the account it runs as),
 * starts it on 127.0.0.1:`port` with trust authentication and durability off (test data
 * only), and creates `database`. Resolves { port, host, user, database, process }.
 */
async function startPostgres({ dir, port, database, logFile }) {
	const bin = postgresBinDir();
	const account = postgresAccount();
	const asAccount = { ...account, cwd: dir, env: { ...process.env, LC_ALL: 'C' } };
	fs.mkdirSync(dir, { recursive: true });
	if (account.uid !== undefined) fs.chownSync(dir, account.uid, account.gid);
	const dataDir = path.join(dir, 'data');
	runSync(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', POSTGRES_SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
		asAccount,
		'initdb',
	);
	const settings = {
		listen_addresses: '127.0.0.1',
		unix_socket_directories: dir,
		fsync: 'off',
		synchronous_commit: 'off',
		full_page_writes: 'off',
		max_connections: '200',
	};
	const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
	// SIGINT is PostgreSQL's "fast" shutdown.
	const handle = spawnProcess(path.join(bin, 'postgres'), args, {
		...asAccount,
		name: 'postgres',
		logFile,
		stopSignal: 'SIGINT',
	});
	const client = ['-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_SUPERUSER];
	try {
		await poll('postgres', handle, async () => spawnSync(path.join(bin, 'pg_isready'), ['-q', ...client]).status === 0);
		runSync(path.join(bin, 'createdb'), [...client, database], asAccount, `createdb ${database}`);
	} catch (error) {
		await handle.stop();
		throw error;
	}
	return { port, host: '127.0.0.1', user: POSTGRES_SUPERUSER, database, process: handle };
}

module.exports = { startRedis, startPostgres, postgresBinDir, redisServerBin, redisCommand };
