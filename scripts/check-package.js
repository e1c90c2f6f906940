#!/usr/bin/env node
// `npm run check:package` (after `npm run build`): packs the package as `npm publish` would
// and checks the tarball holds exactly what n8n loads, and that its package.json installs
// nothing and runs nothing:
// - the files are the nodes and credentials the `n8n` block lists, every module they
//   require (followed through the compiled code), their codex files and icons, and
//   package.json, README.md and LICENSE; anything else (tests, sandbox, source maps, a stale
//   build leftover) is reported;
// - the compiled code requires only its own files, Node's built-ins and n8n-workflow (which
//   n8n provides), so the package works with no install step;
// - package.json has no dependencies and none of the lifecycle scripts n8n's verification
//   forbids. Other scripts (`prepack` among them) are allowed: npm does not run them when
//   n8n installs from the registry, and n8n installs with --ignore-scripts anyway.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const { builtinModules } = require('module');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const TOP_LEVEL_FILES = ['package.json', 'README.md', 'LICENSE'];
// The rule no-forbidden-lifecycle-scripts of @n8n/eslint-plugin-community-nodes, which the
// scanner (@n8n/scan-community-package) applies to the published package.json.
const FORBIDDEN_LIFECYCLE_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare'];
const RUNTIME_DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies'];
// What n8n itself provides to a community package at run time.
const PROVIDED_MODULES = new Set(['n8n-workflow']);
const BUILTIN_MODULES = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Packs `root` into `workDir` and unpacks it there; returns the unpacked folder. Scripts do not
 * run (the repo's .npmrc has ignore-scripts=true, so `npm publish` packs without `prepack`
 * too): the caller builds first.
 */
function packAndExtract(root, workDir) {
	const output = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [{ filename }] = JSON.parse(output);
	execFileSync('tar', ['-xzf', path.join(workDir, filename), '-C', workDir]);
	return path.join(workDir, 'package');
}

function listFiles(dir, prefix = '') {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
		return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
	});
}

function specifiersIn(source) {
	return [...source.matchAll(/\brequire\(\s*(['"])([^'"]+)\1\s*\)/g)].map((match) => match[2]);
}

function iconsIn(source) {
	return [...source.matchAll(/['"]file:([^'"]+)['"]/g)].map((match) => match[1]);
}

/** The packaged file a relative require names, as Node resolves it; undefined if none. */
function resolveRelative(has, fromFile, specifier) {
	const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
	return [base, `${base}.js`, `${base}.json`, `${base}/index.js`].find(has);
}

/**
 * Every problem with an unpacked package folder, as sentences; empty when all is well.
 * Exported for the tests, which break fixture packages in each of these ways.
 */
function packageProblems(packageDir) {
	const problems = [];
	const files = listFiles(packageDir);
	const has = (file) => files.includes(file);
	const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));

	for (const field of RUNTIME_DEPENDENCY_FIELDS) {
		const names = Array.isArray(manifest[field]) ? manifest[field] : Object.keys(manifest[field] ?? {});
		if (names.length > 0) problems.push(`package.json has runtime dependencies (${field}): ${names.join(', ')}`);
	}
	for (const script of Object.keys(manifest.scripts ?? {})) {
		if (FORBIDDEN_LIFECYCLE_SCRIPTS.includes(script)) {
			problems.push(`package.json has the lifecycle script "${script}", which n8n forbids`);
		}
	}

	const intended = new Set(TOP_LEVEL_FILES);
	const entries = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	if (entries.length === 0) problems.push('package.json lists no nodes or credentials in its n8n block');
	for (const node of manifest.n8n?.nodes ?? []) {
		const codex = node.replace(/\.js$/, '.json');
		if (has(codex)) intended.add(codex);
		else problems.push(`${node} has no codex file ${codex}`);
	}

	// Everything the entries load, followed through their requires.
	const pending = entries.filter((entry) => {
		if (!has(entry)) problems.push(`the n8n block lists ${entry}, which is not in the tarball`);
		return has(entry);
	});
	while (pending.length > 0) {
		const file = pending.pop();
		if (intended.has(file)) continue;
		intended.add(file);
		if (!file.endsWith('.js')) continue;
		const source = fs.readFileSync(path.join(packageDir, file), 'utf8');
		for (const specifier of specifiersIn(source)) {
			if (specifier.startsWith('.')) {
				const target = resolveRelative(has, file, specifier);
				if (target) pending.push(target);
				else problems.push(`${file} requires ${specifier}, which is not in the tarball`);
			} else if (!PROVIDED_MODULES.has(specifier) && !BUILTIN_MODULES.has(specifier)) {
				problems.push(`${file} requires the package ${specifier}, which n8n does not provide`);
			}
		}
		for (const icon of iconsIn(source)) {
			const iconFile = path.posix.normalize(path.posix.join(path.posix.dirname(file), icon));
			if (has(iconFile)) intended.add(iconFile);
			else problems.push(`${file} names the icon ${iconFile}, which is not in the tarball`);
		}
	}

	for (const file of TOP_LEVEL_FILES) {
		if (!has(file)) problems.push(`${file} is not in the tarball`);
	}
	for (const file of files) {
		if (!intended.has(file)) {
			problems.push(`${file} is in the tarball but is not a listed node or credential, a module they require, a codex file or an icon`);
		}
	}
	return problems;
}

function main() {
	if (!fs.existsSync(path.join(ROOT, 'dist'))) {
		console.error('check:package: dist/ is missing: run `npm run build` first');
		process.exitCode = 1;
		return;
	}
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-sms-otp-package-'));
	try {
		const packageDir = packAndExtract(ROOT, workDir);
		const problems = packageProblems(packageDir);
		for (const problem of problems) console.error(`check:package: ${problem}`);
		if (problems.length > 0) {
			process.exitCode = 1;
			return;
		}
		const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		console.log(`check:package: ${version}: ${listFiles(packageDir).length} files, exactly the intended ones; no dependencies, no forbidden scripts`);
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

module.exports = { packAndExtract, packageProblems };

if (require.main === module) main();
