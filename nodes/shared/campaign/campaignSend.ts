/**
 * What the send operations need to plug a campaign into the send engine: the content hash of
 * a job, a job's report per recipient, the send engine's options for the outbox, and the
 * request a dry run shows instead of sending.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { DispatchOptions, SendJob, SendReport } from '../sending/dispatch';
import { fetchCredentials } from '../http/credentials';
import type { CampaignRecipient, RecipientOutcome, SendTracker } from './campaignRun';
import { bodyFields, contentHash } from './messageKey';

/** The hash of what a job sends, but its recipient (`recipient`: how its body writes it). */
export function hashOfJob(job: SendJob<unknown>, recipient: string): string {
	return contentHash({ credentialType: job.call.credentialType, method: job.call.method, body: job.call.body }, recipient);
}

/**
 * Each recipient's outcome in a request's report. `messageIds` reads the accepted value's
 * message ID of the recipient at a position (null when the answer gave none).
 */
export function recipientOutcomes<R>(
	report: SendReport<R>,
	count: number,
	messageIds: (value: R, position: number) => string | null,
): RecipientOutcome[] {
	return Array.from({ length: count }, (_, position): RecipientOutcome => {
		if (report.status === 'accepted') return { status: 'accepted', messageId: messageIds(report.value, position) };
		if (report.status === 'notSent') return { status: 'notSent' };
		return { status: report.status };
	});
}

/** The send engine's options that run the outbox. */
export function trackedDispatch<R>(
	tracker: SendTracker | undefined,
	recipientCount: (job: number) => number,
	messageIds: (value: R, position: number) => string | null,
): Pick<DispatchOptions<R>, 'beforeStart' | 'startAhead' | 'onReport'> {
	if (!tracker) return {};
	return {
		beforeStart: async (job) => await tracker.beforeStart(job),
		startAhead: tracker.ahead,
		onReport: (job, report) => tracker.afterReport(job, recipientOutcomes(report, recipientCount(job), messageIds)),
	};
}

/** The request a dry run shows: what would have been sent, before the credential signs it. */
export interface DryRunRequest extends IDataObject {
	method: string;
	url: string;
	contentType: string;
	body: IDataObject;
}

/** Builds the requests a dry run shows, resolving each credential's URL once. */
export function dryRunRequests(context: IExecuteFunctions): (job: SendJob<unknown>) => Promise<DryRunRequest> {
	const credentials = new Map<string, Promise<ICredentialDataDecryptedObject>>();
	return async (job) => {
		const { call } = job;
		let url = typeof call.url === 'string' ? call.url : '';
		if (typeof call.url === 'function') {
			let data = credentials.get(call.credentialType);
			if (!data) {
				data = fetchCredentials(context, call.credentialType, job.itemIndex).then((fetched) => fetched.data ?? {});
				credentials.set(call.credentialType, data);
			}
			url = call.url(await data);
		}
		const form = call.body instanceof URLSearchParams;
		return {
			method: call.method,
			url,
			contentType: form ? 'application/x-www-form-urlencoded' : 'application/json',
			body: bodyFields(call.body),
		};
	};
}

/** The campaign recipient of a number given as international digits. */
export const campaignRecipient = (digits: string, hash: string): CampaignRecipient => ({ e164: `+${digits}`, hash });
