/**
 * What one execution of the OTP node shares between its items: the secret's keys and the
 * connection to n8n's API, each set up once, and each data table resolved once.
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
import type { OtpStore } from '../state/store';
import { readDataTableLocator, readTracking } from './tracking';

export const SECRET_CREDENTIAL = 'otpSecretApi';

export interface OtpSession {
	keys(itemIndex: number): Promise<OtpKeys>;
	/** The item's store, or undefined when Attempt Tracking is "None". */
	store(itemIndex: number): Promise<OtpStore | undefined>;
}

export function otpSession(context: IExecuteFunctions): OtpSession {
	let keys: Promise<OtpKeys> | undefined;
	let api: Promise<N8nApi> | undefined;
	const tables = new Map<string, Promise<DataTableRef>>();

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

	return {
		keys(itemIndex) {
			keys ??= loadKeys(itemIndex);
			return keys;
		},

		async store(itemIndex) {
			if (readTracking(context, itemIndex) === 'none') return undefined;
			const locator = readDataTableLocator(context, itemIndex);
			api ??= connectN8nApi(context, itemIndex);
			const connection = await api;
			const key = `${locator.mode}:${locator.value}`;
			if (!tables.has(key)) tables.set(key, resolveDataTable(connection, locator));
			return dataTableStore(connection, await (tables.get(key) as Promise<DataTableRef>));
		},
	};
}
