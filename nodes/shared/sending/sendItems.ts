/**
 * The per-item send operations (one message per input item) on the send engine: up to
 * Concurrency messages go out at once, and the output keeps item order and `pairedItem`,
 * exactly one result per item. Without Continue On Fail the first failure stops the run:
 * no new send starts, the ones on the wire finish, and the error says what went out. With
 * campaign options, the items are read first and screened (../campaign/itemSends.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RunSettings } from '../campaign/campaignRun';
import { openRun } from '../campaign/campaignRun';
import { executeCampaignSends } from '../campaign/itemSends';
import { asNodeError, errorOutput } from '../execution/executePerItem';
import type { SendError, SendJob, SendReport } from './dispatch';
import { dispatchSends, JOURNAL_FAILURE } from './dispatch';

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

/** Message IDs listed in the error at most: enough to find them at the provider, short enough to read. */
const MAX_IDS_IN_ERROR = 20;

export async function executeSends(context: IExecuteFunctions, operation: ItemSends): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const prepare = operation.prepareSend;
	let run: RunSettings;
	try {
		run = await openRun(context);
	} catch (caught) {
		// A bad setting of the run concerns every item: nothing is sent.
		if (!continueOnFail) throw asNodeError(context, caught, 0);
		return [items.map((_, itemIndex) => errorOutput(context, asNodeError(context, caught, itemIndex), itemIndex))];
	}
	const { pacing, campaign } = run;
	if (campaign) return await executeCampaignSends(context, operation, campaign, pacing);

	const reports = await dispatchSends(
		context,
		{ length: items.length, job: (itemIndex) => prepare.call(context, itemIndex), itemIndex: (itemIndex) => itemIndex },
		{ ...pacing, stopOn: itemStopOn(continueOnFail) },
	);

	if (!continueOnFail) {
		// The first failure in item order is the one n8n shows; it also says what went out.
		const failed = reports.findIndex((report) => report.status !== 'accepted' && !(report.status === 'notSent' && report.reason === 'stopped'));
		if (failed !== -1) throw withWhatWentOut(errorOf(context, reports[failed], failed), reports, failed);
	}
	const results: INodeExecutionData[] = [];
	reports.forEach((report, itemIndex) => {
		results.push(
			report.status === 'accepted'
				? { json: report.value, pairedItem: { item: itemIndex } }
				: errorOutput(context, errorOf(context, report, itemIndex), itemIndex),
		);
	});
	return [results];
}

/** Without Continue On Fail, the first failure stops the run, as n8n's item loop would. */
export function itemStopOn(continueOnFail: boolean): ((report: SendReport<unknown>) => boolean) | undefined {
	return continueOnFail ? undefined : (report) => report.status === 'failed' || report.status === 'unknown';
}

/** The error of an item that was not accepted. */
export function errorOf(context: IExecuteFunctions, report: SendReport<IDataObject>, itemIndex: number): SendError {
	if (report.status === 'failed' && report.kind === JOURNAL_FAILURE) {
		return new NodeOperationError(context.getNode(), `Item ${itemIndex} was not sent: the journal could not record it first`, {
			itemIndex,
			description: report.error.message,
		});
	}
	if (report.status === 'failed' || report.status === 'unknown') return asNodeError(context, report.error, itemIndex);
	return new NodeOperationError(context.getNode(), `Item ${itemIndex} was not sent: the execution was cancelled`, { itemIndex });
}

/**
 * Adds to the error what the run sent before it stopped, so that the user knows what went
 * out and does not send it twice: the accepted items (first and last, and up to 20 message
 * IDs), and the ones that may have gone out without an answer.
 */
export function withWhatWentOut(error: SendError, reports: Array<SendReport<IDataObject>>, failed: number): SendError {
	if (reports.length < 2) return error;
	const accepted: number[] = [];
	const ids: string[] = [];
	let messages = 0;
	const unanswered: number[] = [];
	reports.forEach((report, itemIndex) => {
		if (report.status === 'unknown' && itemIndex !== failed) unanswered.push(itemIndex);
		if (report.status !== 'accepted') return;
		accepted.push(itemIndex);
		const sent = messagesOf(report.value);
		messages += sent.count;
		ids.push(...sent.ids.slice(0, MAX_IDS_IN_ERROR - ids.length));
	});
	const parts: string[] = [];
	if (accepted.length === 0) {
		parts.push('No message was accepted before the node stopped.');
	} else {
		const which = accepted.length === 1 ? `item ${accepted[0]}` : `items ${accepted[0]} to ${accepted[accepted.length - 1]}, ${accepted.length} in all`;
		const more = messages > ids.length ? ', …' : '';
		parts.push(
			`Before the node stopped, ${messages} ${messages === 1 ? 'message was' : 'messages were'} accepted (${which}); do not send ${messages === 1 ? 'it' : 'them'} again.` +
				(ids.length > 0 ? ` Message IDs: ${ids.join(', ')}${more}.` : ''),
		);
	}
	if (unanswered.length > 0) {
		parts.push(`No answer came for ${unanswered.length === 1 ? 'item' : 'items'} ${unanswered.join(', ')}: check the provider before sending ${unanswered.length === 1 ? 'it' : 'them'} again.`);
	}
	error.description = [error.description, ...parts].filter(Boolean).join(' ');
	return error;
}

/** How many messages an accepted item's output stands for, and their IDs (an SMS Gateway item may list several). */
function messagesOf(json: IDataObject): { count: number; ids: string[] } {
	const listed = Array.isArray(json.recipients) ? (json.recipients as IDataObject[]) : undefined;
	const idOf = (value: unknown) => (typeof value === 'string' && value !== '' ? [value] : []);
	if (listed) return { count: listed.length, ids: listed.flatMap((recipient) => idOf(recipient?.messageId)) };
	return { count: 1, ids: idOf(json.messageId) };
}
