/**
 * How a bad-input case is run and judged. Every case runs the node through n8n's execution
 * engine against the sandbox with three input items, the middle one bad (or, for a setting
 * of the whole node, all of them), and checks: one output item per input item, in order,
 * with pairedItem; an error that names the field or the cause; nothing invalid reaching the
 * sandbox; no secret in any output, error or log line; and the execution finishing.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';
import { runNode } from '../harness/workflowRunner';
import type { SendFixture } from '../integration/support/providerContract';
import type { SandboxHandle } from '../integration/support/sandbox';
import { ALL_SECRETS } from '../integration/support/sandbox';

export interface CorpusCase {
	name: string;
	fixture: SendFixture;
	/** Input items; by default three, the middle one with `bad` merged in. */
	bad?: IDataObject;
	/** Fields every input item gets (the good value of what `bad` spoils). */
	base?: IDataObject;
	/** Node parameters to override (for options and fields that are not per item). */
	parameters?: IDataObject;
	credentials?: (baseUrl: string) => ICredentialDataDecryptedObject;
	/** A sandbox fault for the first request (the node runs with Concurrency 1). */
	fault?: IDataObject;
	sandboxConfig?: IDataObject;
	/** What the error of each failing item must say. */
	error: RegExp;
	/** Which items fail: the middle one (default), all of them, or only the first (a fault). */
	failing?: 'middle' | 'all' | 'first';
	/**
	 * The fault is an odd success answer: no item fails, and the first one is accepted without
	 * a message ID, with a note matching `error` (the message went out).
	 */
	acceptedWithoutId?: true;
	timeoutMs?: number;
}

const GOOD = ['+447911123456', '+447911123457', '+447911123458'];

/** Log lines n8n's logger proxy and the console print while a case runs. */
function captureLogs(): { lines: string[]; stop: () => void } {
	const lines: string[] = [];
	const record = (level: string) => (message: string, meta?: object) => lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
	LoggerProxy.init({
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		verbose: record('verbose'),
	} as never);
	const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
		jest.spyOn(console, method).mockImplementation((...args: unknown[]) => lines.push(args.map(String).join(' '))),
	);
	return { lines, stop: () => spies.forEach((spy) => spy.mockRestore()) };
}

export async function runCase(handle: SandboxHandle, corpusCase: CorpusCase): Promise<void> {
	const { fixture } = corpusCase;
	const failing = corpusCase.acceptedWithoutId ? 'none' : (corpusCase.failing ?? (corpusCase.fault ? 'first' : 'middle'));
	if (corpusCase.sandboxConfig) handle.sandbox.configure(corpusCase.sandboxConfig);
	if (corpusCase.fault) handle.sandbox.injectFault({ path: fixture.path, ...corpusCase.fault });
	const inputs = GOOD.map((to, index) => ({
		...fixture.input(to, `Your code is 55534${index}`),
		...corpusCase.base,
		...(index === 1 ? corpusCase.bad : {}),
	}));
	const logs = captureLogs();
	let items: INodeExecutionData[] | undefined;
	let error: IDataObject | undefined;
	let finished: boolean;
	try {
		const result = await runNode(
			{
				type: fixture.nodeType,
				credentials: { [fixture.credentialType]: { id: '1', name: fixture.provider } },
				parameters: {
					...fixture.parameters,
					...corpusCase.parameters,
					options: { concurrency: 1, timeout: corpusCase.timeoutMs ?? 2000, ...(corpusCase.parameters?.options as IDataObject) },
				},
				continueOnFail: true,
			},
			inputs,
			{ [fixture.credentialType]: (corpusCase.credentials ?? fixture.credentials)(handle.url()) },
		);
		({ items, error } = result);
		finished = result.run.finished === true || result.run.status === 'success';
	} finally {
		logs.stop();
	}

	expect(error).toBeUndefined();
	expect(finished).toBe(true);
	expect(items).toHaveLength(3);
	items!.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		const fails = failing === 'all' || (failing === 'middle' && index === 1) || (failing === 'first' && index === 0);
		if (fails) {
			expect(item.json.error).toMatch(corpusCase.error);
			expect(String(item.json.error).length).toBeLessThan(400);
			expect(item.json.itemIndex).toBe(index);
		} else {
			expect(item.json.status).toBe('accepted');
		}
		if (corpusCase.acceptedWithoutId && index === 0) {
			expect(item.json.messageId).toBeNull();
			expect(item.json.note).toMatch(corpusCase.error);
		}
	});

	// Nothing invalid reached the provider: every request it accepted is one of the good items.
	const accepted = handle.sandbox.accepted as Array<{ to: string }>;
	const goodDigits = GOOD.map((to) => to.slice(1));
	for (const entry of accepted) expect(goodDigits).toContain(entry.to.replace(/^\+/, ''));
	const text = JSON.stringify({ items, logs: logs.lines });
	for (const secret of ALL_SECRETS) expect(text).not.toContain(secret);
}
