import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OperationTable } from '../../shared/execution/route';
import { runOperation } from '../../shared/execution/route';
import * as sms from './sms';
import * as whatsapp from './whatsapp';

const OPERATIONS: OperationTable = {
	sms: {
		send: { prepareSend: sms.send.prepareSend, provider: 'betatel', channel: 'sms' },
		sendBulk: { bulk: sms.sendBulk.plan },
	},
	whatsapp: {
		sendOtp: { prepareSend: whatsapp.sendOtp.prepareSend, provider: 'betatel', channel: 'whatsapp' },
		sendOtpBulk: { bulk: whatsapp.sendOtpBulk.plan },
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperation(this, OPERATIONS);
}
