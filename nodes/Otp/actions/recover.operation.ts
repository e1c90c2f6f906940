import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { readInputValue } from '../../shared/params/locatorAndInputReaders';
import { recoverCode } from '../logic/recover';
import type { OtpSession } from './session';
import { MAX_ATTEMPTS, maxAttemptsOption, tokenField } from './tokenFields';
import { dataTableField, statelessNotice, STATELESS_WARNING, trackingField } from './tracking';

const properties: INodeProperties[] = [
	tokenField,
	{
		displayName: 'Sealed Code',
		name: 'sealedCode',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'The "sealedCode" that Generate output with Add Sealed Code on',
	},
	trackingField,
	statelessNotice,
	dataTableField,
	maxAttemptsOption.property,
];

export const description = updateDisplayOptions({ show: { operation: ['recover'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, session: OtpSession): Promise<IDataObject> {
	const token = readInputValue(this, itemIndex, { name: 'token', label: 'Token' });
	const sealedCode = readInputValue(this, itemIndex, { name: 'sealedCode', label: 'Sealed Code' });
	const store = await session.store(itemIndex);
	const maxAttempts = store ? maxAttemptsOption.read(this, itemIndex) : MAX_ATTEMPTS.max;
	const keys = await session.keys(itemIndex);

	const recovery = await recoverCode(keys, { token, sealedCode, maxAttempts, now: Date.now() }, store);
	if ('storeMissing' in recovery) {
		throw new NodeOperationError(this.getNode(), 'This token was generated with a data table, but Attempt Tracking is "None" here', {
			itemIndex,
			description: 'Choose "Data Table" and the same table as in the Generate node, so that a used or locked code is not sent again.',
		});
	}
	const { claims } = recovery;
	return {
		recovered: recovery.recovered,
		reason: recovery.reason,
		to: claims?.to ?? null,
		code: recovery.code ?? null,
		expiresAt: claims ? new Date(claims.expiresAt * 1000).toISOString() : null,
		tracking: store ? 'dataTable' : 'none',
		...(store ? {} : { warning: STATELESS_WARNING }),
	};
}
