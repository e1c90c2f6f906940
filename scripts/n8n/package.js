// This package as n8n sees it: where the repo is, its name, building it, and the copy
// n8n's community-package loader picks up from a user folder.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_JSON = path.join(PACKAGE_ROOT, 'package.json');
const PACKAGE_NAME = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')).name;

/** A folder for N8N_USER_FOLDER: the given one (kept) or a new temporary one. */
function createUserFolder(dir) {
	const folder = dir ? path.resolve(dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-sms-otp-'));
	fs.mkdirSync(path.join(folder, '.n8n'), { recursive: true });
	return folder;
}

function packageDirIn(userFolder) {
	return path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
}

/**
 * Puts the built package where n8n looks for installed community packages:
 * `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-*`. n8n names node types
 * `<package name>.<node name>` and resolves `n8n-workflow` through its own NODE_PATH,
 * so the package is copied (package.json + dist, as `npm install` would lay it out)
 * rather than symlinked: a symlink's real path would resolve this repo's dev copy of
 * n8n-workflow instead of n8n's. Runtime dependencies, if the package has any, are
 * linked from this repo's node_modules.
 */
function installPackageInto(userFolder) {
	const manifest = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8'));
	const distDir = path.join(PACKAGE_ROOT, 'dist');
	if (!fs.existsSync(distDir)) throw new Error(`${distDir} is missing: run \`npm run build\` first`);
	const target = packageDirIn(userFolder);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(PACKAGE_JSON, path.join(target, 'package.json'));
	fs.cpSync(distDir, path.join(target, 'dist'), { recursive: true });
	for (const dependency of Object.keys(manifest.dependencies || {})) {
		const linkPath = path.join(target, 'node_modules', dependency);
		fs.mkdirSync(path.dirname(linkPath), { recursive: true });
		fs.symlinkSync(path.join(PACKAGE_ROOT, 'node_modules', dependency), linkPath, 'dir');
	}
	return target;
}

/** Runs `npm run build` in this package, its output shown; throws if it fails. */
function buildPackage() {
	const result = spawnSync('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('npm run build failed');
}

/** The node and credential files the package.json `n8n` block lists. */
function declaredTypeFiles() {
	const { n8n = {} } = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8'));
	return { nodes: n8n.nodes || [], credentials: n8n.credentials || [] };
}

/** Whether every file the `n8n` block lists is built; returns the missing ones. */
function missingBuildFiles() {
	const { nodes, credentials } = declaredTypeFiles();
	const missing = [...nodes, ...credentials].filter((file) => !fs.existsSync(path.join(PACKAGE_ROOT, file)));
	if (!fs.existsSync(path.join(PACKAGE_ROOT, 'dist'))) missing.unshift('dist');
	return missing;
}

module.exports = {
	PACKAGE_ROOT,
	PACKAGE_NAME,
	createUserFolder,
	packageDirIn,
	installPackageInto,
	buildPackage,
	declaredTypeFiles,
	missingBuildFiles,
};
