#!/usr/bin/env node
// Checks the packed tarball holds what n8n needs, then runs n8n's verification scanner
// (@n8n/scan-community-package) offline, the way n8n vets a community package: on the
// packed tarball, and on the source files it attests. The scanner brings its own ESLint
// config and ignores eslint-disable comments.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

function packTarball(workDir) {
	// --ignore-scripts: the caller has built dist already; packing must not rebuild it.
	const output = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [{ filename }] = JSON.parse(output);
	const extracted = path.join(workDir, 'package');
	execFileSync('tar', ['-xzf', path.join(workDir, filename), '-C', workDir]);
	return extracted;
}

/** Every problem with the tarball's contents, as sentences; empty when all is well. */
function tarballProblems(packageDir) {
	const problems = [];
	const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const files = listFiles(packageDir);
	const has = (file) => files.includes(file);

	if (Object.keys(manifest.dependencies ?? {}).length > 0) {
		problems.push(`package.json has runtime dependencies: ${Object.keys(manifest.dependencies).join(', ')}`);
	}
	for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		if (!has(entry)) problems.push(`the n8n block names ${entry}, which is not in the tarball`);
	}
	for (const node of manifest.n8n.nodes) {
		const codex = node.replace(/\.js$/, '.json');
		if (!has(codex)) problems.push(`${node} has no codex file ${codex}`);
	}
	for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials].filter(has)) {
		for (const icon of iconFiles(path.join(packageDir, entry))) {
			const relative = path.relative(packageDir, icon);
			if (!has(relative)) problems.push(`${entry} names the icon ${relative}, which is missing`);
		}
	}
	for (const file of files) {
		if (!/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(file)) {
			problems.push(`${file} should not be published`);
		}
		if (/(^|\/)(test|sandbox|scripts)\//.test(file) || /\.test\.[jt]s$/.test(file)) {
			problems.push(`${file} is a development file`);
		}
	}
	return problems;
}

function listFiles(dir, prefix = '') {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
		return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
	});
}

/** The `file:` icons a compiled node or credential file refers to, as absolute paths. */
function iconFiles(compiledFile) {
	const source = fs.readFileSync(compiledFile, 'utf8');
	const names = [...source.matchAll(/['"]file:([^'"]+)['"]/g)].map((match) => match[1]);
	return names.map((name) => path.resolve(path.dirname(compiledFile), name));
}

async function main() {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
		'@n8n/scan-community-package/scanner/scanner.mjs'
	);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-sms-otp-scan-'));
	try {
		const tarballDir = packTarball(workDir);
		const problems = tarballProblems(tarballDir);
		for (const problem of problems) console.error(`tarball: ${problem}`);
		console.log(`tarball contents: ${problems.length === 0 ? 'complete' : `${problems.length} problem(s)`}`);

		const targets = [
			{ label: 'packed tarball', dir: tarballDir, patterns: undefined },
			{ label: 'source', dir: ROOT, patterns: SOURCE_FILE_PATTERNS },
		];
		let failed = problems.length > 0;
		for (const { label, dir, patterns } of targets) {
			const result = await analyzePackage(dir, patterns);
			if (result.passed) {
				console.log(`scan ${label}: passed${result.message ? ` (${result.message})` : ''}`);
			} else {
				failed = true;
				console.error(`scan ${label}: FAILED: ${result.message}`);
				if (result.details) console.error(result.details);
			}
		}
		process.exitCode = failed ? 1 : 0;
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
