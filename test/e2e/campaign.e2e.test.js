// A journaled Bulk Send in a real n8n, stopped half way and retried as a user does it: the
// workflow is published and called by its webhook; once the sandbox has taken about half of
// the 2,000 messages, the execution is stopped with n8n's stop endpoint (the editor's "Stop"),
// then retried with n8n's retry endpoint ("Retry execution"). The journal (a real n8n data
// table, through n8n's public API) keeps the retry from sending a message twice.
//
// n8n aborts every request of a stopped execution, the journal's last writes included
// (n8n-core's httpRequestWithAuthentication attaches the execution's cancel signal): the
// messages the journal last knew as `pending` come out `unknown` in the retry and are not
// sent; everything else goes exactly once. The test prints the counts.
'use strict';

const instance = require('../../scripts/n8n/instance');
const { prepareOtpInstance, request, postWebhook } = require('./support/otp');
const { readRows } = require('../../scripts/n8n/campaignSetup');
const { readState, instanceEnv, startServer, sandboxClient, secretsIn, RESULTS_DIR } = require('./support/e2e');
const { executionsApi } = require('./support/executions');
const { majorVersion } = require('../../scripts/n8n/env');
const { launchBrowser } = require('./support/browser');

const WORKFLOW_ID = 'SmsOtpE2eCampgn1';
// The examples: a newsletter Bulk Send with journal and opt-out list; a form and a status
// trigger that add numbers to the opt-out list.
const NEWSLETTER_ID = 'SmsOtpExCampgn1';
const OPT_OUT_ID = 'SmsOtpExOptOut1';
const N = 2000;
const CONCURRENCY = 10;
const LATENCY_MS = 20;
const CAMPAIGN = `e2e-stopped-${Date.now().toString(36)}`;
const numbers = Array.from({ length: N }, (_, index) => `+447400${String(index).padStart(6, '0')}`);

function campaignWorkflow() {
	const credentials = {
		betatelSmsApi: { id: 'SmsOtpBetatelSms', name: 'Betatel SMS (sandbox)' },
		otpDataTableApi: { id: 'SmsOtpOtpDataTbl', name: 'Data Table API (this n8n)' },
	};
	const node = (name, type, typeVersion, x, parameters, extra = {}) => ({
		id: `1c9b3a52-7d0e-4f6a-8b21-c0000000000${x / 220}`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	});
	return {
		id: WORKFLOW_ID,
		name: 'Campaign e2e: a journaled Bulk Send of 2,000',
		nodes: [
			node('Webhook', 'n8n-nodes-base.webhook', 2.1, 0, { httpMethod: 'POST', path: 'campaign-e2e/send', responseMode: 'onReceived', options: {} }, { webhookId: '1c9b3a52-7d0e-4f6a-8b21-c00000000100' }),
			node('Recipients', 'n8n-nodes-base.set', 3.4, 220, { mode: 'raw', jsonOutput: JSON.stringify({ recipients: numbers.map((to) => ({ to })) }), options: {} }),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, 440, { fieldToSplitOut: 'recipients', include: 'noOtherFields', options: {} }),
			node(
				'Bulk Send',
				`${instance.PACKAGE_NAME}.betatel`,
				1,
				660,
				{
					resource: 'sms',
					operation: 'sendBulk',
					from: 'Shop',
					recipients: '={{ $json.to }}',
					text: 'Our sale starts today',
					options: {
						concurrency: CONCURRENCY,
						campaign: { journal: { __rl: true, mode: 'name', value: 'sms-journal' }, campaignKey: CAMPAIGN },
					},
				},
				{ credentials },
			),
		],
		connections: {
			Webhook: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
			Recipients: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Bulk Send', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

const describeOnN8n2 = majorVersion() >= 2 ? describe : describe.skip;

describeOnN8n2('a journaled Bulk Send stopped half way and retried, in a real n8n', () => {
	let state;
	let n8n;
	let cookie;
	let setup;
	let sandbox;

	beforeAll(async () => {
		state = readState();
		sandbox = sandboxClient(state);
		await instance.importEntities(await instanceEnv(state), { workflows: [campaignWorkflow()] }, { version: state.n8nVersion });
		n8n = await startServer(state, 'campaign');
		({ cookie } = await instance.setupOwner(n8n.baseUrl));
		setup = await prepareOtpInstance(n8n.baseUrl, cookie, [WORKFLOW_ID, OPT_OUT_ID]);
	});

	afterAll(async () => {
		if (n8n) await n8n.stop();
		await sandbox?.configure({ latencyMs: 0 });
	});

	const acceptedCount = async () => (await request('GET', `${state.sandboxUrl}/__sandbox/health`)).json.accepted;
	const rest = (method, route, body) => request(method, `${n8n.baseUrl}/rest/${route}`, { headers: { cookie }, body });

	test('the retry sends only what the stopped run did not, and no number twice', async () => {
		await sandbox.reset();
		await sandbox.configure({ latencyMs: LATENCY_MS });
		const started = await postWebhook(`${n8n.baseUrl}/webhook/campaign-e2e/send`, {});
		expect(started.status).toBe(200);

		// Stop it once about half of the messages are in.
		const deadline = Date.now() + 120000;
		while ((await acceptedCount()) < N / 2) {
			if (Date.now() > deadline) throw new Error(`only ${await acceptedCount()} messages after 120 s`);
			await instance.sleep(50);
		}
		const executions = executionsApi(n8n.baseUrl, cookie);
		const [running] = (await executions.list(WORKFLOW_ID, 1)).results;
		const stopped = await rest('POST', `executions/${running.id}/stop`);
		expect(stopped.status).toBe(200);
		// Its aborted requests settle: wait until nothing more arrives.
		for (let seen = -1; seen !== (await acceptedCount()); ) {
			seen = await acceptedCount();
			await instance.sleep(300);
		}
		const firstRun = new Set((await sandbox.accepted()).map((message) => message.to));

		const retried = await rest('POST', `executions/${running.id}/retry`, { loadWorkflow: false });
		expect(retried.status).toBe(200);
		// n8n keeps the stopped run's "cancelled manually" error in the retry's result data, so
		// the retry's status reads "error" although every node ran: check the nodes' own runs.
		expect(retried.json.data.finished).toBe(true);
		const runData = await executions.runData(retried.json.data.id);
		expect(runData['Bulk Send'].map((run) => run.executionStatus)).toEqual(['success']);
		const items = await executions.nodeItems(retried.json.data.id, 'Bulk Send');

		const withStatus = (status) => items.filter((item) => item.status === status).map((item) => item.to);
		const [skipped, unknown, accepted] = ['skipped', 'unknown', 'accepted'].map(withStatus);
		const received = (await sandbox.accepted()).map((message) => message.to);
		const counts = {
			stoppedRun: firstRun.size,
			retry: { skipped: skipped.length, unknown: unknown.length, accepted: accepted.length, total: items.length },
			sandbox: { messages: received.length, numbers: new Set(received).size, neverReached: N - new Set(received).size },
		};
		process.stderr.write(`[campaign e2e] ${JSON.stringify(counts)}\n`);

		expect(items).toHaveLength(N);
		expect(skipped.length + unknown.length + accepted.length).toBe(N);
		// No number reached twice.
		expect(new Set(received).size).toBe(received.length);
		// Skipped: the stopped run delivered them; accepted by the retry: the stopped run had not.
		for (const to of skipped) expect(firstRun.has(to)).toBe(true);
		for (const to of accepted) expect(firstRun.has(to)).toBe(false);
		// Only what the journal last knew as pending is unknown: at most Concurrency messages.
		expect(unknown.length).toBeLessThanOrEqual(CONCURRENCY);
		const reached = new Set(received);
		for (const item of items) if (!reached.has(item.to)) expect(item.status).toBe('unknown');
		expect(items.find((item) => item.status === 'skipped').note).toMatch(new RegExp(`^Already accepted in campaign "${CAMPAIGN}"`));

		// The journal holds one `accepted` row per message the sandbox took.
		const rows = await readRows(setup.setupApi, setup.campaignTables.journal, [{ columnName: 'campaign', condition: 'eq', value: CAMPAIGN }]);
		const acceptedRows = rows.filter((row) => row.status === 'accepted').map((row) => row.recipient.slice(1));
		expect(new Set(acceptedRows).size).toBe(acceptedRows.length);
		for (const to of acceptedRows) expect(reached.has(to)).toBe(true);
		expect(secretsIn(n8n.logs())).toEqual([]);
	});

	test('the examples: a form and a status event add numbers to the opt-out list; the newsletter skips them, and its rerun sends nothing', async () => {
		await sandbox.reset();
		const { workflows } = instance.exampleData(state.sandboxUrl);
		const optOut = workflows.find((workflow) => workflow.id === OPT_OUT_ID);
		const form = optOut.nodes.find((node) => node.type === 'n8n-nodes-base.formTrigger');
		const trigger = optOut.nodes.find((node) => node.type.endsWith('.smsStatusTrigger'));

		const submission = new FormData();
		submission.append('field-0', '+44 7911 100101');
		let submitted;
		for (const deadline = Date.now() + 30000; ; await instance.sleep(500)) {
			submitted = await fetch(`${n8n.baseUrl}/form/${form.webhookId}`, { method: 'POST', body: submission });
			if (submitted.status !== 404 || Date.now() > deadline) break;
		}
		expect(submitted.status).toBe(200);
		const postback = await postWebhook(`${n8n.baseUrl}/webhook/${trigger.webhookId}/delivery-status?token=${trigger.parameters.token}`, {
			origin: 'SMS_MT',
			code: 'E202',
			status: 'Rejected',
			'status-details': 'Blocked: the recipient opted out',
			from: '60856',
			to: '447911100102',
			'tracking-id': 'e2e-opt-out-1',
			timestamp: new Date().toISOString(),
		});
		expect(postback.status).toBe(200);
		const listed = async () => (await readRows(setup.setupApi, setup.campaignTables.optOut)).map((row) => row.number).sort();
		for (const deadline = Date.now() + 30000; (await listed()).length < 2 && Date.now() < deadline; ) await instance.sleep(300);
		expect(await listed()).toEqual(['+447911100101', '+447911100102']);

		const executions = executionsApi(n8n.baseUrl, cookie);
		const runNewsletter = async () => {
			const started = await rest('POST', `workflows/${NEWSLETTER_ID}/run`, { triggerToStartFrom: { name: 'Start' } });
			expect(started.status).toBe(200);
			const id = started.json.data.executionId;
			for (const deadline = Date.now() + 60000; ; await instance.sleep(300)) {
				const [latest] = (await executions.list(NEWSLETTER_ID, 1)).results;
				if (String(latest?.id) === String(id) && latest.status !== 'running' && latest.status !== 'new') break;
				if (Date.now() > deadline) throw new Error(`the newsletter example did not finish: ${JSON.stringify(latest)}`);
			}
			return (await executions.nodeItems(id, 'Bulk Send')).map((item) => [item.to, item.status]);
		};
		expect(await runNewsletter()).toEqual([
			['447911100101', 'optedOut'],
			['447911100102', 'optedOut'],
			['447911100103', 'accepted'],
			['447911100104', 'accepted'],
		]);
		expect(await runNewsletter()).toEqual([
			['447911100101', 'optedOut'],
			['447911100102', 'optedOut'],
			['447911100103', 'skipped'],
			['447911100104', 'skipped'],
		]);
		expect((await sandbox.accepted()).map((message) => message.to).sort()).toEqual(['447911100103', '447911100104']);
	});

	test("in the editor, the newsletter's Bulk Send asks for the Data Table API credential beside Betatel's", async () => {
		const browser = await launchBrowser();
		try {
			const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
			page.setDefaultTimeout(30000);
			await page.goto(`${n8n.baseUrl}/signin`);
			await page.getByTestId('emailOrLdapLoginId').locator('input').fill(instance.DEFAULT_OWNER.email);
			await page.getByTestId('password').locator('input').fill(instance.DEFAULT_OWNER.password);
			await page.getByTestId('form-submit-button').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
			await page.goto(`${n8n.baseUrl}/workflow/${NEWSLETTER_ID}`);
			await page.locator('[data-test-id="canvas-node"][data-node-name="Bulk Send"]').dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.getByTestId('node-parameters').waitFor();
			// Both credentials, each with the example's selected, above the Campaign group.
			await ndv.getByText('Credential for Data Table API', { exact: true }).waitFor();
			await ndv.getByText('Credential for Betatel SMS API', { exact: true }).waitFor();
			const values = await ndv.locator('input').evaluateAll((inputs) => inputs.map((input) => input.value));
			expect(values).toEqual(expect.arrayContaining(['Betatel SMS (sandbox)', 'Data Table API (this n8n)', 'newsletter-2026-12', 'sms-journal', 'sms-opt-out']));
		} finally {
			await browser.contexts()[0]?.pages()[0]?.screenshot({ path: require('path').join(RESULTS_DIR, 'campaign-editor.png') }).catch(() => {});
			await browser.close();
		}
	});
});
