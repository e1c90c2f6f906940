#!/usr/bin/env node
// `npm run lint:n8n-node`: n8n's own node CLI (`n8n-node lint`, which n8n's verification
// guidelines ask authors to run) on the package's shipped sources.
//
// Why it does not run in the repo itself:
// - @n8n/node-cli brings n8n's AI SDK and LangChain (sizes in docs/releasing.md) and, added
//   to this repo's devDependencies, re-hoists n8n-core's tree. It is installed once, pinned by
//   the lockfile beside this file, into the cache folder the n8n install uses.
// - `n8n-node lint` lints every `.ts` file under the current folder with its default config,
//   and the package's `"strict": true` makes it refuse any other eslint.config.mjs. The tests
//   and the benchmark are TypeScript too but never ship (and are not node code), so the shipped
//   sources (nodes/, credentials/, package.json, tsconfig.json) are copied into a folder
//   with the default config, where the command runs unchanged.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { cacheRoot } = require('../n8n/install');

const ROOT = path.resolve(__dirname, '..', '..');
const TOOL_MANIFESTS = ['package.json', 'package-lock.json'];
const SHIPPED_SOURCES = ['package.json', 'tsconfig.json', 'nodes', 'credentials'];
const CLI = path.join('node_modules', '@n8n', 'node-cli');
const DEFAULT_ESLINT_CONFIG = path.join(CLI, 'dist', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs');

const ANSI_ESCAPES = /\x1b\[[0-9;]*m/g;

function log(message) {
	process.stderr.write(`[n8n-node lint] ${message}\n`);
}

/** The tool's folder, named by its lockfile so a new pin installs beside the old one. */
function toolDir() {
	const hash = crypto.createHash('sha256');
	for (const file of TOOL_MANIFESTS) hash.update(fs.readFileSync(path.join(__dirname, file)));
	const { dependencies } = JSON.parse(fs.readFileSync(path.join(__dirname, 'package.json'), 'utf8'));
	return path.join(cacheRoot(), `n8n-node-cli-${dependencies['@n8n/node-cli']}-${hash.digest('hex').slice(0, 12)}`);
}

/**
 * Installs the pinned tree with `npm ci` into a scratch folder and renames it into place, so
 * the folder exists only when complete and two runs at once cannot share a half install.
 */
function ensureTool(dir) {
	if (fs.existsSync(dir)) return;
	const started = Date.now();
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	const scratch = fs.mkdtempSync(`${dir}.installing-`);
	try {
		for (const file of TOOL_MANIFESTS) fs.copyFileSync(path.join(__dirname, file), path.join(scratch, file));
		log(`installing @n8n/node-cli into ${dir} (once)...`);
		const result = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: scratch,
			stdio: 'inherit',
			env: { ...process.env, npm_config_update_notifier: 'false' },
		});
		if (result.status !== 0) throw new Error(`npm ci for @n8n/node-cli failed (exit ${result.status})`);
		try {
			fs.renameSync(scratch, dir);
		} catch (error) {
			// Another run finished first; its copy is the same lockfile's.
			if (!fs.existsSync(dir)) throw error;
		}
		log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

/** A folder inside the tool's, so `@n8n/node-cli/eslint` resolves from the parent folders. */
function stagePackage(dir) {
	const stage = fs.mkdtempSync(path.join(dir, 'package-'));
	for (const entry of SHIPPED_SOURCES) {
		fs.cpSync(path.join(ROOT, entry), path.join(stage, entry), { recursive: true });
	}
	fs.copyFileSync(path.join(dir, DEFAULT_ESLINT_CONFIG), path.join(stage, 'eslint.config.mjs'));
	// The repo's own modules: n8n-workflow and libphonenumber-js resolve as they do in the build,
	// and `npm exec eslint` finds the repo's eslint (the same exact version the CLI depends on).
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
	return stage;
}

function main() {
	const dir = toolDir();
	ensureTool(dir);
	const stage = stagePackage(dir);
	try {
		const result = spawnSync(process.execPath, [path.join(dir, CLI, 'bin', 'n8n-node.mjs'), 'lint'], {
			cwd: stage,
			encoding: 'utf8',
			env: { ...process.env, FORCE_COLOR: '0' },
		});
		// Point the findings at the repo's files rather than the copies. The CLI forces colour
		// on for eslint; a log file gets plain text.
		const output = `${result.stdout}${result.stderr}`.split(stage).join(ROOT);
		process.stdout.write(process.stdout.isTTY ? output : output.replace(ANSI_ESCAPES, ''));
		if (result.status !== 0) log(`failed (exit ${result.status ?? result.signal})`);
		else log(`passed: ${SHIPPED_SOURCES.join(', ')}`);
		process.exitCode = result.status === 0 ? 0 : 1;
	} finally {
		fs.rmSync(stage, { recursive: true, force: true });
	}
}

main();
