import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OperationTable } from '../../shared/execution/route';
import { runOperation } from '../../shared/execution/route';
import * as account from './account';
import * as apiKey from './apiKey';
import * as sms from './sms';

const OPERATIONS: OperationTable = {
	sms: {
		send: { prepareSend: sms.send.prepareSend, provider: 'smsGateway', channel: 'sms' },
		sendBulk: { bulk: sms.sendBulk.plan },
	},
	account: { getBalance: account.getBalance.execute },
	apiKey: {
		generate: apiKey.generate.execute,
		regenerate: apiKey.regenerate.execute,
		revoke: apiKey.revoke.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperation(this, OPERATIONS);
}
