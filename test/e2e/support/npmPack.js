// Tarballs of this package as `npm pack` makes them, for the local registry: the built
// package as it is, and a copy with a changed package.json (a new version to update to).
'use strict';

const fs = require('fs');
const path = require('path');
const { execFile } = require('child_process');
const { promisify } = require('util');
const { PACKAGE_ROOT } = require('../../../scripts/n8n/instance');

const execFileAsync = promisify(execFile);

// --ignore-scripts: `prepack` would rebuild dist/, which global-setup (and CI) already built,
// so the tarball holds the same build the other e2e files load.
async function npmPack(cwd, destination) {
	const { stdout } = await execFileAsync(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', destination],
		{ cwd, env: { ...process.env, npm_config_update_notifier: 'false' } },
	);
	const [{ filename }] = JSON.parse(stdout);
	return path.join(destination, filename);
}

/** `npm pack` of this repository into `destination`; resolves the tarball's path. */
function packPackage(destination) {
	return npmPack(PACKAGE_ROOT, destination);
}

/**
 * Unpacks `tarball` into `workDir`, lets `edit` change its package.json, and packs it again
 * into `destination`; resolves the new tarball's path.
 */
async function repack(tarball, workDir, destination, edit) {
	fs.rmSync(workDir, { recursive: true, force: true });
	fs.mkdirSync(workDir, { recursive: true });
	await execFileAsync('tar', ['-xzf', tarball, '-C', workDir]);
	const packageDir = path.join(workDir, 'package');
	const packageJsonPath = path.join(packageDir, 'package.json');
	const packageJson = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
	fs.writeFileSync(packageJsonPath, JSON.stringify(edit(packageJson), null, 2) + '\n');
	return npmPack(packageDir, destination);
}

/** The next patch version of a plain x.y.z version. */
function nextPatch(version) {
	const [major, minor, patch] = version.split('.').map(Number);
	return `${major}.${minor}.${patch + 1}`;
}

module.exports = { packPackage, repack, nextPatch };
