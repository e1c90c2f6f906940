/** The OTP node in a test workflow: its credentials, parameters, and runs of Generate and Verify. */
import type { IDataObject } from 'n8n-workflow';
import type { RunResult } from '../../../harness/workflowRunner';
import { runNode } from '../../../harness/workflowRunner';
import { GUARD_COLUMNS, OTP_COLUMNS } from '../../../../nodes/Otp/state/columns';
import type { FakeN8nApi } from '../../support/fakeN8nApi';
import { FAKE_API_KEY } from '../../support/fakeN8nApi';

export const SECRET = 'integration-secret-0123456789-abcdefghijklmnopqrstuv';
export const NODE_TYPE = 'n8n-nodes-sms-otp.otp';
export const TABLE_NAME = 'otp-verification';

export function credentials(api: FakeN8nApi, overrides: { secret?: string; apiKey?: string; apiUrl?: string } = {}) {
	return {
		otpSecretApi: { secret: overrides.secret ?? SECRET },
		otpDataTableApi: { apiUrl: overrides.apiUrl ?? `${api.url}/api/v1`, apiKey: overrides.apiKey ?? FAKE_API_KEY },
	};
}

export function createOtpTable(api: FakeN8nApi, name = TABLE_NAME) {
	return api.createTable(name, OTP_COLUMNS.map((column) => ({ ...column })));
}

/** A table with the columns of the OTP node and of its Fraud Guard. */
export function createGuardTable(api: FakeN8nApi, name = TABLE_NAME) {
	return api.createTable(name, [...OTP_COLUMNS, ...GUARD_COLUMNS].map((column) => ({ ...column })));
}

const NODE_CREDENTIALS = {
	otpSecretApi: { id: '1', name: 'OTP Secret' },
	otpDataTableApi: { id: '2', name: 'OTP Data Table' },
};

export interface RunOptions {
	continueOnFail?: boolean;
	credentials?: ReturnType<typeof credentials>;
}

export async function runOtp(
	api: FakeN8nApi,
	parameters: IDataObject,
	items: IDataObject[],
	options: RunOptions = {},
): Promise<RunResult> {
	return await runNode(
		{ type: NODE_TYPE, parameters, credentials: NODE_CREDENTIALS, continueOnFail: options.continueOnFail },
		items,
		options.credentials ?? credentials(api),
	);
}

export const byName = (name = TABLE_NAME) => ({ __rl: true, mode: 'name', value: name });

/** Generate's parameters for the item's `to`, tracked in the table named TABLE_NAME. */
export function generateParameters(overrides: IDataObject = {}): IDataObject {
	return { operation: 'generate', to: '={{ $json.to }}', tracking: 'dataTable', dataTable: byName(), minInterval: 0, ...overrides };
}

export function verifyParameters(overrides: IDataObject = {}): IDataObject {
	return {
		operation: 'verify',
		token: '={{ $json.token }}',
		code: '={{ $json.code }}',
		tracking: 'dataTable',
		dataTable: byName(),
		...overrides,
	};
}

/** The JSON of each output item; fails the test with the node's error if it stopped. */
export function outputOf(result: RunResult): IDataObject[] {
	if (result.error) throw new Error(`node failed: ${result.error.message} ${result.error.description ?? ''}`);
	return (result.items ?? []).map((item) => item.json);
}
