/**
 * The per-item send operations (one message per input item) on the send engine: every item
 * is read and checked first, then the messages go out concurrently, and the output keeps
 * item order and `pairedItem`, exactly one result per item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError, errorOutput } from '../execution/executePerItem';
import { readPacing } from '../params/options';
import type { SendJob, SendReport } from './dispatch';
import { dispatchSends } from './dispatch';

/** Reads and checks one item's fields and says what to send; throws for bad input. */
export type PrepareSend = (this: IExecuteFunctions, itemIndex: number) => SendJob<IDataObject>;

export async function executeSends(context: IExecuteFunctions, prepare: PrepareSend): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const results = new Array<INodeExecutionData>(items.length);
	let pacing;
	try {
		pacing = readPacing(context);
	} catch (caught) {
		// A bad Concurrency or Max Per Second concerns every item: nothing is sent.
		if (!continueOnFail) throw asNodeError(context, caught, 0);
		return [items.map((_, itemIndex) => errorOutput(context, asNodeError(context, caught, itemIndex), itemIndex))];
	}
	const jobs: Array<SendJob<IDataObject>> = [];

	// Nothing is sent before every item has been read: a bad item stops the node (without
	// Continue On Fail) before any message goes out.
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			jobs.push(prepare.call(context, itemIndex));
		} catch (caught) {
			const error = asNodeError(context, caught, itemIndex);
			if (!continueOnFail) throw error;
			results[itemIndex] = errorOutput(context, error, itemIndex);
		}
	}

	const reports = await dispatchSends(context, jobs, {
		...pacing,
		// Without Continue On Fail the node fails at the first failure: start nothing more.
		stopOn: continueOnFail ? undefined : (report) => report.status === 'failed' || report.status === 'unknown',
	});

	let firstFailure: { itemIndex: number; report: SendReport<IDataObject> } | undefined;
	jobs.forEach((job, position) => {
		const report = reports[position];
		const { itemIndex } = job;
		if (report.status === 'accepted') {
			results[itemIndex] = { json: report.value, pairedItem: { item: itemIndex } };
			return;
		}
		if (!continueOnFail) {
			if (report.status !== 'notSent' && (!firstFailure || itemIndex < firstFailure.itemIndex)) {
				firstFailure = { itemIndex, report };
			}
			return;
		}
		const error =
			report.status === 'notSent'
				? new NodeOperationError(context.getNode(), `Item ${itemIndex} was not sent: the execution was cancelled`, {
						itemIndex,
					})
				: asNodeError(context, report.error, itemIndex);
		results[itemIndex] = errorOutput(context, error, itemIndex);
	});
	if (firstFailure && firstFailure.report.status !== 'accepted' && firstFailure.report.status !== 'notSent') {
		throw asNodeError(context, firstFailure.report.error, firstFailure.itemIndex);
	}
	if (!continueOnFail && reports.some((report) => report.status === 'notSent')) {
		throw new NodeOperationError(context.getNode(), 'The execution was cancelled before every item was sent');
	}
	return [results];
}
