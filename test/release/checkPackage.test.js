// scripts/check-package.js on a small fixture package: the intact fixture passes, and each way
// of breaking it (one mutation per case) is reported, with nothing else. Seen failing by
// disabling each check in packageProblems in turn (dependencies, lifecycle scripts, codex,
// icon, relative require, package require, "is in the tarball but"), and by dropping
// "install" from its list of forbidden scripts: each time the matching cases fail.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { packAndExtract, packageProblems } = require('../../scripts/check-package');

const NODE = 'dist/nodes/Demo/Demo.node.js';
const CREDENTIAL = 'dist/credentials/DemoApi.credentials.js';

const FIXTURE = {
	'package.json': JSON.stringify({
		name: 'n8n-nodes-fixture',
		version: '1.0.0',
		files: ['dist'],
		scripts: { build: 'tsc', prepack: 'npm run build' },
		devDependencies: { typescript: '5.9.3' },
		peerDependencies: { 'n8n-workflow': '*' },
		n8n: { n8nNodesApiVersion: 1, nodes: [NODE], credentials: [CREDENTIAL] },
	}),
	'README.md': '# fixture\n',
	LICENSE: 'MIT\n',
	[NODE]: [
		'const n8n_workflow_1 = require("n8n-workflow");',
		'const crypto = require("node:crypto");',
		'const send_1 = require("./actions/send");',
		"exports.description = { icon: { light: 'file:demo.svg', dark: 'file:demo.dark.svg' } };",
	].join('\n'),
	'dist/nodes/Demo/Demo.node.json': '{}',
	'dist/nodes/Demo/demo.svg': '<svg/>',
	'dist/nodes/Demo/demo.dark.svg': '<svg/>',
	'dist/nodes/Demo/actions/send.js': 'const util_1 = require("../../shared/util");',
	'dist/nodes/shared/util/index.js': 'exports.x = 1;',
	[CREDENTIAL]: "exports.icon = 'file:../nodes/Demo/demo.svg';",
};

function writeTree(dir, files) {
	for (const [file, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
		fs.writeFileSync(path.join(dir, file), content);
	}
}

function editManifest(dir, edit) {
	const file = path.join(dir, 'package.json');
	fs.writeFileSync(file, JSON.stringify(edit(JSON.parse(fs.readFileSync(file, 'utf8')))));
}

let workDir;
beforeEach(() => {
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-package-test-'));
});
afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

function fixture(mutate = () => {}) {
	const dir = path.join(workDir, 'package');
	writeTree(dir, FIXTURE);
	mutate(dir);
	return dir;
}

test('the intact fixture has no problems', () => {
	expect(packageProblems(fixture())).toEqual([]);
});

const remove = (file) => (dir) => fs.rmSync(path.join(dir, file));
const add = (file, content = '') => (dir) => writeTree(dir, { [file]: content });

test.each([
	['a source map', add(`${NODE}.map`, '{}'), `${NODE}.map is in the tarball but is not`],
	['a test file', add('dist/test/demo.test.js'), 'dist/test/demo.test.js is in the tarball but is not'],
	['a module nothing requires', add('dist/nodes/Demo/old.js'), 'dist/nodes/Demo/old.js is in the tarball but is not'],
	['a file outside dist', add('sandbox/server.js'), 'sandbox/server.js is in the tarball but is not'],
	['a missing codex file', remove('dist/nodes/Demo/Demo.node.json'), `${NODE} has no codex file`],
	['a missing icon', remove('dist/nodes/Demo/demo.dark.svg'), 'names the icon dist/nodes/Demo/demo.dark.svg'],
	['a missing required module', remove('dist/nodes/shared/util/index.js'), 'requires ../../shared/util, which is not'],
	['a missing LICENSE', remove('LICENSE'), 'LICENSE is not in the tarball'],
	[
		'a listed node that is missing',
		(dir) => editManifest(dir, (manifest) => ({ ...manifest, n8n: { ...manifest.n8n, nodes: [NODE, 'dist/nodes/Gone/Gone.node.js'] } })),
		['the n8n block lists dist/nodes/Gone/Gone.node.js, which is not', 'dist/nodes/Gone/Gone.node.js has no codex file'],
	],
	['a require of a package n8n lacks', add('dist/nodes/shared/util/index.js', 'require("axios");'), 'requires the package axios'],
	[
		'a runtime dependency',
		(dir) => editManifest(dir, (manifest) => ({ ...manifest, dependencies: { axios: '1.0.0' } })),
		'package.json has runtime dependencies (dependencies): axios',
	],
	[
		'a postinstall script',
		(dir) => editManifest(dir, (manifest) => ({ ...manifest, scripts: { ...manifest.scripts, postinstall: 'node x' } })),
		'lifecycle script "postinstall"',
	],
])('reports %s, and nothing else', (_label, mutate, expected) => {
	const problems = packageProblems(fixture(mutate));
	const expectations = [expected].flat();
	expect(problems).toHaveLength(expectations.length);
	expect(problems).toEqual(expect.arrayContaining(expectations.map((text) => expect.stringContaining(text))));
});

test('packs what npm publishes: only "files" and the always-included files, then checks them', () => {
	const root = fixture(add('test/demo.test.js'));
	writeTree(root, { 'dist/nodes/Demo/Demo.node.js.map': '{}' });
	const unpacked = packAndExtract(root, fs.mkdtempSync(path.join(workDir, 'packed-')));
	expect(packageProblems(unpacked)).toEqual([`${NODE}.map is in the tarball but is not a listed node or credential, a module they require, a codex file or an icon`]);
});

test("forbids exactly the lifecycle scripts n8n's scanner forbids", () => {
	// Every script npm runs by itself, plus two ordinary ones.
	const scripts = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare', 'prepack',
		'postpack', 'prepublishOnly', 'publish', 'postpublish', 'preversion', 'version', 'postversion', 'dependencies', 'build', 'test'];
	const weRefuse = scripts.filter((script) => {
		const dir = fixture((packageDir) => editManifest(packageDir, (manifest) => ({ ...manifest, scripts: { [script]: 'node x' } })));
		const refused = packageProblems(dir).some((problem) => problem.includes(`lifecycle script "${script}"`));
		fs.rmSync(dir, { recursive: true, force: true });
		return refused;
	});
	expect(weRefuse).toEqual(scannerRefuses(scripts));
});

/**
 * The scripts the scanner's own copy of the rule (it may pin another plugin version than this
 * repo's) reports, run by real ESLint in a child process: the plugin is an ES module, which
 * jest's module loader cannot require.
 */
function scannerRefuses(scripts) {
	const program = `
		const path = require('path');
		const { Linter } = require('eslint');
		const tsParser = require('@typescript-eslint/parser');
		const scanner = path.dirname(require.resolve('@n8n/scan-community-package/scanner/scanner.mjs'));
		const { n8nCommunityNodesPlugin } = require(require.resolve('@n8n/eslint-plugin-community-nodes', { paths: [scanner] }));
		const rule = '@n8n/community-nodes/no-forbidden-lifecycle-scripts';
		const config = [{ files: ['**/package.json'], languageOptions: { parser: tsParser },
			plugins: { '@n8n/community-nodes': n8nCommunityNodesPlugin }, rules: { [rule]: 'error' } }];
		const linter = new Linter({ configType: 'flat' });
		const scripts = JSON.parse(process.argv[1]);
		const refused = scripts.filter((script) => linter
			.verify(JSON.stringify({ name: 'x', scripts: { [script]: 'node x' } }), config, { filename: 'package.json' })
			.some((message) => message.ruleId === rule));
		process.stdout.write(JSON.stringify(refused));
	`;
	const output = execFileSync(process.execPath, ['-e', program, JSON.stringify(scripts)], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' });
	return JSON.parse(output);
}
