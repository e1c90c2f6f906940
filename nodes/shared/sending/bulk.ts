/**
 * Bulk Send: the recipients of every input item form one pool. Each number is checked and
 * normalized once; invalid numbers and repeats (same number, same message) are reported,
 * not sent; the rest go out on the send engine, in batches where the provider takes many
 * numbers per request. The output has exactly one item per recipient, in input order.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { Dropped, RunSettings } from '../campaign/campaignRun';
import { openRun } from '../campaign/campaignRun';
import { campaignRecipient, dryRunRequests, hashOfJob, trackedDispatch } from '../campaign/campaignSend';
import { RECIPIENT_PLACEHOLDER } from '../campaign/messageKey';
import { asNodeError, errorItem } from '../execution/executePerItem';
import type { FailureKind } from '../http/profile';
import { invalidField, splitNumberList } from '../params/readers';
import { describeValue } from '../params/values';
import type { NormalizedPhoneNumber } from '../phone/phoneNumber';
import { normalizePhoneNumber } from '../phone/phoneNumber';
import type { SendJob, SendReport } from './dispatch';
import { dispatchSends, JOURNAL_FAILURE } from './dispatch';
import type { BulkOutcome } from './bulkOutput';
import { bulkOutputItem } from './bulkOutput';
import type { AcceptedId } from './messageIds';

export const RECIPIENTS_FIELD = { name: 'recipients', label: 'Recipients' };

/** One item's message: everything but the recipients. */
export interface BulkMessage<F = unknown> {
	/** Equal keys mean the same message to the recipient: repeats are judged by it. */
	key: string;
	defaultCountry: string;
	/** Numbers per request: 1, or more where the provider takes a list. */
	batchSize: number;
	/** The provider's own reading of the item's fields. */
	fields: F;
}

export interface BulkRecipient {
	itemIndex: number;
	/** Position in the output. */
	slot: number;
	/** International digits: the send engine keeps messages to one number in order by them. */
	to: string;
	/** The number as the provider's request carries it (BulkPlan.address). */
	address: string;
}

/** What a provider's Bulk Send adds to the shared engine. */
export interface BulkPlan<F = unknown> {
	provider: string;
	channel: 'sms' | 'whatsapp';
	/** Reads an item's message fields (not the recipients); throws for bad input. */
	readMessage(this: IExecuteFunctions, itemIndex: number): BulkMessage<F>;
	/** The number as this provider's request carries it; kept instead of the parsed number. */
	address(message: BulkMessage<F>, number: NormalizedPhoneNumber): string;
	/** One request for recipients sharing a message; its answer gives one message ID (or none) per recipient. */
	buildJob(this: IExecuteFunctions, message: BulkMessage<F>, recipients: BulkRecipient[]): SendJob<AcceptedId[]>;
}

// After one of these, every later request would fail the same way: stop sending. "config":
// the credential is missing or its address cannot work.
const FATAL_KINDS: ReadonlySet<string | undefined> = new Set<FailureKind | 'config'>(['auth', 'notFound', 'balance', 'redirect', 'config']);
const PROGRESS_EVERY_MS = 5_000;

export async function executeBulk(context: IExecuteFunctions, plan: BulkPlan): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	let run: RunSettings;
	try {
		run = await openRun(context);
	} catch (caught) {
		// A bad setting of the run concerns every item: nothing is sent.
		if (!continueOnFail) throw asNodeError(context, caught, 0);
		return [items.map((_, itemIndex) => bulkOutputItem(plan, { status: 'invalid', given: null, error: errorItem(asNodeError(context, caught, itemIndex), itemIndex) }, itemIndex))];
	}
	const { pacing, campaign } = run;
	// The content hash of each distinct message, for the journal.
	const hashes = new Map<BulkMessage, string>();
	const hashOf = (message: BulkMessage, itemIndex: number) => {
		let hash = hashes.get(message);
		if (hash === undefined) {
			const probe = plan.buildJob.call(context, message, [{ itemIndex, slot: -1, to: RECIPIENT_PLACEHOLDER, address: RECIPIENT_PLACEHOLDER }]);
			hash = hashOfJob(probe, RECIPIENT_PLACEHOLDER);
			hashes.set(message, hash);
		}
		return hash;
	};
	const outcomes: BulkOutcome[] = [];
	const slotItems: number[] = [];
	const firstOf = new Map<string, number>();
	// One object per distinct message, however many items share it: 100,000 items with the
	// same text hold one message, not 100,000 copies of it.
	const messages = new Map<string, BulkMessage>();
	// A job is the output slots of the recipients one request carries; each slot's pending
	// outcome holds its number as the request carries it. Batches go by message object, so
	// only items whose fields are all equal (options included) share a request.
	const batches = new Map<BulkMessage, BulkJob>();
	const jobs: BulkJob[] = [];
	const addSlot = (itemIndex: number, outcome: BulkOutcome) => {
		slotItems.push(itemIndex);
		return outcomes.push(outcome) - 1;
	};
	const recipientsOf = (job: BulkJob): BulkRecipient[] =>
		job.slots.map((slot) => ({ itemIndex: slotItems[slot], slot, to: outcomes[slot].to ?? '', address: outcomes[slot].address ?? '' }));
	const flush = (message: BulkMessage) => {
		const batch = batches.get(message);
		if (!batch || batch.slots.length === 0) return;
		// A copy holds exactly its slots; a growing array would hold room for 16 more.
		jobs.push({ message: batch.message, slots: batch.slots.slice() });
		batch.slots.length = 0;
	};

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let message: BulkMessage;
		let entries: unknown[];
		try {
			message = sharedMessage(messages, plan.readMessage.call(context, itemIndex));
			entries = readRecipients(context, itemIndex);
		} catch (caught) {
			const error = asNodeError(context, caught, itemIndex);
			if (!continueOnFail) throw error;
			addSlot(itemIndex, { status: 'invalid', given: null, error: errorItem(error, itemIndex) });
			continue;
		}
		for (const entry of entries.flatMap((value) => splitOnSpaces(value, message.defaultCountry))) {
			const checked = normalizePhoneNumber(entry, message.defaultCountry);
			const given = typeof entry === 'string' || typeof entry === 'number' ? String(entry) : describeValue(entry);
			if (!checked.valid) {
				const error = invalidField(context, itemIndex, RECIPIENTS_FIELD, checked.reason);
				addSlot(itemIndex, { status: 'invalid', given, error: errorItem(error, itemIndex) });
				continue;
			}
			const identity = `${checked.digits}\u0000${message.key}`;
			const first = firstOf.get(identity);
			if (first !== undefined) {
				addSlot(itemIndex, { status: 'duplicate', given, to: checked.digits, duplicateOf: first });
				continue;
			}
			const dropped = campaign?.screen(campaignRecipient(checked.digits, hashOf(message, itemIndex)));
			if (dropped) {
				addSlot(itemIndex, droppedOutcome(dropped, given, checked.digits));
				continue;
			}
			const address = plan.address(message, checked);
			const slot = addSlot(itemIndex, { status: 'pending', given, to: checked.digits, address });
			firstOf.set(identity, slot);
			const batch = batches.get(message) ?? { message, slots: [] };
			batches.set(message, batch);
			batch.slots.push(slot);
			if (batch.slots.length >= message.batchSize) flush(message);
		}
	}
	for (const message of batches.keys()) flush(message);
	firstOf.clear();
	messages.clear();
	batches.clear();

	const buildJob = (index: number): SendJob<AcceptedId[]> => plan.buildJob.call(context, jobs[index].message, recipientsOf(jobs[index]));
	if (campaign?.dryRun) {
		const requestOf = dryRunRequests(context);
		for (let index = 0; index < jobs.length; index++) {
			const request = await requestOf(buildJob(index));
			for (const slot of jobs[index].slots) {
				const { given, to } = outcomes[slot];
				outcomes[slot] = { status: 'dryRun', given, to, note: 'Dry run: not sent.', campaign: { request } };
			}
		}
		jobs.length = 0;
	}
	const tracker = campaign?.track(pacing.concurrency, (index) =>
		jobs[index].slots.map((slot) => campaignRecipient(outcomes[slot].to ?? '', hashOf(jobs[index].message, slotItems[slot]))),
	);
	let lastProgress = Date.now();
	// The failure that stopped the run, which every recipient not sent names.
	const stop: { by?: FailedReport } = {};
	const reports = await dispatchSends(
		context,
		{
			length: jobs.length,
			job: buildJob,
			itemIndex: (index) => slotItems[jobs[index].slots[0]],
		},
		{
			...pacing,
			stopOn: (report) => {
				if (report.status !== 'failed' || !(FATAL_KINDS.has(report.kind) || report.kind === JOURNAL_FAILURE)) return false;
				stop.by ??= report as FailedReport;
				return true;
			},
			onProgress: (done, total) => {
				if (done !== total && Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
				lastProgress = Date.now();
				context.logger.info(`${plan.provider} Bulk Send: ${done} of ${total} requests done`);
			},
			...trackedDispatch<AcceptedId[]>(tracker, (index) => jobs[index].slots.length, (ids, position) => ids[position]?.messageId ?? null),
		},
	);
	jobs.forEach((job, position) => settle(context, recipientsOf(job), reports[position], outcomes, stop.by));
	const warning = await campaign?.finish();
	if (warning) {
		context.logger.warn(warning);
		for (const job of jobs) for (const slot of job.slots) outcomes[slot].campaign = { ...outcomes[slot].campaign, warning };
	}
	// What the run needed goes before the output items are made, so a long list does not
	// hold both at once.
	jobs.length = 0;
	reports.length = 0;

	const output: INodeExecutionData[] = new Array(outcomes.length);
	for (let slot = 0; slot < outcomes.length; slot++) {
		output[slot] = bulkOutputItem(plan, outcomes[slot], slotItems[slot]);
		outcomes[slot] = RELEASED;
	}
	return [output];
}

type FailedReport = Extract<SendReport<AcceptedId[]>, { status: 'failed' | 'unknown' }>;

interface BulkJob {
	message: BulkMessage;
	slots: number[];
}

const RELEASED: BulkOutcome = { status: 'pending', given: null };

/** The message already read with the same fields, or this one, now the one to share. */
function sharedMessage(messages: Map<string, BulkMessage>, message: BulkMessage): BulkMessage {
	const identity = JSON.stringify(message);
	const known = messages.get(identity);
	if (known) return known;
	messages.set(identity, message);
	return message;
}

/** The recipients field of one item, as a list of entries (text split at separators). */
function readRecipients(context: IExecuteFunctions, itemIndex: number): unknown[] {
	const value = context.getNodeParameter(RECIPIENTS_FIELD.name, itemIndex, '') as unknown;
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		throw invalidField(context, itemIndex, RECIPIENTS_FIELD, `must be numbers separated by commas or a list, got ${describeValue(value)}`);
	}
	const entries = splitNumberList(value);
	if (entries.length === 0) throw invalidField(context, itemIndex, RECIPIENTS_FIELD, 'is empty');
	return entries;
}

/**
 * Numbers may also be separated by spaces, yet a number may contain spaces itself
 * (`+254 701 234 567`): an entry that is not one valid number is split at its spaces only
 * when every part is a valid number; otherwise it is reported whole.
 */
function splitOnSpaces(entry: unknown, defaultCountry: string): unknown[] {
	if (typeof entry !== 'string' || !/\s/.test(entry.trim())) return [entry];
	if (normalizePhoneNumber(entry, defaultCountry).valid) return [entry];
	const parts = entry.trim().split(/\s+/);
	return parts.every((part) => normalizePhoneNumber(part, defaultCountry).valid) ? parts : [entry];
}

/** The output of a recipient a campaign did not send to. */
function droppedOutcome({ status, note, messageId, ...details }: Dropped, given: string | null, to: string): BulkOutcome {
	return { status, given, to, note, messageId: messageId ?? undefined, campaign: details };
}

/** Writes one request's report into the outcome of each of its recipients. */
function settle(
	context: IExecuteFunctions,
	recipients: BulkRecipient[],
	report: SendReport<AcceptedId[]>,
	outcomes: BulkOutcome[],
	stoppedBy: FailedReport | undefined,
): void {
	recipients.forEach((recipient, position) => {
		const base = outcomes[recipient.slot];
		const { given, to } = base;
		if (report.status === 'accepted') {
			const { messageId, note } = report.value[position];
			outcomes[recipient.slot] = { status: 'accepted', given, to, messageId, note, attempts: report.attempts };
		} else if (report.status === 'notSent' || report.kind === JOURNAL_FAILURE) {
			const reason =
				report.status === 'notSent' && report.reason === 'cancelled'
					? 'Not sent: the execution was cancelled before this message started.'
					: report.status === 'failed' || stoppedBy?.kind === JOURNAL_FAILURE
						? `Not sent: the journal could not record it before it left (${(report.status === 'failed' ? report : stoppedBy)?.error.message}).`
						: `Not sent: an earlier request failed with "${stoppedBy?.error.message ?? 'an error'}", and every later one would have failed the same way.`;
			outcomes[recipient.slot] = { status: 'failed', given, to, attempts: 0, error: { error: reason, itemIndex: recipient.itemIndex } };
		} else {
			const error = asNodeError(context, report.error, recipient.itemIndex);
			outcomes[recipient.slot] = { status: report.status, given, to, attempts: report.attempts, error: errorItem(error, recipient.itemIndex) };
		}
	});
}
