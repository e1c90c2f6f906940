// `n8n start` with the package installed: every node and credential type that the
// package.json `n8n` block lists is loaded, and in the editor a user finds the Betatel
// node in the nodes panel, fills its parameters and sends an SMS to the sandbox.
'use strict';

const path = require('path');
const instance = require('../../scripts/n8n/instance');
const { DEFAULT_N8N_VERSION } = require('../../scripts/n8n/install');
const { SANDBOX_CREDENTIALS } = require('../../sandbox/server');
const { readState, startServer, sandboxClient, RESULTS_DIR } = require('./support/e2e');
const { launchBrowser } = require('./support/browser');

// Every run saves its screenshot under test-results; UPDATE_SCREENSHOTS=1 on the n8n version
// CI runs refreshes the README's copy (so an ordinary run leaves the work tree clean).
const SCREENSHOT =
	process.env.UPDATE_SCREENSHOTS === '1' && instance.n8nVersion() === DEFAULT_N8N_VERSION
		? path.join(instance.PACKAGE_ROOT, 'docs', 'screenshots', 'betatel-node.png')
		: path.join(RESULTS_DIR, `betatel-node-n8n-${instance.n8nVersion()}.png`);
const EDITOR_WORKFLOW_ID = 'SmsOtpE2eEditor1';
const VIEWPORT = { width: 1440, height: 900 };
const UI_TIMEOUT_MS = 30000;
// Lines n8n logs when it skips or fails to load a community package.
const LOAD_ERRORS = [/Failed to load package "n8n-nodes-sms-otp"/, /Skipping package[^\n]*n8n-nodes-sms-otp/];

/** The type names n8n gives the files the `n8n` block lists: `<package>.<name>` for nodes. */
function declaredTypeNames() {
	const load = (file) => {
		const className = path.basename(file).split('.')[0];
		return new (require(path.join(instance.PACKAGE_ROOT, file))[className])();
	};
	const { nodes, credentials } = instance.declaredTypeFiles();
	return {
		nodes: nodes.map((file) => `${instance.PACKAGE_NAME}.${load(file).description.name}`),
		credentials: credentials.map((file) => load(file).name),
	};
}

describe('n8n server with the package installed', () => {
	let state;
	let n8n;
	let cookie;

	beforeAll(async () => {
		state = readState();
		n8n = await startServer(state, 'editor');
		({ cookie } = await instance.setupOwner(n8n.baseUrl));
	});

	afterAll(async () => {
		if (n8n) await n8n.stop();
	});

	async function getJson(route) {
		const response = await fetch(`${n8n.baseUrl}${route}`, { headers: { cookie } });
		expect(response.status).toBe(200);
		return response.json();
	}

	test('loads every node and credential type listed in package.json, without a load error', async () => {
		const expected = declaredTypeNames();
		expect(expected.nodes.length).toBeGreaterThan(0);

		const nodeTypes = (await getJson('/types/nodes.json')).map((type) => type.name);
		const credentialTypes = (await getJson('/types/credentials.json')).map((type) => type.name);
		expect(nodeTypes).toEqual(expect.arrayContaining(expected.nodes));
		expect(credentialTypes).toEqual(expect.arrayContaining(expected.credentials));

		for (const pattern of LOAD_ERRORS) expect(n8n.logs()).not.toMatch(pattern);
	});

	// n8n adds "Custom API Call" where a node's credential lists its `authenticate`: the two
	// providers whose credentials only add headers, not the gateway (body secrets) or the OTP node.
	test('offers Custom API Call on the Betatel and Skycore nodes only', async () => {
		const nodeTypes = await getJson('/types/nodes.json');
		const offering = new Set(
			nodeTypes
				.filter((type) => type.name.startsWith(`${instance.PACKAGE_NAME}.`))
				.filter((type) => type.properties.some((property) => property.options?.some((option) => option.value === '__CUSTOM_API_CALL__')))
				.map((type) => type.name.slice(instance.PACKAGE_NAME.length + 1)),
		);
		expect([...offering].sort()).toEqual(['betatel', 'betatelTool', 'skycore', 'skycoreTool']);
	});

	// The sandbox credentials imported by global-setup (examples/credentials).
	const CREDENTIAL_IDS = {
		betatelSmsApi: 'SmsOtpBetatelSms',
		betatelWhatsAppApi: 'SmsOtpBetatelWha',
		skycoreApi: 'SmsOtpSkycoreApi',
		smsGatewayApi: 'SmsOtpSmsGateway',
	};

	// What the credential dialog's "Test" button calls, with the values typed in the dialog:
	// n8n finds the node that declares `testedBy` for the type and runs its credentialTest.
	async function testCredential(type, data) {
		const response = await fetch(`${n8n.baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ credentials: { id: CREDENTIAL_IDS[type], name: `${type} e2e`, type, data } }),
		});
		const text = await response.text();
		if (response.status !== 200) throw new Error(`credential test: HTTP ${response.status} ${text}`);
		return JSON.parse(text).data;
	}

	test('the credential dialog test accepts sandbox credentials and rejects wrong ones, sending no message', async () => {
		const sandbox = sandboxClient(state);
		await sandbox.clearRequests();
		const baseUrl = state.sandboxUrl;
		const { betatelSms, betatelWhatsApp } = SANDBOX_CREDENTIALS;

		await expect(testCredential('betatelSmsApi', { ...betatelSms, baseUrl })).resolves.toEqual({
			status: 'OK',
			message: 'Betatel accepted the credentials.',
		});
		await expect(testCredential('betatelSmsApi', { ...betatelSms, apiKey: 'wrong-key', baseUrl })).resolves.toEqual({
			status: 'Error',
			message: 'Betatel rejected the credentials (HTTP 401). Check the API key and user ID.',
		});
		await expect(testCredential('betatelWhatsAppApi', { ...betatelWhatsApp, baseUrl })).resolves.toEqual({
			status: 'OK',
			message: 'Betatel accepted the credentials.',
		});
		await expect(
			testCredential('betatelWhatsAppApi', { ...betatelWhatsApp, accountId: 'someone-else', baseUrl }),
		).resolves.toEqual({
			status: 'Error',
			message: 'Betatel rejected the credentials (HTTP 401). Check the API key and account ID.',
		});

		// Four probes, each refused by the sandbox: none was a message it accepted.
		const requests = await sandbox.requests();
		expect(requests.map((request) => [request.path, request.responseStatus])).toEqual([
			['/api/v1/connect-hub/sms', 400],
			['/api/v1/connect-hub/sms', 401],
			['/api/v1/connect-hub/whatsapp/otp', 400],
			['/api/v1/connect-hub/whatsapp/otp', 401],
		]);
		expect(requests.every((request) => JSON.stringify(request.body) === '{}')).toBe(true);
	});

	test('the Skycore and SMS Gateway credential tests accept sandbox credentials and reject wrong ones, sending nothing', async () => {
		const sandbox = sandboxClient(state);
		await sandbox.reset();
		const endpointUrl = `${state.sandboxUrl}/skycore/api/v2`;
		const baseUrl = `${state.sandboxUrl}/gateway/api`;
		const { skycore, smsGateway } = SANDBOX_CREDENTIALS;

		await expect(testCredential('skycoreApi', { ...skycore, endpointUrl })).resolves.toEqual({
			status: 'OK',
			message: 'Skycore accepted the credentials.',
		});
		await expect(testCredential('skycoreApi', { apiKey: 'wrong-key', endpointUrl })).resolves.toEqual({
			status: 'Error',
			message: 'Skycore rejected the credentials (E103). Check the API key and the endpoint URL.',
		});
		const gateway = { baseUrl, username: smsGateway.username, password: smsGateway.password, apiKey: smsGateway.apiKey };
		await expect(testCredential('smsGatewayApi', gateway)).resolves.toEqual({
			status: 'OK',
			message: 'SMS Gateway accepted the API key and the username and password.',
		});
		await expect(testCredential('smsGatewayApi', { ...gateway, password: 'wrong' })).resolves.toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/^Username and password: SMS Gateway rejected the credentials \(HTTP 401\)/),
		});

		// Every probe was refused or read-only: the sandbox accepted no message and charged nothing.
		const requests = await sandbox.requests();
		expect(requests.map((request) => [request.method, request.path, request.responseStatus])).toEqual([
			['POST', '/skycore/api/v2', 200],
			['POST', '/skycore/api/v2', 200],
			['GET', '/gateway/api/v2/account/balance', 200],
			['POST', '/gateway/api/v1/sms/send', 400],
			['GET', '/gateway/api/v2/account/balance', 200],
			['POST', '/gateway/api/v1/sms/send', 401],
		]);
		const config = await sandbox.configure({});
		expect(config.gatewayBalance).toBe(10000);
	});

	describe('in the editor (Chromium)', () => {
		let browser;
		let page;

		beforeAll(async () => {
			browser = await launchBrowser();
			page = await browser.newPage({ viewport: VIEWPORT });
			page.setDefaultTimeout(UI_TIMEOUT_MS);
		});

		afterAll(async () => {
			if (page) await page.screenshot({ path: path.join(RESULTS_DIR, 'editor-last.png') }).catch(() => {});
			if (browser) await browser.close();
		});

		async function signIn() {
			await page.goto(`${n8n.baseUrl}/signin`);
			await page.getByTestId('emailOrLdapLoginId').locator('input').fill(instance.DEFAULT_OWNER.email);
			await page.getByTestId('password').locator('input').fill(instance.DEFAULT_OWNER.password);
			await page.getByTestId('form-submit-button').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		}

		// "Node executed successfully" would cover part of the screenshot.
		async function dismissToasts() {
			const closeButtons = page.locator('.el-notification .el-notification__closeBtn');
			for (const button of await closeButtons.all()) await button.click();
			await page.locator('.el-notification').first().waitFor({ state: 'hidden' });
		}

		test('nodes panel finds Betatel; its parameter panel sends an SMS to the sandbox (screenshot)', async () => {
			const sandbox = sandboxClient(state);
			await sandbox.clearRequests();
			await signIn();

			// A workflow holding only a manual trigger: add our node after it.
			await page.goto(`${n8n.baseUrl}/workflow/${EDITOR_WORKFLOW_ID}`);
			await page.getByTestId('canvas-handle-plus').first().click();
			await page.getByTestId('node-creator-search-bar').fill('Betatel');
			await page.getByTestId('node-creator-item-name').getByText('Betatel', { exact: true }).click();
			await page.getByTestId('node-creator').getByText('Send an SMS', { exact: true }).click();

			const ndv = page.getByTestId('ndv');
			await ndv.getByTestId('node-parameters').waitFor();
			await ndv.getByTestId('parameter-input-from').locator('input').fill('SmsOtpDemo');
			await ndv.getByTestId('parameter-input-to').locator('input').fill('+254712345678');
			await ndv.getByTestId('parameter-input-text').locator('textarea').fill('Your verification code is 482913');
			await ndv.getByTestId('node-execute-button').click();

			await ndv.getByTestId('output-panel').getByText('accepted').first().waitFor();
			await ndv.getByTestId('output-panel').getByTestId('radio-button-json').click();
			await dismissToasts();
			await page.mouse.move(0, 0);
			await page.screenshot({ path: SCREENSHOT });

			const requests = await sandbox.requests();
			expect(requests).toHaveLength(1);
			expect(requests[0].body).toEqual({
				from: 'SmsOtpDemo',
				to: '254712345678',
				text: 'Your verification code is 482913',
			});
		});
	});
});
