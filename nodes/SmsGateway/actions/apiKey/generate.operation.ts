import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { sendOptionsCollection, timeoutOption } from '../../../shared/params/options';
import { gatewayRequest, PATHS } from '../../transport';
import { expiryDays, keyResult, newKeyNotice } from './shared';

const properties: INodeProperties[] = [
	newKeyNotice,
	expiryDays.property,
	sendOptionsCollection({ defaultCountry: false, pacing: false }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['apiKey'], operation: ['generate'] } },
	properties,
);

/** Issues a new API key, signed with the username and password; existing keys keep working. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const days = expiryDays.read(this, itemIndex);
	const { body, answer } = await gatewayRequest(this, {
		method: 'POST',
		path: PATHS.generateKey,
		auth: 'password',
		body: { expiry_days: days },
		itemIndex,
		timeout: timeoutOption.read(this, itemIndex),
	});
	return keyResult(body, answer);
}
