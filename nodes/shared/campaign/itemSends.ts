/**
 * The per-item send operations with campaign options: every item is read first (so that
 * each recipient is screened against the opt-out list and the journal before anything is
 * sent), then the items still to send go out on the send engine with the journal's outbox,
 * or, in a dry run, come out with the request they would have sent. One output item per
 * input item, in order.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { asNodeError, errorOutput } from '../execution/executePerItem';
import type { PacingSettings } from '../params/options';
import type { SendJob, SendReport } from '../sending/dispatch';
import { dispatchSends } from '../sending/dispatch';
import type { ItemSends } from '../sending/sendItems';
import { errorOf, itemStopOn, withWhatWentOut } from '../sending/sendItems';
import type { CampaignRecipient, CampaignRun, Dropped } from './campaignRun';
import { campaignRecipient, dryRunRequests, hashOfJob, trackedDispatch } from './campaignSend';
import { messageKey } from './messageKey';

interface Screened {
	itemIndex: number;
	job?: SendJob<IDataObject>;
	recipients: CampaignRecipient[];
	/** Numbers of the item not sent, with why. */
	dropped: Array<{ to: string; dropped: Dropped }>;
}

/** The message ID of the recipient at `position` in an accepted per-item result. */
function messageIdAt(value: IDataObject, position: number): string | null {
	const listed = Array.isArray(value.recipients) ? (value.recipients[position] as IDataObject | undefined)?.messageId : value.messageId;
	return typeof listed === 'string' && listed !== '' ? listed : null;
}

export async function executeCampaignSends(
	context: IExecuteFunctions,
	operation: ItemSends,
	campaign: CampaignRun,
	pacing: PacingSettings,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const entries: Array<Screened | { itemIndex: number; error: unknown }> = [];
	// Within one run, a journaled message goes once: a repeat points at the item that sends it.
	const firstOf = new Map<string, number>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			entries.push(screen(context, operation, campaign, itemIndex, firstOf));
		} catch (caught) {
			entries.push({ itemIndex, error: caught });
			// Without Continue On Fail, the items before a bad one are sent, none after it.
			if (!continueOnFail) break;
		}
	}

	const sendable = entries.filter((entry): entry is Screened & { job: SendJob<IDataObject> } => 'job' in entry && entry.job !== undefined);
	const outputs = new Map<number, IDataObject>();
	let reports: Array<SendReport<IDataObject>> = [];
	let warning: string | undefined;
	if (campaign.dryRun) {
		const requestOf = dryRunRequests(context);
		for (const entry of sendable) {
			const { job } = entry;
			outputs.set(entry.itemIndex, {
				provider: operation.provider,
				channel: operation.channel,
				to: entry.recipients.map((recipient) => recipient.e164.slice(1)).join(','),
				status: 'dryRun',
				note: 'Dry run: not sent.',
				request: await requestOf(job),
				...(job.segments ? { encoding: job.segments.encoding, segments: job.segments.segments } : {}),
			});
		}
	} else {
		const tracker = campaign.track(pacing.concurrency, (index) => sendable[index].recipients);
		reports = await dispatchSends(context, sendable.map((entry) => entry.job), {
			...pacing,
			stopOn: itemStopOn(continueOnFail),
			...trackedDispatch<IDataObject>(tracker, (index) => sendable[index].recipients.length, messageIdAt),
		});
		warning = await campaign.finish();
		if (warning) context.logger.warn(warning);
	}

	// Reports by input item (a sparse list): what the error says went out names items.
	const byItem = new Array<SendReport<IDataObject>>(items.length);
	sendable.forEach((entry, index) => {
		if (reports[index]) byItem[entry.itemIndex] = reports[index];
	});
	const results: INodeExecutionData[] = [];
	for (const entry of entries) {
		const { itemIndex } = entry;
		if ('error' in entry) {
			const error = asNodeError(context, entry.error, itemIndex);
			if (!continueOnFail) throw withWhatWentOut(error, byItem, itemIndex);
			results.push(errorOutput(context, error, itemIndex));
			continue;
		}
		const dropped = entry.dropped.length > 0 ? { dropped: entry.dropped.map(({ to, dropped: why }) => ({ to, ...why })) } : {};
		const output = outputs.get(itemIndex);
		const report = byItem[itemIndex];
		if (output) {
			results.push({ json: { ...output, ...dropped }, pairedItem: { item: itemIndex } });
		} else if (report?.status === 'accepted') {
			results.push({ json: { ...report.value, ...(warning ? { warning } : {}), ...dropped }, pairedItem: { item: itemIndex } });
		} else if (report) {
			// An item not started after an earlier failure has no output: the run failed there.
			if (report.status === 'notSent' && report.reason === 'stopped') continue;
			const error = errorOf(context, report, itemIndex);
			if (!continueOnFail) throw withWhatWentOut(error, byItem, itemIndex);
			results.push(errorOutput(context, error, itemIndex));
		} else {
			results.push({ json: droppedItem(operation, entry), pairedItem: { item: itemIndex } });
		}
	}
	return [results];
}

/** Reads one item and screens its numbers; the job sends only the numbers kept. */
function screen(
	context: IExecuteFunctions,
	operation: ItemSends,
	campaign: CampaignRun,
	itemIndex: number,
	firstOf: Map<string, number>,
): Screened {
	const job = operation.prepareSend.call(context, itemIndex);
	const hash = hashOfJob(job, job.addressed ?? job.recipients.join(','));
	const kept: CampaignRecipient[] = [];
	const dropped: Screened['dropped'] = [];
	for (const digits of job.recipients) {
		const recipient = campaignRecipient(digits, hash);
		const key = messageKey(recipient.e164, hash);
		const first = campaign.journaled ? firstOf.get(key) : undefined;
		const why: Dropped | undefined =
			campaign.screen(recipient) ??
			(first !== undefined ? { status: 'duplicate', note: `Same number and message as item ${first}; sent once there.` } : undefined);
		if (why) {
			dropped.push({ to: digits, dropped: why });
			continue;
		}
		kept.push(recipient);
		if (campaign.journaled) firstOf.set(key, itemIndex);
	}
	if (kept.length === 0) return { itemIndex, recipients: [], dropped };
	if (dropped.length === 0) return { itemIndex, job, recipients: kept, dropped };
	const only = new Set(kept.map((recipient) => recipient.e164.slice(1)));
	return { itemIndex, job: operation.prepareSend.call(context, itemIndex, only), recipients: kept, dropped };
}

/** The output of an item none of whose numbers was sent. */
function droppedItem(operation: ItemSends, entry: Screened): IDataObject {
	const [first, ...others] = entry.dropped;
	const same = others.every((other) => other.dropped.status === first.dropped.status);
	return {
		provider: operation.provider,
		channel: operation.channel,
		to: entry.dropped.map((dropped) => dropped.to).join(','),
		...(entry.dropped.length === 1 ? first.dropped : { status: same ? first.dropped.status : 'skipped', dropped: entry.dropped.map(({ to, dropped }) => ({ to, ...dropped })) }),
		...(entry.dropped.length > 1 && !same ? { note: 'None of the numbers was sent: see "dropped" for each.' } : {}),
	};
}
