import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { BulkPlan } from '../sending/bulk';
import { executeBulk } from '../sending/bulk';
import type { ItemSends } from '../sending/sendItems';
import { executeSends } from '../sending/sendItems';
import { executePerItem } from './executePerItem';

/** One operation run for one input item, returning that item's output. */
export type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject>;

/**
 * How an operation runs: item by item, as one message per item on the send engine
 * (`prepareSend`), or as Bulk Send, all items' recipients in one pool (`bulk`).
 */
export type Operation = ItemOperation | ItemSends | { bulk: BulkPlan };

/** resource → operation → implementation, as a node's router declares it. */
export type OperationTable = Record<string, Record<string, Operation>>;

/** Finds the operation the node is set to and runs it for the input items. */
export async function runOperation(
	context: IExecuteFunctions,
	operations: OperationTable,
): Promise<INodeExecutionData[][]> {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const has = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);
	const run = has(operations, resource) && has(operations[resource], operation) ? operations[resource][operation] : undefined;
	if (!run) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" is not supported for resource "${resource}"`,
		);
	}
	if (typeof run === 'function') {
		return await executePerItem(context, async (itemIndex) => await run.call(context, itemIndex));
	}
	if ('prepareSend' in run) return await executeSends(context, run);
	return await executeBulk(context, run.bulk);
}
