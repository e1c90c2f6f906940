/**
 * The per-item send operations (one message per input item) on the send engine: item n + 1
 * is read while item n is on the wire, up to Concurrency messages go out at once, and the
 * output keeps item order and `pairedItem`, exactly one result per item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { asNodeError, errorOutput } from '../execution/executePerItem';
import type { PacingSettings } from '../params/options';
import { readPacing } from '../params/options';
import type { SendJob } from './dispatch';
import { dispatchSends } from './dispatch';

/** Reads and checks one item's fields and says what to send; throws for bad input. */
export type PrepareSend = (this: IExecuteFunctions, itemIndex: number) => SendJob<IDataObject>;

export async function executeSends(context: IExecuteFunctions, prepare: PrepareSend): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	let pacing: PacingSettings;
	try {
		pacing = readPacing(context);
	} catch (caught) {
		// A bad Concurrency or Max Per Second concerns every item: nothing is sent.
		if (!continueOnFail) throw asNodeError(context, caught, 0);
		return [items.map((_, itemIndex) => errorOutput(context, asNodeError(context, caught, itemIndex), itemIndex))];
	}

	const reports = await dispatchSends(
		context,
		{ length: items.length, job: (itemIndex) => prepare.call(context, itemIndex) },
		{
			...pacing,
			// Without Continue On Fail the node fails at the first failure, as n8n's item loop
			// would: the items before it were sent, nothing after it is started.
			stopOn: continueOnFail ? undefined : (report) => report.status === 'failed' || report.status === 'unknown',
		},
	);

	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const report = reports[itemIndex];
		if (report.status === 'accepted') {
			results.push({ json: report.value, pairedItem: { item: itemIndex } });
			continue;
		}
		if (report.status === 'notSent' && report.reason === 'stopped') continue;
		const error =
			report.status === 'notSent'
				? new NodeOperationError(context.getNode(), `Item ${itemIndex} was not sent: the execution was cancelled`, {
						itemIndex,
					})
				: asNodeError(context, report.error, itemIndex);
		// Reports are in item order, so the first failure met is the one n8n shows.
		if (!continueOnFail) throw error;
		results.push(errorOutput(context, error, itemIndex));
	}
	return [results];
}
