import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { sendOptionsCollection, timeoutOption } from '../../../shared/params/options';
import { gatewayRequest, PATHS, rateLimitOf } from '../../transport';

const properties: INodeProperties[] = [sendOptionsCollection({ defaultCountry: false, pacing: false })];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getBalance'] } },
	properties,
);

/** The account balance, from the v2 API (signed with the credential's API key). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { body, answer } = await gatewayRequest(this, {
		method: 'GET',
		path: PATHS.balance,
		auth: 'apiKey',
		itemIndex,
		timeout: timeoutOption.read(this, itemIndex),
	});
	const rateLimit = rateLimitOf(answer);
	return { provider: 'smsGateway', ...body, ...(rateLimit ? { rateLimit } : {}) };
}
