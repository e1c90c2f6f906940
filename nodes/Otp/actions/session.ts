/**
 * What one execution of the OTP node shares between its items: the secret's keys and the
 * connection to n8n's API, each set up once, each data table resolved once, and the Fraud
 * Guard's ledger when there is no table (it lives as long as the execution).
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { OtpKeys } from '../crypto/secret';
import { deriveKeys, SECRET_HINT, secretWeakness } from '../crypto/secret';
import type { DataTableRef } from '../../shared/n8nApi/dataTables';
import { resolveDataTable } from '../../shared/n8nApi/dataTables';
import type { N8nApi } from '../../shared/n8nApi/n8nApi';
import { connectN8nApi } from '../../shared/n8nApi/n8nApi';
import { dataTableStore } from '../state/dataTableStore';
import { dataTableLedger } from '../state/dataTableLedger';
import type { GuardLedger } from '../state/ledger';
import { memoryLedger } from '../state/memoryLedger';
import type { OtpStore } from '../state/store';
import { readDataTableLocator, readTracking } from './tracking';

export const SECRET_CREDENTIAL = 'otpSecretApi';

export interface OtpSession {
	keys(itemIndex: number): Promise<OtpKeys>;
	/** The item's store, or undefined when Attempt Tracking is "None". */
	store(itemIndex: number): Promise<OtpStore | undefined>;
	/** The Fraud Guard's ledger: in the item's data table, or in memory for this execution. */
	ledger(itemIndex: number): Promise<GuardLedger>;
}

export function otpSession(context: IExecuteFunctions): OtpSession {
	let keys: Promise<OtpKeys> | undefined;
	let api: Promise<N8nApi> | undefined;
	const tables = new Map<string, Promise<DataTableRef>>();
	let executionLedger: GuardLedger | undefined;

	async function loadKeys(itemIndex: number): Promise<OtpKeys> {
		const { secret } = await context.getCredentials(SECRET_CREDENTIAL, itemIndex);
		const weakness = secretWeakness(secret);
		if (weakness) {
			throw new NodeOperationError(context.getNode(), `The OTP Secret credential is too weak: ${weakness}`, {
				itemIndex,
				description: `${SECRET_HINT}. Changing the secret makes every code not yet verified invalid.`,
			});
		}
		return deriveKeys(secret as string);
	}

	async function tableOf(itemIndex: number): Promise<{ connection: N8nApi; ref: DataTableRef } | undefined> {
		if (readTracking(context, itemIndex) === 'none') return undefined;
		const locator = readDataTableLocator(context, itemIndex);
		api ??= connectN8nApi(context, itemIndex);
		const connection = await api;
		const key = `${locator.mode}:${locator.value}`;
		if (!tables.has(key)) tables.set(key, resolveDataTable(connection, locator));
		return { connection, ref: await (tables.get(key) as Promise<DataTableRef>) };
	}

	return {
		keys(itemIndex) {
			keys ??= loadKeys(itemIndex);
			return keys;
		},

		async store(itemIndex) {
			const table = await tableOf(itemIndex);
			return table && dataTableStore(table.connection, table.ref);
		},

		async ledger(itemIndex) {
			const table = await tableOf(itemIndex);
			if (table) return dataTableLedger(table.connection, table.ref);
			executionLedger ??= memoryLedger();
			return executionLedger;
		},
	};
}
