// Lets a plain `node` process require the repository's TypeScript sources (the nodes and
// test/harness/workflowRunner.ts), file by file, the way ts-jest does for the tests:
// each .ts file is transpiled with esbuild (a devDependency) when first required. Nothing
// is written to disk; n8n-core and n8n-workflow load from node_modules as they are.
'use strict';

const fs = require('fs');
const esbuild = require('esbuild');

// tsconfig.json targets ES2021, so class fields keep TypeScript's assignment semantics.
const TSCONFIG_RAW = { compilerOptions: { useDefineForClassFields: false, preserveValueImports: false } };

function register() {
	if (require.extensions['.ts']) return;
	require.extensions['.ts'] = function compileTypeScript(module, filename) {
		const { code } = esbuild.transformSync(fs.readFileSync(filename, 'utf8'), {
			loader: 'ts',
			format: 'cjs',
			target: 'node20',
			sourcefile: filename,
			// Inline maps: --cpu-prof profiles and stack traces point at the .ts lines.
			sourcemap: 'inline',
			tsconfigRaw: TSCONFIG_RAW,
		});
		module._compile(code, filename);
	};
}

module.exports = { register };
