import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { executePerItem } from '../../shared/execution/executePerItem';
import { readFraudGuard } from '../guard/fields';
import * as generate from './generate.operation';
import * as recover from './recover.operation';
import type { OtpSession } from './session';
import { otpSession } from './session';
import * as verify from './verify.operation';

type OtpOperation = (this: IExecuteFunctions, itemIndex: number, session: OtpSession) => Promise<IDataObject>;

// The OTP node has one resource (see Otp.node.ts), so it routes by operation alone.
const OPERATIONS: Record<string, OtpOperation> = {
	generate: generate.execute,
	verify: verify.execute,
	recover: recover.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = Object.prototype.hasOwnProperty.call(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
	if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	const session = otpSession(this);
	const [items] = await executePerItem(this, async (itemIndex) => await run.call(this, itemIndex, session));
	if (operation !== 'generate' || items.length === 0 || !readFraudGuard(this, 0)) return [items];
	// An AI agent reads a tool's first output only: there a refusal stays in it, marked
	// `refused`. (n8n 1.x has no isToolExecution.)
	if (typeof this.isToolExecution === 'function' && this.isToolExecution()) return [items];
	return [items.filter((item) => item.json.refused !== true), items.filter((item) => item.json.refused === true)];
}
