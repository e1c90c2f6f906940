import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * Runs one operation for every input item, in order, and returns exactly one output item
 * per input item, linked back to it with `pairedItem`. With "Continue On Fail" a failed item
 * becomes an error item and the rest go on; otherwise the first failure stops the node.
 */
export async function executePerItem(
	context: IExecuteFunctions,
	operation: (itemIndex: number) => Promise<IDataObject>,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const results: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const json = await operation(itemIndex);
			results.push({ json, pairedItem: { item: itemIndex } });
		} catch (caught) {
			const error = asNodeError(context, caught, itemIndex);
			if (!context.continueOnFail()) throw error;
			results.push(errorOutput(context, error, itemIndex));
		}
	}
	return [results];
}

export function asNodeError(
	context: IExecuteFunctions,
	caught: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (caught instanceof NodeApiError || caught instanceof NodeOperationError) {
		caught.context.itemIndex ??= itemIndex;
		return caught;
	}
	return new NodeOperationError(context.getNode(), caught as Error, { itemIndex });
}

/**
 * The output item of a failed input item under "Continue On Fail". With "Continue (using
 * error output)", n8n sends an item down the error output when its JSON holds only
 * `error`, `message` and `details`, so there the rest of the error goes under `details`.
 */
export function errorOutput(
	context: IExecuteFunctions,
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const { error: message, ...details } = errorItem(error, itemIndex);
	const json = context.getNode().onError === 'continueErrorOutput' ? { error: message, details } : { error: message, ...details };
	return { json, pairedItem: { item: itemIndex } };
}

/** What "Continue On Fail" emits: the error in words, never the request that caused it. */
export function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): IDataObject {
	const item: IDataObject = { error: error.message, itemIndex };
	if (error.description) item.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) item.httpCode = error.httpCode;
	const providerCode = error.context.providerErrorCode;
	if (typeof providerCode === 'string') item.errorCode = providerCode;
	return item;
}
