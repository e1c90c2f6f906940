// The package as a user gets it: installed from Settings → Community Nodes in Chromium, from
// an npm registry, then used, updated to a new version and uninstalled from the same panel.
//
// What n8n 2.41.1 does (node_modules/n8n/dist/modules/community-packages/, read for this test):
// - POST /rest/community-packages {name} (community-packages.controller.js:19-22) →
//   lifecycle.install (community-packages.lifecycle.service.js:91-179) → service
//   installOrUpdatePackage (community-packages.service.js:364-450): runRegistryChecks
//   (350-363: N8N_UNVERIFIED_PACKAGES_ENABLED, a POST to api.n8n.io asking whether the name is
//   banned that counts any failure as "not banned" (165-180), then GET <registry>/<name>/<version>
//   (npm-utils.js:230-257)); then downloadPackage (684-713): `npm pack <name>@<version> --quiet
//   --registry=<N8N_COMMUNITY_PACKAGES_REGISTRY>` in <user folder>/.n8n/nodes (688; npm-utils.js:
//   129-137 adds --registry), `tar -xzf` into nodes/node_modules/<name> (691), deletes
//   devDependencies, peerDependencies and optionalDependencies from its package.json (694-695),
//   then `npm install --ignore-scripts=true --install-strategy=shallow ...` in that folder (696-704).
// - Our peer dependency `n8n-workflow: "*"` is deleted before that install, so npm never asks
//   the registry for it (this test's registry log shows it; kept, npm 11 would fetch n8n-workflow
//   and the install would fail on this registry with a 404). The package loads n8n's own copy.
// - A registry other than https://registry.npmjs.org is licence-gated: getNpmRegistry (335-341)
//   throws FeatureNotLicensedError(feat:communityNodes:customRegistry), as the first test shows.
// - The panel's list (lifecycle 63-90) runs `npm outdated --json` in the nodes folder WITHOUT
//   --registry (70-73): the Update button appears only if npm's own configuration points at the
//   registry. So n8n gets npm_config_registry (as a self-hosted user would set in .npmrc).
// - Update: the panel sends PATCH /rest/community-packages {name} with no version while unverified
//   packages are enabled (n8n-editor-ui's updatePackage), so n8n installs the registry's `latest`
//   (controller 30-33; lifecycle 180-249; service 367): the same download path into a fresh folder,
//   the old one kept as a backup until the new one loads (598-605, 419).
// - Uninstall: DELETE /rest/community-packages?name= (controller 26-29; service 320-334,
//   555-577) deletes the folder and the ledger entry and unloads the types.
// - Test mode: E2E_TESTS=true (n8n/dist/constants.js:8-9) makes server.js:156-158 load
//   controllers/e2e.controller.js, which replaces license.isLicensed with its own table, all off
//   (75-123, 140), and exposes without login PATCH /rest/e2e/feature {feature, enabled}
//   (165-168, 521-526) and POST /rest/e2e/reset (152-160, 509-514), whose body must hold owner,
//   admin, members (an array) and chat (444-489; without admin it answers HTTP 500).
//
// Why test mode: without a licence n8n installs only from registry.npmjs.org, where this build
// is not published and which a test must not depend on (this machine has no internet). Test mode is the one switch n8n has for the
// licence flag; its endpoints need no login and can wipe the instance, so this n8n listens on
// 127.0.0.1 only (checked below), uses its own user folder, and is stopped after the file.
//
// Seen failing, each with the tarball or n8n changed in beforeAll: a runtime dependency added to
// the packed package.json (install answers HTTP 500 "npm package not found": npm asked this
// registry for it); the last node removed from the packed `n8n.nodes` (the card lists one node
// fewer than package.json); N8N_LISTEN_ADDRESS=0.0.0.0 (the loopback test lists 0.0.0.0).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const instance = require('../../scripts/n8n/instance');
const { DEFAULT_N8N_VERSION } = require('../../scripts/n8n/install');
const { readState, sandboxClient, RESULTS_DIR } = require('./support/e2e');
const { launchBrowser } = require('./support/browser');
const { createRegistry, fileInTarball } = require('./support/registry');
const { packPackage, repack, nextPatch } = require('./support/npmPack');
const { signIn, dismissToasts, pickNode, closeNodeDetails } = require('./support/editorPage');
const { listenersOn } = require('./support/listeners');
const { startTestModeN8n, setLicenceFlag } = require('./support/testModeN8n');

const NAME = instance.PACKAGE_NAME;
// Any node n8n ships, to know a search in the nodes panel has rendered its results.
const BUILT_IN_NODE = 'Wait';
const CUSTOM_REGISTRY_FEATURE = 'feat:communityNodes:customRegistry';
const VIEWPORT = { width: 1440, height: 900 };
const UI_TIMEOUT_MS = 30000;
// npm pack + npm install + loading the package; generous for a loaded 2-core machine.
const PACKAGE_CHANGE_TIMEOUT_MS = 120000;
const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === '1' && instance.n8nVersion() === DEFAULT_N8N_VERSION;
const SCREENSHOT_DIR = UPDATE_DOCS ? path.join(instance.PACKAGE_ROOT, 'docs', 'screenshots') : RESULTS_DIR;
const SCREENSHOT_PREFIX = UPDATE_DOCS ? '' : 'panel-';
// The frame n8n draws around every page in test mode; a user never sees it.
const HIDE_TEST_MODE_MARKER = '[data-test-id="e2e-test-mode-marker"] { display: none !important; }';

/** Each node the package.json `n8n` block lists: its type, name in the panel, and first action. */
function declaredNodes() {
	return instance.declaredTypeFiles().nodes.map((file) => {
		const className = path.basename(file).split('.')[0];
		const { description } = new (require(path.join(instance.PACKAGE_ROOT, file))[className])();
		const operations = description.properties.find((property) => property.name === 'operation');
		const slug = description.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
		return {
			type: `${NAME}.${description.name}`,
			displayName: description.displayName,
			action: description.group.includes('trigger') ? undefined : operations.options[0].action,
			screenshot: `node-${slug}.png`,
		};
	});
}

const describeOn2x = instance.majorVersion(instance.n8nVersion()) >= 2 ? describe : describe.skip;

describeOn2x('installed from Settings → Community Nodes (Chromium, local registry)', () => {
	const nodes = declaredNodes();
	let state;
	let workDir;
	let userFolder;
	let registry;
	let tarball;
	let packedJson;
	let n8n;
	let cookie;
	let browser;
	let page;

	beforeAll(async () => {
		state = readState();
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-otp-panel-'));
		registry = createRegistry();
		await registry.start();
		tarball = await packPackage(workDir);
		registry.addVersion(fs.readFileSync(tarball));
		packedJson = JSON.parse(fileInTarball(fs.readFileSync(tarball), 'package/package.json'));

		({ n8n, cookie, userFolder } = await startTestModeN8n(state, { registryUrl: registry.url, logName: 'panel-install' }));

		browser = await launchBrowser();
		page = await browser.newPage({ viewport: VIEWPORT });
		page.setDefaultTimeout(UI_TIMEOUT_MS);
	});

	afterAll(async () => {
		if (page) await page.screenshot({ path: path.join(RESULTS_DIR, 'panel-install-last.png') }).catch(() => {});
		if (browser) await browser.close();
		if (n8n) await n8n.stop();
		if (registry) await registry.stop();
		if (process.env.SMS_OTP_E2E_KEEP !== '1') {
			for (const dir of [userFolder, workDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	async function rest(method, route, body) {
		const response = await fetch(`${n8n.baseUrl}${route}`, {
			method,
			headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await response.text();
		return { status: response.status, body: text ? JSON.parse(text) : null };
	}

	async function ourNodeTypes() {
		const { body } = await rest('GET', '/types/nodes.json');
		return body.map((type) => type.name).filter((name) => name.startsWith(`${NAME}.`));
	}

	async function screenshot(name) {
		await dismissToasts(page);
		await page.addStyleTag({ content: HIDE_TEST_MODE_MARKER });
		await page.mouse.move(0, 0);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${SCREENSHOT_PREFIX}${name}`) });
	}

	// A new workflow holding a manual trigger, so that the nodes panel lists actions after it.
	async function openWorkflowWithManualTrigger() {
		await page.goto(`${n8n.baseUrl}/workflow/new`);
		await page.getByTestId('canvas-add-button').click();
		await page.getByTestId('node-creator-search-bar').fill('Manual Trigger');
		await page.getByTestId('node-creator-item-name').getByText('Manual Trigger', { exact: true }).click();
	}

	/** Clicks what sends the panel's `method` request and expects n8n to answer it with 200. */
	async function panelRequest(method, click) {
		const answered = page.waitForResponse(
			(response) => response.request().method() === method && new URL(response.url()).pathname === '/rest/community-packages',
			{ timeout: PACKAGE_CHANGE_TIMEOUT_MS },
		);
		await click();
		const response = await answered;
		// On failure jest prints n8n's answer (npm's error, for a failed install).
		expect(`HTTP ${response.status()} ${await response.text()}`).toMatch(/^HTTP 200 /);
	}

	const packageCard = () => page.getByTestId('community-package-card').filter({ hasText: NAME });
	const installedDir = () => instance.packageDirIn(userFolder);

	test('test mode listens on 127.0.0.1 only, and the custom registry waits for the licence flag', async () => {
		const listeners = listenersOn(n8n.port);
		expect(listeners.length).toBeGreaterThan(0);
		expect(listeners.filter((listener) => !listener.loopback)).toEqual([]);

		const refused = await rest('POST', '/rest/community-packages', { name: NAME });
		expect(refused.status).toBe(500);
		expect(refused.body.message).toContain(`does not allow for ${CUSTOM_REGISTRY_FEATURE}`);
		expect(registry.requests()).toEqual([]);

		await setLicenceFlag(n8n.baseUrl, CUSTOM_REGISTRY_FEATURE, true);
	});

	test('Install: the package name, the risk box, Install; npm asks the registry for this package only', async () => {
		await signIn(page, n8n.baseUrl);
		await page.goto(`${n8n.baseUrl}/settings/community-nodes`);
		await page.getByRole('button', { name: 'Install a community node' }).click();
		await page.getByTestId('package-name-input').fill(NAME);
		await page.getByTestId('user-agreement-checkbox').click();
		await panelRequest('POST', () => page.getByTestId('install-community-package-button').click());
		await packageCard().getByText(`v${packedJson.version}`).waitFor();
		const cardText = await packageCard().innerText();
		const listed = cardText.match(/nodes:\s*(.*)/)[1].split(',').map((name) => name.trim());
		expect(listed.sort()).toEqual(nodes.map((node) => node.displayName).sort());
		await screenshot('community-nodes-panel.png');

		const { body } = await rest('GET', '/rest/community-packages');
		expect(body.data.map((installed) => [installed.packageName, installed.installedVersion])).toEqual([
			[NAME, packedJson.version],
		]);
		expect(body.data[0].installedNodes.map((node) => node.type).sort()).toEqual(nodes.map((node) => node.type).sort());

		// n8n deleted the peer dependency before `npm install`, so npm never asked for it.
		expect(packedJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(readInstalledJson().peerDependencies).toBeUndefined();
		expect(fs.existsSync(path.join(installedDir(), 'node_modules', 'n8n-workflow'))).toBe(false);
		const paths = registry.requests().map((request) => request.path);
		expect(paths).toContain(`/${NAME}/-/${path.basename(tarball)}`);
		expect(paths.filter((requested) => requested !== `/${NAME}` && !requested.startsWith(`/${NAME}/`))).toEqual([]);
	});

	function readInstalledJson() {
		return JSON.parse(fs.readFileSync(path.join(installedDir(), 'package.json'), 'utf8'));
	}

	test('the nodes panel finds every node of the package; Betatel sends an SMS to the sandbox', async () => {
		const credentials = instance.exampleData(state.sandboxUrl).credentials;
		const firstOfEachType = credentials.filter((credential, index) => credentials.findIndex((c) => c.type === credential.type) === index);
		for (const { name, type, data } of firstOfEachType) {
			const created = await rest('POST', '/rest/credentials', { name, type, data });
			expect(created.status).toBe(200);
		}
		const sandbox = sandboxClient(state);
		await sandbox.clearRequests();

		await openWorkflowWithManualTrigger();

		for (const node of nodes) {
			// Each node is added to the right of the last one: fit the canvas to keep it in view.
			await page.getByTestId('zoom-to-fit').click();
			await page.getByTestId('canvas-handle-plus').last().click();
			await pickNode(page, node.displayName, { action: node.action });
			const ndv = page.getByTestId('ndv');
			if (node.type === `${NAME}.betatel`) {
				await ndv.getByTestId('parameter-input-from').locator('input').fill('SmsOtpDemo');
				await ndv.getByTestId('parameter-input-to').locator('input').fill('+254712345678');
				await ndv.getByTestId('parameter-input-text').locator('textarea').fill('Your verification code is 482913');
				await ndv.getByTestId('node-execute-button').click();
				await ndv.getByTestId('output-panel').getByText('accepted').first().waitFor();
				await ndv.getByTestId('output-panel').getByTestId('radio-button-json').click();
			}
			await screenshot(node.screenshot);
			await closeNodeDetails(page);
		}

		const requests = await sandbox.requests();
		expect(requests.map((request) => [request.path, request.body])).toEqual([
			['/api/v1/connect-hub/sms', { from: 'SmsOtpDemo', to: '254712345678', text: 'Your verification code is 482913' }],
		]);
	});

	test('Update: a new patch version in the registry; the panel offers Update and installs it', async () => {
		const current = readInstalledJson();
		const newVersion = nextPatch(current.version);
		const description = `${current.description} (${newVersion}, published by the panel-install test)`;
		const newTarball = await repack(tarball, path.join(workDir, 'repack'), workDir, (packageJson) => ({
			...packageJson,
			version: newVersion,
			description,
		}));
		registry.addVersion(fs.readFileSync(newTarball));

		await page.goto(`${n8n.baseUrl}/settings/community-nodes`);
		await packageCard().getByRole('button', { name: 'Update' }).waitFor();
		await screenshot('community-nodes-update.png');
		await packageCard().getByRole('button', { name: 'Update' }).click();
		await panelRequest('PATCH', () => page.getByRole('button', { name: 'Confirm update' }).click());
		await packageCard().getByText(`v${newVersion}`).waitFor();

		const { body } = await rest('GET', '/rest/community-packages');
		expect(body.data.map((installed) => [installed.packageName, installed.installedVersion, installed.updateAvailable])).toEqual([
			[NAME, newVersion, undefined],
		]);
		expect(readInstalledJson()).toMatchObject({ version: newVersion, description });
		expect(registry.requests().map((request) => request.path)).toContain(`/${NAME}/-/${path.basename(newTarball)}`);
		expect((await ourNodeTypes()).sort()).toEqual(expect.arrayContaining(nodes.map((node) => node.type).sort()));
	});

	test('Uninstall: the card menu removes the package, its files and every one of its nodes', async () => {
		await packageCard().getByTestId('action-toggle').click();
		await page.getByTestId('action-uninstall').click();
		await panelRequest('DELETE', () => page.getByRole('button', { name: 'Confirm uninstall' }).click());
		await packageCard().waitFor({ state: 'detached' });

		expect((await rest('GET', '/rest/community-packages')).body.data).toEqual([]);
		expect(await ourNodeTypes()).toEqual([]);
		expect(fs.existsSync(installedDir())).toBe(false);

		await openWorkflowWithManualTrigger();
		await page.getByTestId('canvas-handle-plus').last().click();
		const itemNamed = (name) => page.getByTestId('node-creator-item-name').getByText(name, { exact: true });
		for (const node of nodes) {
			// A node n8n still has is listed first, so the next search is known to have rendered.
			await page.getByTestId('node-creator-search-bar').fill(BUILT_IN_NODE);
			await itemNamed(BUILT_IN_NODE).waitFor();
			await page.getByTestId('node-creator-search-bar').fill(node.displayName);
			await itemNamed(BUILT_IN_NODE).waitFor({ state: 'detached' });
			await expect(itemNamed(node.displayName).count()).resolves.toBe(0);
		}
	});
});
