/** The output item of one Bulk Send recipient. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

export type BulkStatus = 'accepted' | 'failed' | 'invalid' | 'duplicate' | 'unknown' | 'skipped' | 'optedOut' | 'dryRun';

export interface BulkOutcome {
	status: BulkStatus | 'pending';
	/** The recipient as given (a number that was not text is described). */
	given: string | null;
	/** International digits as sent; absent for an invalid number. */
	to?: string;
	/** While pending: the number as the provider's request carries it (BulkPlan.address). */
	address?: string;
	/** Null when the provider accepted the message but its answer gave no ID (then `note` says so). */
	messageId?: string | null;
	/** Why it has no ID, why a campaign did not send it, or that a dry run did not (docs/campaigns.md). */
	note?: string;
	attempts?: number;
	/** Output position of the first recipient this one repeats. */
	duplicateOf?: number;
	/** The error item, as Continue On Fail writes it. */
	error?: IDataObject;
	/** Campaign details: when the journal saw it before, the dry run's request, a warning. */
	campaign?: IDataObject;
}

export function bulkOutputItem(
	plan: { provider: string; channel: string },
	outcome: BulkOutcome,
	itemIndex: number,
): INodeExecutionData {
	const json: IDataObject = {
		provider: plan.provider,
		channel: plan.channel,
		to: outcome.to ?? null,
		toGiven: outcome.given,
		status: outcome.status === 'pending' ? 'unknown' : outcome.status,
		messageId: outcome.messageId ?? null,
		attempts: outcome.attempts ?? 0,
	};
	if (outcome.duplicateOf !== undefined) {
		json.duplicateOf = outcome.duplicateOf;
		json.note = `Same number and message as output item ${outcome.duplicateOf}; sent once there.`;
	}
	if (outcome.note) json.note = outcome.note;
	if (outcome.campaign) Object.assign(json, outcome.campaign);
	if (outcome.error) {
		const { error, description, httpCode, errorCode } = outcome.error;
		json.error = {
			message: error,
			...(description ? { description } : {}),
			...(errorCode ? { code: errorCode } : {}),
			...(httpCode ? { httpCode } : {}),
		};
	}
	return { json, pairedItem: { item: itemIndex } };
}
