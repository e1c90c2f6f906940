#!/usr/bin/env node
// Runs n8n's verification scanner (@n8n/scan-community-package) offline, the way n8n vets
// a community package: on the packed tarball, and on the source files it attests. The
// scanner brings its own ESLint config and ignores eslint-disable comments. What the tarball
// holds is checked by `npm run check:package` (scripts/check-package.js).
const fs = require('fs');
const os = require('os');
const path = require('path');

const { packAndExtract } = require('./check-package');

const ROOT = path.resolve(__dirname, '..');

async function main() {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
		'@n8n/scan-community-package/scanner/scanner.mjs'
	);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-sms-otp-scan-'));
	try {
		const tarballDir = packAndExtract(ROOT, workDir);
		const targets = [
			{ label: 'packed tarball', dir: tarballDir, patterns: undefined },
			{ label: 'source', dir: ROOT, patterns: SOURCE_FILE_PATTERNS },
		];
		let failed = false;
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
