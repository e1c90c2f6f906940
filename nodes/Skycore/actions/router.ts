import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OperationTable } from '../../shared/execution/route';
import { runOperation } from '../../shared/execution/route';
import * as sms from './sms';

const OPERATIONS: OperationTable = {
	sms: { send: sms.send.operation, sendBulk: sms.sendBulk.operation },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperation(this, OPERATIONS);
}
