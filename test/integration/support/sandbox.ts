/**
 * One provider sandbox per test file: a real HTTP server on 127.0.0.1 that behaves as the
 * providers' documents say, started before the file's tests and reset before each one.
 */
import type { IDataObject } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox, SANDBOX_CREDENTIALS } = require('../../../sandbox/server');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../../scripts/n8n/instance');

export { SANDBOX_CREDENTIALS };

export interface RecordedRequest {
	provider: string;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: IDataObject | null;
	rawBody: string;
	responseStatus: number | null;
}

export interface SandboxHandle {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	sandbox: any;
	/** Origin of the running sandbox, e.g. http://127.0.0.1:40123. */
	url: () => string;
	/** A local URL where nothing listens (a port just bound and released). */
	deadUrl: () => string;
	received: () => RecordedRequest[];
}

/** Registers the jest hooks that start, reset and stop a sandbox for the calling test file. */
export function useSandbox(options: IDataObject = {}): SandboxHandle {
	const sandbox = createSandbox({ statusIntervalMs: 10, ...options });
	let url = '';
	let deadUrl = '';
	beforeAll(async () => {
		({ url } = await sandbox.start(0));
		deadUrl = `http://127.0.0.1:${await freePort()}`;
	});
	afterAll(async () => {
		await sandbox.stop();
	});
	beforeEach(() => {
		sandbox.reset();
	});
	return {
		sandbox,
		url: () => url,
		deadUrl: () => deadUrl,
		received: () => sandbox.requests as RecordedRequest[],
	};
}

/** Every credential secret the sandbox knows; none may appear in anything a node emits. */
export const ALL_SECRETS: string[] = [
	SANDBOX_CREDENTIALS.betatelSms.apiKey,
	SANDBOX_CREDENTIALS.betatelSms.userId,
	SANDBOX_CREDENTIALS.betatelWhatsApp.accountId,
	SANDBOX_CREDENTIALS.skycore.apiKey,
	SANDBOX_CREDENTIALS.smsGateway.password,
	SANDBOX_CREDENTIALS.smsGateway.apiKey,
];

export function expectNoSecrets(value: unknown, extra: string[] = []): void {
	const text = JSON.stringify(value ?? null);
	for (const secret of [...ALL_SECRETS, ...extra]) expect(text).not.toContain(secret);
}
