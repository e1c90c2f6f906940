#!/usr/bin/env node
// `npm run release -- <patch|minor|major>`: cuts a release on main. Bumps the version in
// package.json and package-lock.json, moves CHANGELOG.md's Unreleased notes under the new
// version, commits the three files and makes the annotated tag v<version>. Nothing is
// pushed: pushing the commit and the tag is what publishes (.github/workflows/publish.yml).
// Refuses on another branch, with uncommitted changes to tracked files, with nothing under
// Unreleased, or when the tag exists. Runs on the repository in the current folder.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { notesOf, releaseChangelog } = require('./changelog');

const BUMPS = ['patch', 'minor', 'major'];
const RELEASE_BRANCH = 'main';
const PLAIN_VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

class RefusedRelease extends Error {}

function git(cwd, args) {
	return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trimEnd();
}

function bumped(version, bump) {
	const match = PLAIN_VERSION.exec(version);
	if (!match) throw new RefusedRelease(`package.json's version ${version} is not of the form x.y.z`);
	const [major, minor, patch] = match.slice(1).map(Number);
	if (bump === 'major') return `${major + 1}.0.0`;
	if (bump === 'minor') return `${major}.${minor + 1}.0`;
	return `${major}.${minor}.${patch + 1}`;
}

/** `https://github.com/owner/name` from package.json's repository field. */
function repositoryUrl(manifest) {
	const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
	if (!url) throw new RefusedRelease('package.json has no repository URL for the changelog links');
	return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

function checkRepository(cwd) {
	const branch = git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']);
	if (branch !== RELEASE_BRANCH) {
		throw new RefusedRelease(`releases are cut from ${RELEASE_BRANCH}; this checkout is on ${branch}`);
	}
	const changes = git(cwd, ['status', '--porcelain', '--untracked-files=no']);
	if (changes !== '') throw new RefusedRelease(`commit or stash these changes first:\n${changes}`);
}

function release(cwd, bump) {
	if (!BUMPS.includes(bump)) throw new RefusedRelease(`usage: npm run release -- <${BUMPS.join('|')}>`);
	checkRepository(cwd);

	const manifest = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8'));
	const version = bumped(manifest.version, bump);
	const tag = `v${version}`;
	if (git(cwd, ['tag', '--list', tag]) !== '') throw new RefusedRelease(`the tag ${tag} exists already`);

	const changelogFile = path.join(cwd, 'CHANGELOG.md');
	const date = new Date().toISOString().slice(0, 10);
	let changelog;
	try {
		changelog = releaseChangelog(fs.readFileSync(changelogFile, 'utf8'), { version, date, repositoryUrl: repositoryUrl(manifest) });
	} catch (error) {
		throw new RefusedRelease(error.message);
	}

	const files = ['package.json', 'CHANGELOG.md'];
	if (fs.existsSync(path.join(cwd, 'package-lock.json'))) files.push('package-lock.json');
	try {
		// npm writes the version into package.json and package-lock.json as `npm install` would.
		execFileSync('npm', ['version', version, '--no-git-tag-version', '--ignore-scripts'], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
		fs.writeFileSync(changelogFile, changelog);
		git(cwd, ['add', '--', ...files]);
		git(cwd, ['commit', '--quiet', '-m', `Release ${version}`]);
	} catch (error) {
		// Leave the tree as it was, so the release can simply be run again.
		git(cwd, ['checkout', 'HEAD', '--', ...files]);
		throw error;
	}
	git(cwd, ['tag', '--annotate', '--cleanup=whitespace', tag, '-m', `${manifest.name} ${version}\n\n${notesOf(changelog, version)}`]);
	return { version, tag };
}

if (require.main === module) {
	const cwd = process.cwd();
	try {
		const { version, tag } = release(cwd, process.argv[2]);
		console.log(`Released ${version}: commit "Release ${version}" and tag ${tag} on ${RELEASE_BRANCH}.`);
		console.log(`Publish it by pushing both: git push --atomic origin ${RELEASE_BRANCH} ${tag}`);
	} catch (error) {
		console.error(`release: ${error instanceof RefusedRelease ? error.message : error.stack}`);
		process.exitCode = 1;
	}
}

module.exports = { release, bumped };
