import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { sendOptionsCollection, timeoutOption } from '../../../shared/params/options';
import { gatewayRequest, PATHS } from '../../transport';
import { expiryDays, keyResult, keyTargetProperty, newKeyNotice, readKeyTarget } from './shared';

const properties: INodeProperties[] = [
	newKeyNotice,
	keyTargetProperty,
	expiryDays.property,
	sendOptionsCollection({ defaultCountry: false, pacing: false }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['apiKey'], operation: ['regenerate'] } },
	properties,
);

/** Revokes the chosen key(s) and issues one new key in their place. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const auth = readKeyTarget(this, itemIndex);
	const days = expiryDays.read(this, itemIndex);
	const { body, answer } = await gatewayRequest(this, {
		method: 'POST',
		path: PATHS.regenerateKey,
		auth,
		body: { expiry_days: days },
		itemIndex,
		timeout: timeoutOption.read(this, itemIndex),
	});
	return keyResult(body, answer);
}
