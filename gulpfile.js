// Build: compile TypeScript, bundle libphonenumber-js into dist, copy icons and codex files.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { series, src, dest } = require('gulp');
const esbuild = require('esbuild');

const DIST = path.join(__dirname, 'dist');
// The one module that imports libphonenumber-js; every node requires it by relative path.
const VENDOR_MODULE = 'nodes/shared/vendor/libphonenumber';

function clean(done) {
	fs.rmSync(DIST, { recursive: true, force: true });
	done();
}

function compile(done) {
	const tsc = require.resolve('typescript/bin/tsc');
	const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
	done(result.status === 0 ? undefined : new Error('tsc failed'));
}

/**
 * Replaces tsc's output for the vendor module (a bare `require('libphonenumber-js/max')`)
 * with a self-contained CommonJS bundle, so the published package needs no dependency.
 */
async function bundleVendor() {
	await esbuild.build({
		entryPoints: [path.join(__dirname, `${VENDOR_MODULE}.ts`)],
		outfile: path.join(DIST, `${VENDOR_MODULE}.js`),
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		minify: true,
		legalComments: 'eof',
		logLevel: 'warning',
	});
}

// What tsc emits for a module of types only: nothing anyone requires, so it is not shipped.
const EMPTY_MODULE = /^"use strict";\s*Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);\s*$/;

function dropTypeOnlyModules(done) {
	for (const file of fs.readdirSync(DIST, { recursive: true })) {
		const full = path.join(DIST, String(file));
		if (full.endsWith('.js') && EMPTY_MODULE.test(fs.readFileSync(full, 'utf8'))) fs.rmSync(full);
	}
	done();
}

function copyAssets() {
	return src(['nodes/**/*.{svg,png}', 'nodes/**/*.node.json', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(DIST));
}

exports.build = series(clean, compile, dropTypeOnlyModules, bundleVendor, copyAssets);
exports.default = exports.build;
