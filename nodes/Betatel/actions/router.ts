import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OperationTable } from '../../shared/execution/route';
import { runOperation } from '../../shared/execution/route';
import * as sms from './sms';
import * as whatsapp from './whatsapp';

const OPERATIONS: OperationTable = {
	sms: { send: sms.send.operation, sendBulk: sms.sendBulk.operation },
	whatsapp: { sendOtp: whatsapp.sendOtp.operation, sendOtpBulk: whatsapp.sendOtpBulk.operation },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperation(this, OPERATIONS);
}
