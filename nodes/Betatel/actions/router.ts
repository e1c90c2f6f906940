import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { executePerItem } from '../../shared/executePerItem';
import * as sms from './sms';
import * as whatsapp from './whatsapp';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject>;

const OPERATIONS: Record<string, Record<string, Operation>> = {
	sms: { send: sms.send.execute },
	whatsapp: { sendOtp: whatsapp.sendOtp.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = OPERATIONS[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for resource "${resource}"`,
		);
	}
	return await executePerItem(this, async (itemIndex) => await run.call(this, itemIndex));
}
