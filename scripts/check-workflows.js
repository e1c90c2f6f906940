#!/usr/bin/env node
// `npm run check:workflows [folder]`: every GitHub Actions workflow in .github/workflows (or
// the folder given) checked by action-validator (@action-validator/cli) against the workflow
// schema, including job references such as `needs`. The validator is WebAssembly
// (@action-validator/core), so it needs no install script and no platform package.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const VALIDATOR = path.join(ROOT, 'node_modules', '.bin', 'action-validator');

/** Validates each workflow file in `dir`; returns the files that failed. */
function checkWorkflows(dir) {
	const files = fs
		.readdirSync(dir)
		.filter((name) => /\.ya?ml$/.test(name))
		.sort();
	if (files.length === 0) throw new Error(`no workflow files in ${dir}`);
	return files.filter((name) => {
		const result = spawnSync(VALIDATOR, [path.join(dir, name)], { encoding: 'utf8' });
		if (result.status === 0) {
			console.log(`check:workflows: ${name} is valid`);
			return false;
		}
		console.error(`check:workflows: ${name} is not valid:\n${result.stdout}${result.stderr}`);
		return true;
	});
}

if (require.main === module) {
	const dir = path.resolve(process.argv[2] ?? path.join(ROOT, '.github', 'workflows'));
	try {
		process.exitCode = checkWorkflows(dir).length === 0 ? 0 : 1;
	} catch (error) {
		console.error(`check:workflows: ${error.message}`);
		process.exitCode = 1;
	}
}

module.exports = { checkWorkflows };
