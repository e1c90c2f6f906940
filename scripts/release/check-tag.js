#!/usr/bin/env node
// `node scripts/release/check-tag.js <tag>`: the publish workflow's first step. The pushed tag
// must name package.json's version (v<version>), and CHANGELOG.md must have a dated section
// with notes for it, so what npm publishes is the release the tag and the changelog describe.
'use strict';

const fs = require('fs');
const path = require('path');
const { notesOf, releaseDateOf } = require('./changelog');

/** Every reason the tag cannot be published, as sentences; empty when it can. */
function tagProblems(root, tag) {
	const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
	const problems = [];
	if (tag !== `v${version}`) problems.push(`the tag ${tag} does not match package.json's version ${version} (expected v${version})`);
	if (!releaseDateOf(changelog, version)) problems.push(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section`);
	else if (!notesOf(changelog, version)) problems.push(`CHANGELOG.md's section for ${version} is empty`);
	return problems;
}

if (require.main === module) {
	const tag = process.argv[2];
	if (!tag) {
		console.error('usage: node scripts/release/check-tag.js <tag>');
		process.exit(1);
	}
	const problems = tagProblems(process.cwd(), tag);
	for (const problem of problems) console.error(`check-tag: ${problem}`);
	if (problems.length === 0) console.log(`check-tag: ${tag} is package.json's version and has its CHANGELOG.md section`);
	process.exitCode = problems.length === 0 ? 0 : 1;
}

module.exports = { tagProblems };
