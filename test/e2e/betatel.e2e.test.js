// The Betatel node inside a real n8n: each example workflow from examples/workflows is run
// with `n8n execute --id` against the sandbox, and both the node's output and the HTTP
// request the provider received are checked (support/betatelExamples.js, which the
// queue-mode suite checks too).
'use strict';

const { readState, runWorkflow, nodeOutput, sandboxClient, secretsIn } = require('./support/e2e');
const { BETATEL_EXAMPLES } = require('./support/betatelExamples');

describe('Betatel node in a real n8n (n8n execute --id)', () => {
	let state;
	let sandbox;

	beforeAll(() => {
		state = readState();
		sandbox = sandboxClient(state);
	});

	beforeEach(() => sandbox.clearRequests());

	test.each(BETATEL_EXAMPLES)('$title', async (example) => {
		const run = await runWorkflow(state, example.workflowId);
		if (run.code !== 0 || !run.execution) {
			throw new Error(`n8n execute --id=${example.workflowId} exited ${run.code}\n${run.stdout}\n${run.stderr}`);
		}
		expect(run.execution.status).toBe('success');
		// Credentials are stored encrypted; nothing n8n prints may contain them.
		expect(secretsIn(run.stdout + run.stderr)).toEqual([]);

		example.expectItems(nodeOutput(run.execution, example.node));
		example.expectRequests(await sandbox.requests());
	});
});
