import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { sendOptionsCollection, timeoutOption } from '../../../shared/params/options';
import { gatewayRequest, PATHS } from '../../transport';
import { keyResult, keyTargetProperty, readKeyTarget } from './shared';

const properties: INodeProperties[] = [keyTargetProperty, sendOptionsCollection({ defaultCountry: false, pacing: false })];

export const description = updateDisplayOptions(
	{ show: { resource: ['apiKey'], operation: ['revoke'] } },
	properties,
);

/** Revokes the credential's key, or every active key of the account. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const auth = readKeyTarget(this, itemIndex);
	const { body, answer } = await gatewayRequest(this, {
		method: 'POST',
		path: PATHS.revokeKey,
		auth,
		body: {},
		itemIndex,
		timeout: timeoutOption.read(this, itemIndex),
	});
	return keyResult(body, answer);
}
