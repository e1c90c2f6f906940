// `npm run release` (scripts/release/index.js) run as a developer runs it, in a temporary git
// repository, and the publish workflow's tag check on the result. Seen failing by dropping
// each refusal from the scripts in turn (branch, uncommitted changes, existing tag, empty
// Unreleased section) and by leaving out the rollback after a failed commit: each time the
// matching case fails.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { bumped } = require('../../scripts/release');
const { tagProblems } = require('../../scripts/release/check-tag');

const RELEASE_SCRIPT = path.resolve(__dirname, '../../scripts/release/index.js');
const REPOSITORY = 'https://github.com/example/n8n-nodes-fixture';

const CHANGELOG = `# Changelog

## [Unreleased]

### Fixed

- Bulk Send reports a refused number once.

## [0.1.0] - 2026-11-30

### Added

- The first nodes.

[Unreleased]: ${REPOSITORY}/compare/v0.1.0...HEAD
[0.1.0]: ${REPOSITORY}/releases/tag/v0.1.0
`;

let repo;

function git(...args) {
	return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
}

function write(file, content) {
	fs.writeFileSync(path.join(repo, file), content);
}

function read(file) {
	return fs.readFileSync(path.join(repo, file), 'utf8');
}

function runRelease(...args) {
	return spawnSync(process.execPath, [RELEASE_SCRIPT, ...args], { cwd: repo, encoding: 'utf8' });
}

/** What a refused release must leave alone: the commit, the tags and the working tree. */
function snapshot() {
	return { head: git('rev-parse', 'HEAD'), tags: git('tag', '--list'), status: git('status', '--porcelain') };
}

beforeEach(() => {
	repo = fs.mkdtempSync(path.join(os.tmpdir(), 'release-test-'));
	git('init', '--quiet', '--initial-branch=main');
	git('config', 'user.name', 'Release Test');
	git('config', 'user.email', 'release-test@example.com');
	git('config', 'commit.gpgsign', 'false');
	git('config', 'tag.gpgsign', 'false');
	const manifest = { name: 'n8n-nodes-fixture', version: '0.1.0', repository: { type: 'git', url: `git+${REPOSITORY}.git` } };
	write('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
	const lock = { name: manifest.name, version: '0.1.0', lockfileVersion: 3, requires: true, packages: { '': { name: manifest.name, version: '0.1.0' } } };
	write('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
	write('CHANGELOG.md', CHANGELOG);
	write('README.md', '# fixture\n');
	git('add', '.');
	git('commit', '--quiet', '-m', 'Fixture');
	git('tag', '--annotate', 'v0.1.0', '-m', 'n8n-nodes-fixture 0.1.0');
});

afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

test('bumps patch, minor and major versions', () => {
	expect(['patch', 'minor', 'major'].map((bump) => bumped('1.4.9', bump))).toEqual(['1.4.10', '1.5.0', '2.0.0']);
});

test('a minor release: version, changelog, one commit of three files and an annotated tag', () => {
	const before = new Date().toISOString().slice(0, 10);
	const result = runRelease('minor');
	const after = new Date().toISOString().slice(0, 10);
	expect(result.stderr).toBe('');
	expect(result.status).toBe(0);
	expect(result.stdout).toContain('git push --atomic origin main v0.2.0');

	expect(JSON.parse(read('package.json')).version).toBe('0.2.0');
	const lock = JSON.parse(read('package-lock.json'));
	expect([lock.version, lock.packages[''].version]).toEqual(['0.2.0', '0.2.0']);

	const changelog = read('CHANGELOG.md');
	const date = [before, after].find((day) => changelog.includes(`## [0.2.0] - ${day}`));
	expect(date).toBeDefined();
	expect(changelog).toContain(
		`## [Unreleased]\n\n## [0.2.0] - ${date}\n\n### Fixed\n\n- Bulk Send reports a refused number once.\n\n## [0.1.0] - 2026-11-30`,
	);
	expect(changelog).toContain(
		`[Unreleased]: ${REPOSITORY}/compare/v0.2.0...HEAD\n[0.2.0]: ${REPOSITORY}/compare/v0.1.0...v0.2.0\n[0.1.0]: ${REPOSITORY}/releases/tag/v0.1.0\n`,
	);

	expect(git('log', '-1', '--format=%s')).toBe('Release 0.2.0');
	expect(git('show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual(['CHANGELOG.md', 'package-lock.json', 'package.json']);
	expect(git('cat-file', '-t', 'v0.2.0')).toBe('tag');
	expect(git('rev-parse', 'v0.2.0^{commit}')).toBe(git('rev-parse', 'HEAD'));
	// The notes' headings start with #, which git would strip from a message as comments.
	expect(git('tag', '-l', '--format=%(contents)', 'v0.2.0')).toBe(
		'n8n-nodes-fixture 0.2.0\n\n### Fixed\n\n- Bulk Send reports a refused number once.',
	);
	expect(git('status', '--porcelain')).toBe('');

	expect(tagProblems(repo, 'v0.2.0')).toEqual([]);
});

test('two releases in a row link each version to the one before', () => {
	expect(runRelease('patch').status).toBe(0);
	write('CHANGELOG.md', read('CHANGELOG.md').replace('## [Unreleased]\n', '## [Unreleased]\n\n### Changed\n\n- Clearer errors.\n'));
	git('commit', '--quiet', '-am', 'A change');
	expect(runRelease('patch').status).toBe(0);
	expect(read('CHANGELOG.md')).toContain(`[0.1.2]: ${REPOSITORY}/compare/v0.1.1...v0.1.2\n[0.1.1]: ${REPOSITORY}/compare/v0.1.0...v0.1.1\n`);
	expect(git('tag', '--list').split('\n')).toEqual(['v0.1.0', 'v0.1.1', 'v0.1.2']);
});

describe('refuses, and changes nothing', () => {
	test.each([
		['without a bump', [], () => {}, 'usage: npm run release -- <patch|minor|major>'],
		['with an unknown bump', ['1.0.0'], () => {}, 'usage: npm run release -- <patch|minor|major>'],
		['on another branch', ['patch'], () => git('checkout', '--quiet', '-b', 'feature'), 'releases are cut from main; this checkout is on feature'],
		['with uncommitted changes', ['patch'], () => write('README.md', '# changed\n'), 'commit or stash these changes first:\n M README.md'],
		['with staged changes', ['patch'], () => write('README.md', '# staged\n') || git('add', 'README.md'), 'commit or stash these changes first:\nM  README.md'],
		[
			'with nothing under Unreleased',
			['patch'],
			() => {
				write('CHANGELOG.md', CHANGELOG.replace(/### Fixed\n\n- Bulk Send reports a refused number once.\n\n/, ''));
				git('commit', '--quiet', '-am', 'Empty Unreleased');
			},
			'nothing to release: "## [Unreleased]" in CHANGELOG.md is empty',
		],
		['when the tag exists', ['patch'], () => git('tag', 'v0.1.1'), 'the tag v0.1.1 exists already'],
	])('%s', (_label, args, arrange, message) => {
		arrange();
		const before = snapshot();
		const result = runRelease(...args);
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(`release: ${message}`);
		expect(snapshot()).toEqual(before);
	});

	test('when the commit fails half way (a pre-commit hook refuses it)', () => {
		const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
		fs.writeFileSync(hook, '#!/bin/sh\necho "hook says no" >&2\nexit 1\n', { mode: 0o755 });
		const before = snapshot();
		const result = runRelease('patch');
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('hook says no');
		expect(snapshot()).toEqual(before);
		expect(read('CHANGELOG.md')).toBe(CHANGELOG);
	});
});

describe('the publish workflow\'s tag check', () => {
	test('refuses a tag that is not package.json\'s version', () => {
		expect(tagProblems(repo, 'v0.1.1')).toEqual(["the tag v0.1.1 does not match package.json's version 0.1.0 (expected v0.1.0)"]);
	});

	test('refuses a version without a dated CHANGELOG section', () => {
		write('package.json', read('package.json').replace('"0.1.0"', '"0.3.0"'));
		expect(tagProblems(repo, 'v0.3.0')).toEqual(['CHANGELOG.md has no "## [0.3.0] - YYYY-MM-DD" section']);
	});
});
