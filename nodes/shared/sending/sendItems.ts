/**
 * The per-item send operations (one message per input item) on the send engine: item n + 1
 * is read while item n is on the wire, up to Concurrency messages go out at once, and the
 * output keeps item order and `pairedItem`, exactly one result per item. With campaign
 * options, the items are read first and screened (../campaign/itemSends.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { CampaignRun } from '../campaign/campaignRun';
import { openCampaign } from '../campaign/campaignRun';
import { executeCampaignSends } from '../campaign/itemSends';
import { readCampaignSettings, usesCampaign } from '../campaign/settings';
import { asNodeError, errorOutput } from '../execution/executePerItem';
import type { PacingSettings } from '../params/options';
import { readPacing } from '../params/options';
import type { SendJob, SendReport } from './dispatch';
import { dispatchSends } from './dispatch';

/**
 * Reads and checks one item's fields and says what to send; throws for bad input. `only`
 * (international digits) keeps some of an item's several numbers, where a campaign drops
 * others; operations with one number per item never get it.
 */
export type PrepareSend = (this: IExecuteFunctions, itemIndex: number, only?: ReadonlySet<string>) => SendJob<IDataObject>;

/** A per-item send operation, and the provider and channel its outputs name. */
export interface ItemSends {
	prepareSend: PrepareSend;
	provider: string;
	channel: 'sms' | 'whatsapp';
}

export async function executeSends(context: IExecuteFunctions, operation: ItemSends): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	let pacing: PacingSettings;
	let campaign: CampaignRun | undefined;
	try {
		pacing = readPacing(context);
		const settings = readCampaignSettings(context);
		if (usesCampaign(settings)) campaign = await openCampaign(context, settings);
	} catch (caught) {
		// A bad setting of the run concerns every item: nothing is sent.
		if (!continueOnFail) throw asNodeError(context, caught, 0);
		return [items.map((_, itemIndex) => errorOutput(context, asNodeError(context, caught, itemIndex), itemIndex))];
	}
	if (campaign) return await executeCampaignSends(context, operation, campaign, pacing);

	const reports = await dispatchSends(
		context,
		{ length: items.length, job: (itemIndex) => operation.prepareSend.call(context, itemIndex) },
		{ ...pacing, stopOn: itemStopOn(continueOnFail) },
	);

	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const result = itemResult(context, reports[itemIndex], itemIndex);
		if (result) results.push(result);
	}
	return [results];
}

/**
 * Without Continue On Fail the node fails at the first failure, as n8n's item loop would:
 * the items before it were sent, nothing after it is started.
 */
export function itemStopOn(continueOnFail: boolean): ((report: SendReport<unknown>) => boolean) | undefined {
	return continueOnFail ? undefined : (report) => report.status === 'failed' || report.status === 'unknown';
}

/**
 * The output item of one item's report; nothing for an item not started after an earlier
 * failure. Without Continue On Fail, a failure is thrown: reports are read in item order, so
 * the first failure met is the one n8n shows.
 */
export function itemResult(
	context: IExecuteFunctions,
	report: SendReport<IDataObject>,
	itemIndex: number,
	warning?: string,
): INodeExecutionData | undefined {
	if (report.status === 'accepted') {
		return { json: warning ? { ...report.value, warning } : report.value, pairedItem: { item: itemIndex } };
	}
	if (report.status === 'notSent' && report.reason === 'stopped') return undefined;
	const error =
		report.status !== 'notSent'
			? asNodeError(context, report.error, itemIndex)
			: report.reason === 'journal'
				? new NodeOperationError(context.getNode(), `Item ${itemIndex} was not sent: the journal could not record it first`, {
						itemIndex,
						description: report.cause?.message,
					})
				: new NodeOperationError(context.getNode(), `Item ${itemIndex} was not sent: the execution was cancelled`, { itemIndex });
	if (!context.continueOnFail()) throw error;
	return errorOutput(context, error, itemIndex);
}
